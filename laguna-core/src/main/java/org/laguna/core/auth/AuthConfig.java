package org.laguna.core.auth;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Settings of authentication, read like every other key (see {@link ConfigSource}).
 *
 * <p>{@code auth.token-cache-ttl} (PT5S): how long a process trusts a token it validated without
 * asking the database again, so the longest time a token revoked by another process keeps working
 * here. Password hashing ({@link PasswordCost}) and the throttling of failed logins
 * ({@link LoginThrottleConfig}) have their own keys.
 */
public record AuthConfig(Duration tokenCacheTtl, PasswordCost passwordCost, LoginThrottleConfig throttle) {
    public static final AuthConfig DEFAULTS = new AuthConfig(Duration.ofSeconds(5), PasswordCost.DEFAULTS, LoginThrottleConfig.DEFAULTS);

    public AuthConfig {
        Objects.requireNonNull(tokenCacheTtl, "tokenCacheTtl is null");
        Objects.requireNonNull(passwordCost, "passwordCost is null");
        Objects.requireNonNull(throttle, "throttle is null");
        if (tokenCacheTtl.isNegative()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "auth.token-cache-ttl must not be negative, got " + tokenCacheTtl);
        }
    }

    public static AuthConfig load(Path home, Map<String, String> env) {
        return from(ConfigSource.load(home, env));
    }

    /** Reads the settings from a source already loaded (the one the whole process reads). */
    public static AuthConfig from(ConfigSource source) {
        return new AuthConfig(source.getDuration("auth.token-cache-ttl", DEFAULTS.tokenCacheTtl()),
                PasswordCost.load(source), LoginThrottleConfig.load(source));
    }

    /**
     * The cost of password hashes (Argon2id): {@code auth.password.memory-kib} (19456, 19 MiB),
     * {@code auth.password.iterations} (2), {@code auth.password.parallelism} (1), and how many
     * hashes a process computes at once, {@code auth.password.max-concurrent} (the number of
     * processors); a login that waits longer than {@code auth.password.max-wait} (PT10S) for its turn
     * is answered 503 ServiceUnavailable.
     */
    public record PasswordCost(int memoryKib, int iterations, int parallelism, int maxConcurrent, Duration maxWait) {
        public static final PasswordCost DEFAULTS =
                new PasswordCost(19_456, 2, 1, Runtime.getRuntime().availableProcessors(), Duration.ofSeconds(10));

        public PasswordCost {
            Checks.atLeast("auth.password.parallelism", parallelism, 1);
            Checks.atLeast("auth.password.memory-kib", memoryKib, 8 * parallelism);
            Checks.atLeast("auth.password.iterations", iterations, 1);
            Checks.atLeast("auth.password.max-concurrent", maxConcurrent, 1);
            Objects.requireNonNull(maxWait, "maxWait is null");
        }

        static PasswordCost load(ConfigSource source) {
            return new PasswordCost(source.getInt("auth.password.memory-kib", DEFAULTS.memoryKib()),
                    source.getInt("auth.password.iterations", DEFAULTS.iterations()),
                    source.getInt("auth.password.parallelism", DEFAULTS.parallelism()),
                    source.getInt("auth.password.max-concurrent", DEFAULTS.maxConcurrent()),
                    source.getDuration("auth.password.max-wait", DEFAULTS.maxWait()));
        }
    }

    /**
     * Throttling of failed logins: after {@code auth.login.max-failures} (5) failures for one
     * username, or {@code auth.login.max-failures-per-address} (50) from one client address, each
     * without a success in between and none older than {@code auth.login.failure-window} (PT15M)
     * from the next, that subject is locked for {@code auth.login.lockout} (PT30S), doubled at each
     * further failure up to {@code auth.login.max-lockout} (PT15M).
     */
    public record LoginThrottleConfig(int maxFailures, int maxFailuresPerAddress, Duration failureWindow, Duration lockout,
            Duration maxLockout) {
        public static final LoginThrottleConfig DEFAULTS =
                new LoginThrottleConfig(5, 50, Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(15));

        public LoginThrottleConfig {
            Checks.atLeast("auth.login.max-failures", maxFailures, 1);
            Checks.atLeast("auth.login.max-failures-per-address", maxFailuresPerAddress, 1);
            Checks.positive("auth.login.failure-window", failureWindow);
            Checks.positive("auth.login.lockout", lockout);
            Checks.positive("auth.login.max-lockout", maxLockout);
            if (maxLockout.compareTo(lockout) < 0) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                        "auth.login.max-lockout (" + maxLockout + ") must not be shorter than auth.login.lockout (" + lockout + ")");
            }
        }

        static LoginThrottleConfig load(ConfigSource source) {
            return new LoginThrottleConfig(source.getInt("auth.login.max-failures", DEFAULTS.maxFailures()),
                    source.getInt("auth.login.max-failures-per-address", DEFAULTS.maxFailuresPerAddress()),
                    source.getDuration("auth.login.failure-window", DEFAULTS.failureWindow()),
                    source.getDuration("auth.login.lockout", DEFAULTS.lockout()),
                    source.getDuration("auth.login.max-lockout", DEFAULTS.maxLockout()));
        }

        /** How long a subject is locked after its given number of failures (at least the limit). */
        public Duration lockoutAfter(int failures, int limit) {
            Duration pause = lockout;
            for (int i = limit; i < failures && pause.compareTo(maxLockout) < 0; i++) {
                pause = pause.multipliedBy(2);
            }
            return pause.compareTo(maxLockout) > 0 ? maxLockout : pause;
        }
    }

    /**
     * Checks of values, apart from the records so that building one nested record does not first
     * initialize {@link AuthConfig} (whose defaults are built from the nested records').
     */
    private static final class Checks {
        private Checks() {
        }

        private static void atLeast(String key, int value, int minimum) {
            if (value < minimum) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be at least " + minimum + ", got " + value);
            }
        }

        private static void positive(String key, Duration value) {
            Objects.requireNonNull(value, key + " is null");
            if (value.isNegative() || value.isZero()) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be positive, got " + value);
            }
        }
    }
}
