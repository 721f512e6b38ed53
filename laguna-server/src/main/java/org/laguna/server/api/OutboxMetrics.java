package org.laguna.server.api;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.event.MessageService;

/**
 * The outbox in {@code /metrics}: {@code laguna_outbox_backlog{destination}}, the events each
 * destination of hermes does not have yet, and {@code laguna_outbox_pending}, the events not yet
 * delivered everywhere. Counted at most once a second, however often the metrics are read.
 */
public final class OutboxMetrics {
    private static final Duration FRESH = Duration.ofSeconds(1);

    private final MessageService messages;
    private final List<String> destinations;
    private Map<String, Long> counts = Map.of();
    private long countedAt;

    public OutboxMetrics(MessageService messages, List<String> destinations) {
        this.messages = Objects.requireNonNull(messages, "messages is null");
        this.destinations = List.copyOf(destinations);
    }

    public void bindTo(MeterRegistry registry) {
        Gauge.builder("laguna.outbox.pending", this, m -> m.count(""))
                .description("Events in the outbox not yet delivered to every destination").strongReference(true).register(registry);
        for (String destination : destinations) {
            Gauge.builder("laguna.outbox.backlog", this, m -> m.count(destination)).tag("destination", destination)
                    .description("Events in the outbox the destination does not have yet").strongReference(true).register(registry);
        }
    }

    private synchronized double count(String destination) {
        long now = System.nanoTime();
        if (counts.isEmpty() || now - countedAt > FRESH.toNanos()) {
            counts = messages.backlog(destinations);
            countedAt = now;
        }
        return counts.getOrDefault(destination, 0L);
    }
}
