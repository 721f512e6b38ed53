package org.laguna.core.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Settings of the daemon runtime, read like every other key (see {@link ConfigSource}):
 * {@code daemon.heartbeat-interval} (PT10S): an instance refreshes its heartbeat at least this
 * often, even while idle; {@code daemon.heartbeat-timeout} (PT60S): an instance whose heartbeat is
 * older is dead, and its slice goes to the others; {@code daemon.sleep} (PT5S): the pause after a
 * cycle that found nothing to do; {@code daemon.max-backoff} (PT5M): the longest pause after
 * repeated failures (the pause doubles from {@code daemon.sleep} at each consecutive failure).
 */
public record DaemonConfig(Duration heartbeatInterval, Duration heartbeatTimeout, Duration sleep, Duration maxBackoff) {
    public static final DaemonConfig DEFAULTS =
            new DaemonConfig(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofMinutes(5));

    public DaemonConfig {
        requirePositive("daemon.heartbeat-interval", heartbeatInterval);
        requirePositive("daemon.heartbeat-timeout", heartbeatTimeout);
        requirePositive("daemon.sleep", sleep);
        requirePositive("daemon.max-backoff", maxBackoff);
        if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "daemon.heartbeat-timeout (" + heartbeatTimeout
                    + ") must be longer than daemon.heartbeat-interval (" + heartbeatInterval + ")");
        }
    }

    public static DaemonConfig load(Path home, Map<String, String> env) {
        return from(ConfigSource.load(home, env));
    }

    /** Reads the settings from a source already loaded (the one the whole process reads). */
    public static DaemonConfig from(ConfigSource source) {
        return new DaemonConfig(
                source.getDuration("daemon.heartbeat-interval", DEFAULTS.heartbeatInterval()),
                source.getDuration("daemon.heartbeat-timeout", DEFAULTS.heartbeatTimeout()),
                source.getDuration("daemon.sleep", DEFAULTS.sleep()),
                source.getDuration("daemon.max-backoff", DEFAULTS.maxBackoff()));
    }

    /** The pause after the given number of consecutive failures (1 or more). */
    public Duration backoff(int consecutiveFailures) {
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures must be at least 1, got " + consecutiveFailures);
        }
        Duration pause = sleep;
        for (int i = 1; i < consecutiveFailures && pause.compareTo(maxBackoff) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
    }

    private static void requirePositive(String key, Duration value) {
        Objects.requireNonNull(value, key + " is null");
        if (value.isNegative() || value.isZero()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be positive, got " + value);
        }
    }
}
