package org.laguna.core.rse.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.laguna.spi.error.LagunaException;

/**
 * Recursive descent over Rucio's grammar: {@code expression := operand (operator operand)*} and
 * {@code operand := '(' expression ')' | primitive}. Operators have no precedence among themselves;
 * a chain is grouped from the left, as Rucio evaluates it. Like Rucio, the parentheses are checked
 * first, then the rest of the syntax, and only then the values that typed RSE columns refuse
 * (Rucio finds those while evaluating, from left to right).
 */
final class ExpressionParser {
    private static final String ALLOWED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-=<>*()|&\\";

    private final String text;
    private int position;
    private LagunaException refusedValue;

    private ExpressionParser(String text) {
        this.text = text;
    }

    static ExpressionNode parse(String text) {
        checkParentheses(text);
        checkCharacters(text);
        ExpressionParser parser = new ExpressionParser(text);
        ExpressionNode root = parser.expression();
        if (parser.position != text.length()) {
            throw parser.fail("unexpected '" + text.charAt(parser.position) + "' at position " + parser.position);
        }
        if (parser.refusedValue != null) {
            throw parser.refusedValue;
        }
        return root;
    }

    private static void checkParentheses(String text) {
        int open = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                open++;
                if (open > RseExpression.MAX_NESTING) {
                    throw ExpressionSyntax.invalid(text, "Problem with parentheses: nested deeper than " + RseExpression.MAX_NESTING
                            + " at position " + i);
                }
            } else if (c == ')') {
                open--;
                if (open < 0) {
                    throw ExpressionSyntax.invalid(text, "Problem with parentheses: ')' at position " + i + " closes nothing");
                }
            }
        }
        if (open > 0) {
            throw ExpressionSyntax.invalid(text, "Problem with parentheses: " + open + " '(' not closed");
        }
    }

    private static void checkCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (ALLOWED.indexOf(text.charAt(i)) < 0) {
                throw ExpressionSyntax.invalid(text, "illegal character '"
                        + ExpressionSyntax.printable(String.valueOf(text.charAt(i))) + "' at position " + i);
            }
        }
    }

    private ExpressionNode expression() {
        ExpressionNode first = operand();
        List<OperatorChain.Step> steps = new ArrayList<>();
        while (position < text.length() && text.charAt(position) != ')') {
            char symbol = text.charAt(position);
            SetOperator operator = SetOperator.of(symbol);
            if (operator == null) {
                throw fail("unexpected '" + symbol + "' at position " + position
                        + ": expected '|', '&', '\\', ')' or the end");
            }
            position++;
            if (position == text.length()) {
                throw fail("the operator '" + symbol + "' at the end has no right operand");
            }
            steps.add(new OperatorChain.Step(operator, operand()));
        }
        return steps.isEmpty() ? first : new OperatorChain(first, steps);
    }

    private ExpressionNode operand() {
        if (position == text.length()) {
            throw fail("an operand is missing at the end");
        }
        char c = text.charAt(position);
        if (c == '(') {
            position++;
            ExpressionNode inner = expression();
            // the parentheses are balanced, so the inner expression stops at its ')'
            position++;
            return inner;
        }
        if (c == '*') {
            position++;
            return new AnyRse();
        }
        if (c == ')' || SetOperator.of(c) != null) {
            throw fail("an operand is missing before '" + c + "' at position " + position);
        }
        return primitive();
    }

    private Primitive primitive() {
        Matcher attribute = ExpressionSyntax.ATTRIBUTE.matcher(text).region(position, text.length());
        if (attribute.lookingAt()) {
            position = attribute.end();
            String token = attribute.group();
            int at = firstComparator(token);
            String key = token.substring(0, at);
            String value = token.substring(at + 1);
            char comparator = token.charAt(at);
            if (comparator != '=') {
                return new AttributeComparison(key, ComparisonOperator.of(comparator), value);
            }
            try {
                return new AttributeEquals(key, value);
            } catch (LagunaException e) {
                // a typed column refused the value; report it once the whole syntax is known to be right
                refusedValue = refusedValue == null ? e : refusedValue;
                return new AnyRse();
            }
        }
        Matcher name = ExpressionSyntax.NAME.matcher(text).region(position, text.length());
        if (name.lookingAt()) {
            position = name.end();
            return new RseTag(name.group());
        }
        throw fail("'" + text.charAt(position) + "' at position " + position
                + " does not start an RSE name, an attribute test or '*'");
    }

    private static int firstComparator(String token) {
        int at = 0;
        while ("=<>".indexOf(token.charAt(at)) < 0) {
            at++;
        }
        return at;
    }

    private RuntimeException fail(String why) {
        return ExpressionSyntax.invalid(text, "Expression does not comply to RSE Expression syntax: " + why);
    }
}
