package org.laguna.core.rse.expression;

/** The numeric tests {@code key<number} and {@code key>number}. */
public enum ComparisonOperator {
    LESS('<'),
    GREATER('>');

    private final char symbol;

    ComparisonOperator(char symbol) {
        this.symbol = symbol;
    }

    public char symbol() {
        return symbol;
    }

    static ComparisonOperator of(char symbol) {
        return symbol == '<' ? LESS : symbol == '>' ? GREATER : null;
    }

    boolean test(double actual, double bound) {
        return this == LESS ? actual < bound : actual > bound;
    }
}
