package org.laguna.core.transfer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * RSEs whose storage keeps failing, left alone for a while: after {@code threshold} consecutive
 * failed operations an RSE is excluded for {@code duration}; a success resets its count. Kept in
 * memory of one process (each process finds out for itself), safe for concurrent threads.
 */
public final class RseExclusions {
    private record State(int consecutiveFailures, Instant excludedUntil) {
    }

    private final int threshold;
    private final Duration duration;
    private final Clock clock;
    private final ConcurrentMap<UUID, State> states = new ConcurrentHashMap<>();

    public RseExclusions(int threshold, Duration duration, Clock clock) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be positive, got " + threshold);
        }
        this.threshold = threshold;
        this.duration = Objects.requireNonNull(duration, "duration is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** True while the RSE is excluded. */
    public boolean excluded(UUID rseId) {
        State state = states.get(rseId);
        return state != null && state.excludedUntil() != null && clock.instant().isBefore(state.excludedUntil());
    }

    /** Counts a failure; returns true if this one excluded the RSE. */
    public boolean failed(UUID rseId) {
        Instant now = clock.instant();
        State state = states.compute(rseId, (id, old) -> {
            int failures = (old == null ? 0 : old.consecutiveFailures()) + 1;
            return failures >= threshold ? new State(0, now.plus(duration)) : new State(failures, old == null ? null : old.excludedUntil());
        });
        return state.consecutiveFailures() == 0;
    }

    /** A success: the count of consecutive failures starts again. */
    public void succeeded(UUID rseId) {
        states.computeIfPresent(rseId, (id, old) -> old.excludedUntil() != null && now().isBefore(old.excludedUntil())
                ? new State(0, old.excludedUntil()) : null);
    }

    private Instant now() {
        return clock.instant();
    }
}
