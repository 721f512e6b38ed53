package org.laguna.core.rule;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * An RSE a rule may place copies on, as the selector sees it. Quotas and space are in bytes;
 * {@link #UNLIMITED} means no limit. {@code globalQuotas} names the global account limits
 * (by their RSE expression) that this RSE counts against.
 */
public record TargetRse(UUID id, String name, double weight, boolean writable, long quotaLeft, long spaceLeft,
                        Set<String> globalQuotas) {
    public static final long UNLIMITED = Long.MAX_VALUE;

    public TargetRse {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(name, "name is null");
        globalQuotas = Set.copyOf(globalQuotas);
        if (weight < 0 || Double.isNaN(weight)) {
            throw new IllegalArgumentException("weight must be a non-negative number: " + weight);
        }
    }

    /** An RSE with weight 1, writable, without limits. */
    public static TargetRse unlimited(UUID id, String name) {
        return new TargetRse(id, name, 1, true, UNLIMITED, UNLIMITED, Set.of());
    }
}
