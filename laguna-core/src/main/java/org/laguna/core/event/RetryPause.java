package org.laguna.core.event;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The pause of a destination after a failed delivery: {@code first} after the first failure, doubling
 * after each further one up to {@code max}, back to {@code first} after a success. Not thread-safe:
 * the destinations that use it call it from their synchronized methods.
 */
public final class RetryPause {
    private final Duration first;
    private final Duration max;
    private final Clock clock;
    private Instant retryAt = Instant.EPOCH;
    private Duration delay;

    public RetryPause(Duration first, Duration max, Clock clock) {
        this.first = Objects.requireNonNull(first, "first is null");
        this.max = Objects.requireNonNull(max, "max is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.delay = first;
    }

    /** Whether the pause, if any, is over. */
    public boolean over() {
        return !clock.instant().isBefore(retryAt);
    }

    /** A delivery succeeded: the next failure pauses for {@code first} again. */
    public void succeeded() {
        delay = first;
    }

    /** A delivery failed: pauses for the current delay, which doubles for the next failure; answers the pause. */
    public Duration failed() {
        Duration pause = hold();
        Duration doubled = delay.multipliedBy(2);
        delay = doubled.compareTo(max) > 0 ? max : doubled;
        return pause;
    }

    /** A delivery stopped on something unexpected: pauses for the current delay without lengthening it; answers the pause. */
    public Duration hold() {
        retryAt = clock.instant().plus(delay);
        return delay;
    }
}
