package org.laguna.core.did.filter;

import java.math.BigDecimal;
import java.time.Instant;

/** A typed value of a DID filter condition; {@code raw} is the text the caller wrote. */
public sealed interface FilterValue {
    String raw();

    record Text(String raw) implements FilterValue {
        /** True if the text holds a wildcard ({@code *} or {@code %}). */
        public boolean isWildcard() {
            return raw.indexOf('*') >= 0 || raw.indexOf('%') >= 0;
        }

        /** True if the text matches everything ({@code *} or {@code %} alone). */
        public boolean matchesAll() {
            return raw.equals("*") || raw.equals("%");
        }
    }

    record Num(BigDecimal value, String raw) implements FilterValue {
    }

    record Bool(boolean value) implements FilterValue {
        @Override
        public String raw() {
            return Boolean.toString(value);
        }
    }

    record Date(Instant value, String raw) implements FilterValue {
    }

    record Null() implements FilterValue {
        @Override
        public String raw() {
            return "None";
        }
    }
}
