package org.laguna.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.laguna.core.monitoring.CatalogueMonitor;
import org.laguna.core.monitoring.CatalogueMonitor.RequestGroup;
import org.laguna.core.monitoring.CatalogueMonitor.Snapshot;

/**
 * Gauges of what the catalogue holds, read again when {@code /metrics} is scraped and the last
 * reading is older than the refresh interval ({@code metrics.catalogue-refresh}): rules by state,
 * transfer requests by state, activity and link (count and bytes), transfers ended within the
 * window ({@code metrics.transfer-window}) by state, activity and link, and every daemon's backlog
 * (items waiting and the age of the oldest). Every server process reports the same values, so a
 * dashboard takes their maximum.
 */
public final class CatalogueMetrics {
    private final CatalogueMonitor monitor;
    private final Clock clock;
    private final Duration refresh;
    private final Duration window;
    private final MultiGauge rules;
    private final MultiGauge requests;
    private final MultiGauge requestBytes;
    private final MultiGauge finished;
    private final MultiGauge finishedBytes;
    private final MultiGauge backlogItems;
    private final MultiGauge backlogAge;
    private Instant readAt;

    public CatalogueMetrics(CatalogueMonitor monitor, MeterRegistry registry, Clock clock, Duration refresh, Duration window) {
        this.monitor = Objects.requireNonNull(monitor, "monitor is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.refresh = Objects.requireNonNull(refresh, "refresh is null");
        this.window = Objects.requireNonNull(window, "window is null");
        this.rules = gauge(registry, "laguna.rules", "Replication rules by state", null);
        this.requests = gauge(registry, "laguna.transfers.requests", "Transfer requests by state, activity and link", null);
        this.requestBytes = gauge(registry, "laguna.transfers.requests.bytes", "Bytes of the transfer requests by state, activity and link",
                "bytes");
        this.finished = gauge(registry, "laguna.transfers.finished", "Transfers that ended within the window, by state, activity and link",
                null);
        this.finishedBytes = gauge(registry, "laguna.transfers.finished.bytes", "Bytes of the transfers that ended within the window", "bytes");
        this.backlogItems = gauge(registry, "laguna.daemon.backlog.items", "Items waiting for each daemon", null);
        this.backlogAge = gauge(registry, "laguna.daemon.backlog.oldest", "Age of the oldest item waiting for each daemon", "seconds");
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String description, String unit) {
        MultiGauge.Builder builder = MultiGauge.builder(name).description(description);
        return (unit == null ? builder : builder.baseUnit(unit)).register(registry);
    }

    /** Reads the catalogue again when the last reading is older than the refresh interval. */
    public synchronized void refreshIfDue() {
        Instant now = clock.instant();
        if (readAt != null && readAt.plus(refresh).isAfter(now)) {
            return;
        }
        publish(monitor.snapshot(window));
        readAt = now;
    }

    private void publish(Snapshot snapshot) {
        rules.register(snapshot.rules().stream().map(r -> MultiGauge.Row.of(Tags.of("state", r.state()), r.count())).toList(), true);
        requests.register(rows(snapshot.requests(), RequestGroup::count), true);
        requestBytes.register(rows(snapshot.requests(), RequestGroup::bytes), true);
        finished.register(rows(snapshot.finished(), RequestGroup::count), true);
        finishedBytes.register(rows(snapshot.finished(), RequestGroup::bytes), true);
        backlogItems.register(snapshot.backlogs().stream().map(b -> MultiGauge.Row.of(Tags.of("daemon", b.daemon()), b.items())).toList(),
                true);
        backlogAge.register(snapshot.backlogs().stream().map(b -> MultiGauge.Row.of(Tags.of("daemon", b.daemon()), b.oldestSeconds()))
                .toList(), true);
    }

    private static List<MultiGauge.Row<?>> rows(List<RequestGroup> groups, ToDoubleFunction<RequestGroup> value) {
        return groups.stream().<MultiGauge.Row<?>>map(g -> MultiGauge.Row.of(Tags.of("state", g.state(), "activity", g.activity(),
                "source", g.source(), "destination", g.destination()), value.applyAsDouble(g))).toList();
    }
}
