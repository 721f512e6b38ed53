package org.laguna.server.daemon;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;

/**
 * Counts a daemon's cycles, the items they handled and the cycles that failed, and times each
 * cycle; every meter is tagged with the daemon's name. Prometheus shows them as
 * {@code laguna_daemon_cycles_total}, {@code laguna_daemon_items_total},
 * {@code laguna_daemon_failures_total} and {@code laguna_daemon_cycle_duration_seconds}.
 */
public final class MeteredDaemon implements Daemon {
    private final Daemon delegate;
    private final Counter cycles;
    private final Counter items;
    private final Counter failures;
    private final Timer duration;

    public MeteredDaemon(Daemon delegate, MeterRegistry registry) {
        this.delegate = Objects.requireNonNull(delegate, "delegate is null");
        Objects.requireNonNull(registry, "registry is null");
        String name = delegate.name();
        this.cycles = Counter.builder("laguna.daemon.cycles").tag("daemon", name)
                .description("Calls of the daemon's runOnce").register(registry);
        this.items = Counter.builder("laguna.daemon.items").tag("daemon", name)
                .description("Items the daemon handled").register(registry);
        this.failures = Counter.builder("laguna.daemon.failures").tag("daemon", name)
                .description("Cycles of the daemon that ended with an exception").register(registry);
        this.duration = Timer.builder("laguna.daemon.cycle.duration").tag("daemon", name)
                .description("Duration of the daemon's cycles").register(registry);
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Duration idleSleep(Duration configured) {
        return delegate.idleSleep(configured);
    }

    @Override
    public int runOnce(WorkSlice slice) {
        Timer.Sample sample = Timer.start();
        try {
            int handled = delegate.runOnce(slice);
            items.increment(handled);
            return handled;
        } catch (RuntimeException e) {
            failures.increment();
            throw e;
        } finally {
            cycles.increment();
            sample.stop(duration);
        }
    }
}
