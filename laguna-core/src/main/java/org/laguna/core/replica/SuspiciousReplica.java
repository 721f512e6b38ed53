package org.laguna.core.replica;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A replica declared suspicious: how many declarations count, the latest, and whether it is the
 * last available copy of its file (which is reported, never declared bad for being suspicious).
 */
public record SuspiciousReplica(String scope, String name, String rse, UUID rseId, long count, Instant createdAt, boolean lastCopy) {
    public SuspiciousReplica {
        Objects.requireNonNull(scope, "scope is null");
        Objects.requireNonNull(name, "name is null");
        Objects.requireNonNull(rse, "rse is null");
        Objects.requireNonNull(rseId, "rseId is null");
        Objects.requireNonNull(createdAt, "createdAt is null");
    }
}
