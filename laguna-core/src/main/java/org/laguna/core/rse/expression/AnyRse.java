package org.laguna.core.rse.expression;

/** {@code *}: every RSE. */
public record AnyRse() implements Primitive {
    @Override
    public boolean matches(RseCandidate candidate) {
        return true;
    }

    @Override
    public String toString() {
        return "*";
    }
}
