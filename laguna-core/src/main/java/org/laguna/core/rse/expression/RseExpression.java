package org.laguna.core.rse.expression;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * An RSE expression of Rucio, parsed once and evaluated against any set of RSEs. Primitives are an
 * RSE name (or tag), {@code key=value}, {@code key<number}, {@code key>number} and {@code *};
 * operators are {@code |} (union), {@code &} (intersection) and {@code \} (complement), all of equal
 * precedence and applied from left to right, with parentheses for grouping:
 * {@code A|B&C} means {@code (A|B)&C}. Instances are immutable and may be cached and shared.
 */
public final class RseExpression {
    /** The longest expression accepted (the length of Rucio's rse_expression columns). */
    public static final int MAX_LENGTH = 3000;
    /** How deep parentheses may nest (Rucio itself gives up somewhere below a thousand). */
    public static final int MAX_NESTING = 100;
    /** Rucio's message when an expression selects no RSE. */
    public static final String EMPTY_SET_MESSAGE = "RSE Expression resulted in an empty set.";

    private static final Comparator<RseCandidate> BY_NAME =
            Comparator.comparing(RseCandidate::name).thenComparing(RseCandidate::id);

    private final String text;
    private final ExpressionNode root;

    private RseExpression(String text, ExpressionNode root) {
        this.text = text;
        this.root = root;
    }

    /**
     * Parses an expression.
     *
     * @throws LagunaException INVALID_RSE_EXPRESSION for bad syntax; INVALID_OBJECT for a value
     *     that a typed RSE column refuses ({@code rse_type=disk}, {@code deterministic=yes})
     */
    public static RseExpression parse(String expression) {
        if (expression == null) {
            throw new LagunaException(ErrorCode.INVALID_RSE_EXPRESSION, "Invalid RSE expression: it is missing");
        }
        if (expression.isEmpty()) {
            throw ExpressionSyntax.invalid(expression, "it is empty");
        }
        if (expression.length() > MAX_LENGTH) {
            throw ExpressionSyntax.invalid(expression.substring(0, 60) + "...",
                    "it has " + expression.length() + " characters, more than " + MAX_LENGTH);
        }
        return new RseExpression(expression, ExpressionParser.parse(expression));
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    /** The parsed form. */
    public ExpressionNode root() {
        return root;
    }

    /** Whether one RSE belongs to the set the expression selects. */
    public boolean matches(RseCandidate candidate) {
        return root.matches(Objects.requireNonNull(candidate, "candidate is null"));
    }

    /**
     * The RSEs the expression selects, ordered by name.
     *
     * @throws LagunaException INVALID_RSE_EXPRESSION with {@link #EMPTY_SET_MESSAGE} when none is selected
     */
    public List<RseCandidate> resolve(Collection<RseCandidate> candidates) {
        List<RseCandidate> selected = resolveOrEmpty(candidates);
        if (selected.isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_RSE_EXPRESSION, EMPTY_SET_MESSAGE);
        }
        return selected;
    }

    /** The RSEs the expression selects, ordered by name; possibly none. */
    public List<RseCandidate> resolveOrEmpty(Collection<RseCandidate> candidates) {
        return candidates.stream().filter(root::matches).distinct().sorted(BY_NAME).toList();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RseExpression that && that.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
