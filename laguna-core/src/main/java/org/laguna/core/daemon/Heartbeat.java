package org.laguna.core.daemon;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A heartbeat row: a daemon instance that was alive at {@code updatedAt}. */
public record Heartbeat(DaemonInstance instance, String threadName, Optional<String> payload, Instant createdAt, Instant updatedAt) {
    public Heartbeat {
        Objects.requireNonNull(instance, "instance is null");
        Objects.requireNonNull(threadName, "threadName is null");
        Objects.requireNonNull(payload, "payload is null");
        Objects.requireNonNull(createdAt, "createdAt is null");
        Objects.requireNonNull(updatedAt, "updatedAt is null");
    }
}
