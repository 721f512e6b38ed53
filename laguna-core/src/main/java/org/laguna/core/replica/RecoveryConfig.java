package org.laguna.core.replica;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Settings of the replica-recoverer and of the auditor.
 *
 * @param suspiciousThreshold declarations of one replica as suspicious, within the window, that make it BAD
 *     ({@code replica.suspicious-threshold}, 3)
 * @param suspiciousWindow how far back declarations count ({@code replica.suspicious-window}, 10 days)
 * @param auditInterval how often the auditor checks each RSE ({@code auditor.interval}, 1 day)
 * @param darkGrace files on storage but not in the catalogue are deleted by a check with fix only once they are older
 *     than this ({@code auditor.dark-grace}, 3 days)
 * @param auditorDeletesDark whether the auditor daemon deletes those files ({@code auditor.delete-dark}, false: it reports them)
 */
public record RecoveryConfig(int suspiciousThreshold, Duration suspiciousWindow, Duration auditInterval, Duration darkGrace,
        boolean auditorDeletesDark) {
    public static final RecoveryConfig DEFAULTS = new RecoveryConfig(3, Duration.ofDays(10), Duration.ofDays(1), Duration.ofDays(3), false);

    public RecoveryConfig {
        Objects.requireNonNull(suspiciousWindow, "suspiciousWindow is null");
        Objects.requireNonNull(auditInterval, "auditInterval is null");
        Objects.requireNonNull(darkGrace, "darkGrace is null");
        if (suspiciousThreshold < 1) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "replica.suspicious-threshold must be positive, got "
                    + suspiciousThreshold);
        }
        if (!suspiciousWindow.isPositive() || !auditInterval.isPositive() || darkGrace.isNegative()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "replica.suspicious-window and auditor.interval must be positive, "
                    + "auditor.dark-grace not negative");
        }
    }

    public static RecoveryConfig load(Path home, Map<String, String> env) {
        return from(ConfigSource.load(home, env));
    }

    /** Reads the settings from a source already loaded (the one the whole process reads). */
    public static RecoveryConfig from(ConfigSource source) {
        return new RecoveryConfig(source.getInt("replica.suspicious-threshold", DEFAULTS.suspiciousThreshold()),
                source.getDuration("replica.suspicious-window", DEFAULTS.suspiciousWindow()),
                source.getDuration("auditor.interval", DEFAULTS.auditInterval()),
                source.getDuration("auditor.dark-grace", DEFAULTS.darkGrace()),
                source.get("auditor.delete-dark").map(v -> Boolean.parseBoolean(v.trim())).orElse(DEFAULTS.auditorDeletesDark()));
    }
}
