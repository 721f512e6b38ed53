package org.laguna.core.event.webhook;

import java.util.Objects;

/** One event owed to one webhook, as the sender reads it: where to, the body and the secret to sign it with. */
record Delivery(long id, String webhookId, String url, long messageId, String eventType, String orderingKey, String body, int attempts,
        WebhookSecrets.Stored secret) {
    Delivery {
        Objects.requireNonNull(webhookId, "webhookId is null");
        Objects.requireNonNull(url, "url is null");
        Objects.requireNonNull(eventType, "eventType is null");
        Objects.requireNonNull(orderingKey, "orderingKey is null");
        Objects.requireNonNull(body, "body is null");
        Objects.requireNonNull(secret, "secret is null");
    }

    /** The queue this delivery waits in: its webhook and ordering key. */
    String queue() {
        return webhookId + "\n" + orderingKey;
    }
}
