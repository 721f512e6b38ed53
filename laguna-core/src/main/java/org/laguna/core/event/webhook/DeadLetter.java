package org.laguna.core.event.webhook;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A delivery that failed {@code hermes.webhook.max-attempts} times: the event (its outbox id, type,
 * ordering key and the body that was sent), the attempts, and the last answer or error.
 */
public record DeadLetter(long id, String webhookId, long messageId, String eventType, String orderingKey, String body, int attempts,
        Optional<Integer> lastStatus, String lastError, Instant createdAt, Instant failedAt) {
    public DeadLetter {
        Objects.requireNonNull(webhookId, "webhookId is null");
        Objects.requireNonNull(eventType, "eventType is null");
        Objects.requireNonNull(orderingKey, "orderingKey is null");
        Objects.requireNonNull(body, "body is null");
        Objects.requireNonNull(lastStatus, "lastStatus is null");
        Objects.requireNonNull(lastError, "lastError is null");
        Objects.requireNonNull(createdAt, "createdAt is null");
        Objects.requireNonNull(failedAt, "failedAt is null");
    }
}
