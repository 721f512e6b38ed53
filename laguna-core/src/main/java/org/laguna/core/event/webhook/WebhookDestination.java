package org.laguna.core.event.webhook;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.laguna.core.db.Database;
import org.laguna.core.event.EventDestination;
import org.laguna.core.event.OutboxMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hermes's destination for webhooks: it hands each event to the enabled webhooks whose filter
 * takes it by writing one delivery per webhook in one transaction ({@code webhook_deliveries}, the
 * webhooks' own durable queue), which {@link WebhookSender} then POSTs with its retries. Writing a
 * delivery twice (hermes died before recording this destination's progress) does nothing, so a
 * webhook gets each event once from here; the sender makes it at least once.
 */
public final class WebhookDestination implements EventDestination {
    public static final String NAME = "webhook";
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDestination.class);

    private final Database database;
    private final Clock clock;

    public WebhookDestination(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int deliver(List<OutboxMessage> messages) {
        try {
            database.inTransactionVoid(tx -> {
                if (WebhookStore.anyEnabled(tx)) {
                    WebhookStore.fanOut(tx, messages, clock.instant());
                }
            });
            return messages.size();
        } catch (RuntimeException e) {
            LOG.warn("Cannot queue {} events for the webhooks: {}", messages.size(), e.getMessage());
            return 0;
        }
    }
}
