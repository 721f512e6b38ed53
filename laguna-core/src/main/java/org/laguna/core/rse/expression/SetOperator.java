package org.laguna.core.rse.expression;

/** The operators of the expression language; all bind equally and apply from left to right. */
public enum SetOperator {
    UNION('|'),
    INTERSECTION('&'),
    COMPLEMENT('\\');

    private final char symbol;

    SetOperator(char symbol) {
        this.symbol = symbol;
    }

    public char symbol() {
        return symbol;
    }

    /** The operator written as {@code symbol}, or null when the character is not an operator. */
    static SetOperator of(char symbol) {
        for (SetOperator operator : values()) {
            if (operator.symbol == symbol) {
                return operator;
            }
        }
        return null;
    }
}
