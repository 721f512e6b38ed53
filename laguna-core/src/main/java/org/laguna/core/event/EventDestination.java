package org.laguna.core.event;

import java.util.List;

/**
 * Where hermes delivers events: a STOMP broker today; e-mail and webhooks plug in the same way.
 * Each destination has its own progress in the outbox (the events it has), so one that is down
 * delays only itself.
 */
public interface EventDestination extends AutoCloseable {
    /** Stable name, recorded with each event delivered ({@code stomp}; later e.g. {@code email}, {@code webhook:ID}). */
    String name();

    /** Whether to try now; false while backing off after a failure. */
    default boolean ready() {
        return true;
    }

    /**
     * Delivers the events in the given order and returns how many of them, from the first on, the
     * receiver confirmed (all of them on success, fewer when it failed on the way; failures are
     * handled here, by logging and backing off, not thrown). Events after an unconfirmed one are
     * retried later, so the order per DID holds.
     */
    int deliver(List<OutboxMessage> messages);

    @Override
    default void close() {
    }
}
