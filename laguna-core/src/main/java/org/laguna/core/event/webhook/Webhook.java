package org.laguna.core.event.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered webhook as administrators see it (never its secret): the event types it takes
 * (empty: all), whether it is enabled, and the deliveries it is owed, pending and dead.
 */
public record Webhook(String id, String url, List<String> eventTypes, boolean enabled, String createdBy, Instant createdAt, long pending,
        long deadLetters, Optional<String> lastError) {
    public Webhook {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(url, "url is null");
        eventTypes = List.copyOf(eventTypes);
        Objects.requireNonNull(createdBy, "createdBy is null");
        Objects.requireNonNull(createdAt, "createdAt is null");
        Objects.requireNonNull(lastError, "lastError is null");
    }
}
