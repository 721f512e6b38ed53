package org.laguna.core.rse.expression;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * A parsed RSE expression: a set algebra over RSE attributes. Primitives are an RSE name,
 * {@code key=value}, {@code key<number}, {@code key>number} and {@code *}; operators are
 * {@code |} (union), {@code &} (intersection) and {@code \} (complement), applied strictly from
 * left to right, with parentheses for grouping. Parse once, evaluate many times.
 */
public final class RseExpression {
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9._-]+[=<>][A-Za-z0-9_-]+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]+([_-][A-Za-z0-9]+)*");
    private static final int MAX_LENGTH = 3000;

    private final String text;
    private final Node root;

    private RseExpression(String text, Node root) {
        this.text = text;
        this.root = root;
    }

    public static RseExpression parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw invalid(String.valueOf(expression), "it is empty");
        }
        if (expression.length() > MAX_LENGTH) {
            throw invalid(expression.substring(0, 40) + "...", "it is longer than " + MAX_LENGTH + " characters");
        }
        Parser parser = new Parser(expression);
        Node node = parser.term();
        if (parser.position != expression.length()) {
            throw invalid(expression, parser.position < expression.length() && expression.charAt(parser.position) == ')'
                    ? "Problem with parentheses." : "unexpected '" + expression.charAt(parser.position) + "' at position " + parser.position);
        }
        return new RseExpression(expression, node);
    }

    public String text() {
        return text;
    }

    /** The matching RSEs ordered by name; an empty result is an error, as in Rucio. */
    public List<RseCandidate> resolve(Collection<RseCandidate> candidates) {
        List<RseCandidate> result = resolveOrEmpty(candidates);
        if (result.isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_RSE_EXPRESSION, "RSE Expression resulted in an empty set.");
        }
        return result;
    }

    /** The matching RSEs ordered by name, possibly none. */
    public List<RseCandidate> resolveOrEmpty(Collection<RseCandidate> candidates) {
        return root.eval(Set.copyOf(candidates)).stream()
                .sorted(Comparator.comparing(RseCandidate::name))
                .toList();
    }

    @Override
    public String toString() {
        return text;
    }

    private static LagunaException invalid(String expression, String why) {
        return new LagunaException(ErrorCode.INVALID_RSE_EXPRESSION, "Invalid RSE expression '" + expression + "': " + why);
    }

    private sealed interface Node permits All, Equals, Compare, Operation {
        Set<RseCandidate> eval(Set<RseCandidate> all);
    }

    private record All() implements Node {
        @Override
        public Set<RseCandidate> eval(Set<RseCandidate> all) {
            return all;
        }
    }

    private record Equals(String key, String value) implements Node {
        @Override
        public Set<RseCandidate> eval(Set<RseCandidate> all) {
            Set<RseCandidate> out = new LinkedHashSet<>();
            for (RseCandidate candidate : all) {
                if (matches(candidate.attributes().get(key))) {
                    out.add(candidate);
                }
            }
            return out;
        }

        private boolean matches(Object attribute) {
            if (attribute == null) {
                return false;
            }
            if (attribute instanceof Boolean b) {
                String v = value.toLowerCase(Locale.ROOT);
                return b ? v.equals("true") || v.equals("1") : v.equals("false") || v.equals("0");
            }
            if (attribute instanceof Number n) {
                try {
                    return Double.parseDouble(value) == n.doubleValue();
                } catch (NumberFormatException e) {
                    return false;
                }
            }
            return attribute.toString().equals(value);
        }
    }

    private record Compare(String key, double bound, boolean smaller) implements Node {
        @Override
        public Set<RseCandidate> eval(Set<RseCandidate> all) {
            Set<RseCandidate> out = new LinkedHashSet<>();
            for (RseCandidate candidate : all) {
                Double number = number(candidate.attributes().get(key));
                if (number != null && (smaller ? number < bound : number > bound)) {
                    out.add(candidate);
                }
            }
            return out;
        }

        private static Double number(Object value) {
            if (value instanceof Number n) {
                return n.doubleValue();
            }
            if (value instanceof String s) {
                try {
                    return Double.parseDouble(s.trim());
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }
    }

    private record Operation(char operator, Node left, Node right) implements Node {
        @Override
        public Set<RseCandidate> eval(Set<RseCandidate> all) {
            Set<RseCandidate> result = new LinkedHashSet<>(left.eval(all));
            Set<RseCandidate> other = right.eval(all);
            switch (operator) {
                case '|' -> result.addAll(other);
                case '&' -> result.retainAll(other);
                default -> result.removeAll(other);
            }
            return result;
        }
    }

    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        /** operand (operator operand)*, left to right. */
        Node term() {
            Node left = operand();
            while (position < text.length() && isOperator(text.charAt(position))) {
                char operator = text.charAt(position++);
                if (position >= text.length()) {
                    throw invalid(text, "operator '" + operator + "' at the end has no right-hand side");
                }
                left = new Operation(operator, left, operand());
            }
            return left;
        }

        private Node operand() {
            if (position >= text.length()) {
                throw invalid(text, "an operand is missing at position " + position);
            }
            char c = text.charAt(position);
            if (c == '(') {
                position++;
                Node inner = term();
                if (position >= text.length() || text.charAt(position) != ')') {
                    throw invalid(text, "Problem with parentheses.");
                }
                position++;
                return inner;
            }
            if (c == '*') {
                position++;
                return new All();
            }
            return primitive();
        }

        private Node primitive() {
            Matcher attribute = ATTRIBUTE.matcher(text).region(position, text.length());
            if (attribute.lookingAt()) {
                String token = attribute.group();
                position = attribute.end();
                int at = indexOfComparator(token);
                String key = token.substring(0, at);
                String value = token.substring(at + 1);
                return switch (token.charAt(at)) {
                    case '=' -> new Equals(key, value);
                    default -> {
                        try {
                            yield new Compare(key, Double.parseDouble(value), token.charAt(at) == '<');
                        } catch (NumberFormatException e) {
                            throw invalid(text, "'" + value + "' in '" + token + "' is not a number");
                        }
                    }
                };
            }
            Matcher name = NAME.matcher(text).region(position, text.length());
            if (name.lookingAt()) {
                position = name.end();
                return new Equals(name.group(), "true");
            }
            char c = text.charAt(position);
            throw invalid(text, isOperator(c) || c == ')' ? "an operand is missing at position " + position
                    : "unexpected '" + c + "' at position " + position);
        }

        private static int indexOfComparator(String token) {
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c == '=' || c == '<' || c == '>') {
                    return i;
                }
            }
            throw new IllegalStateException("no comparator in " + token);
        }

        private static boolean isOperator(char c) {
            return c == '|' || c == '&' || c == '\\';
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RseExpression e && e.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }
}
