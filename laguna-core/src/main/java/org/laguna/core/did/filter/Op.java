package org.laguna.core.did.filter;

import java.util.Optional;

/** Comparison operators of DID filters, with Rucio's key suffixes ({@code key.gte}). */
public enum Op {
    EQ("", "="), NE("ne", "<>"), GT("gt", ">"), LT("lt", "<"), GE("gte", ">="), LE("lte", "<=");

    private final String suffix;
    private final String sql;

    Op(String suffix, String sql) {
        this.suffix = suffix;
        this.sql = sql;
    }

    public String suffix() {
        return suffix;
    }

    public String sql() {
        return sql;
    }

    public boolean isEquality() {
        return this == EQ || this == NE;
    }

    public static Optional<Op> fromSuffix(String suffix) {
        for (Op op : values()) {
            if (op.suffix.equals(suffix)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
