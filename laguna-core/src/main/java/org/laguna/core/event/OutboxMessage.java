package org.laguna.core.event;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One event of the outbox or of its history: the payload as JSON text, the destinations that have
 * it, and when it was delivered to all of them (empty while pending).
 */
public record OutboxMessage(long id, String eventType, String payload, String orderingKey, List<String> deliveredTo, Instant createdAt,
        Optional<Instant> deliveredAt) {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    public OutboxMessage {
        Objects.requireNonNull(eventType, "eventType is null");
        Objects.requireNonNull(payload, "payload is null");
        Objects.requireNonNull(orderingKey, "orderingKey is null");
        deliveredTo = List.copyOf(deliveredTo);
        Objects.requireNonNull(createdAt, "createdAt is null");
        Objects.requireNonNull(deliveredAt, "deliveredAt is null");
    }

    /** The body Rucio's hermes sends to a broker: {@code {"event_type", "payload", "created_at"}}, the type lower-cased. */
    public String brokerBody() {
        return "{\"event_type\":" + quote(wireType()) + ",\"payload\":" + payload + ",\"created_at\":"
                + quote(DATE.format(createdAt)) + "}";
    }

    /** The event type as delivered (lower case, as Rucio's hermes sends it). */
    public String wireType() {
        return eventType.toLowerCase(Locale.ROOT);
    }

    private static String quote(String text) {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + '"';
    }
}
