package org.laguna.core.daemon;

import java.time.Duration;

/**
 * A background daemon: a loop of {@link #runOnce} calls that {@link DaemonRuntime} drives, one
 * loop per instance (process × thread). Each instance gets a {@link WorkSlice} from the
 * heartbeats of the live instances, so many processes split the work with no coordinator.
 *
 * <p>The runtime may call {@code runOnce} from several threads at once, each with its own slice:
 * implementations keep no mutable state between calls, or guard it.
 */
public interface Daemon {
    /** Stable name, e.g. "judge-evaluator"; used for heartbeats, metrics, the CLI. */
    String name();

    /**
     * Handles one batch of this instance's share of the work in short transactions; returns how
     * many items it handled (0 means nothing to do, so the runtime sleeps before the next call).
     */
    int runOnce(WorkSlice slice);

    /** How long to sleep when idle, given the configured sleep; a daemon users wait for may wake more often. */
    default Duration idleSleep(Duration configured) {
        return configured;
    }
}
