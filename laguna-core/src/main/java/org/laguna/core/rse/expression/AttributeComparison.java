package org.laguna.core.rse.expression;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * {@code key<bound} or {@code key>bound}: the RSEs whose attribute {@code key} is a number below or
 * above the bound. Both sides are read with Python's {@code float()} as Rucio does, so a stored
 * boolean counts as 1 or 0, {@code 1_000} is a thousand and {@code inf} is infinite. An attribute
 * that is not a number never matches, and neither does any RSE when the bound is not a number
 * ({@code key>abc} is valid syntax that selects nothing).
 */
public record AttributeComparison(String key, ComparisonOperator operator, String bound) implements Primitive {
    public AttributeComparison {
        ExpressionSyntax.requireMatch(ExpressionSyntax.KEY, key, "attribute key");
        Objects.requireNonNull(operator, "operator is null");
        ExpressionSyntax.requireMatch(ExpressionSyntax.VALUE, bound, "numeric bound");
    }

    /** The bound as a number, or empty when it is not one. */
    public OptionalDouble numericBound() {
        return RucioValues.parseFloat(bound);
    }

    @Override
    public boolean matches(RseCandidate candidate) {
        Object stored = candidate.attributes().get(key);
        if (stored == null) {
            return false;
        }
        OptionalDouble actual = RucioValues.asFloat(stored);
        OptionalDouble limit = numericBound();
        return actual.isPresent() && limit.isPresent() && operator.test(actual.getAsDouble(), limit.getAsDouble());
    }

    @Override
    public String toString() {
        return key + operator.symbol() + bound;
    }
}
