package org.laguna.core.did.filter;

import java.util.Objects;

/** One AND-ed condition of a filter: {@code key op value}. */
public record Condition(String key, Op op, FilterValue value) {
    public Condition {
        Objects.requireNonNull(key, "key is null");
        Objects.requireNonNull(op, "op is null");
        Objects.requireNonNull(value, "value is null");
    }

    @Override
    public String toString() {
        return key + (op.suffix().isEmpty() ? "" : "." + op.suffix()) + "=" + value.raw();
    }
}
