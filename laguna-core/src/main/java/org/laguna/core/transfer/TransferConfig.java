package org.laguna.core.transfer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.common.TransferTools;
import org.laguna.core.config.ConfigSource;
import org.laguna.core.db.Database;
import org.laguna.core.liveconfig.RuntimeConfig;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Settings of the conveyor and of its transfer tool, from the server's configuration.
 *
 * @param tool the transfer tool ({@code transfer.tool}, default {@code builtin})
 * @param toolConfig the tool's own keys ({@code transfer.<tool>.*}, prefix removed)
 * @param maxAttempts attempts of a request before it is FAILED ({@code transfer.max-attempts})
 * @param retryDelay pause before a failed attempt is tried again, doubled at each further failure ({@code transfer.retry-delay})
 * @param staleAfter how long a submitted request whose job no tool knows waits before the destination is looked at
 *     ({@code transfer.stale-after})
 * @param claim requests the submitter takes per cycle ({@code transfer.claim})
 * @param jobSize files per submitted job at most ({@code transfer.job-size})
 * @param retryDelayMax the longest pause before a failed attempt is tried again, however many failed before
 *     ({@code transfer.retry-delay-max})
 * @param stuckRetryDelay how long a rule stays STUCK before the judge-repairer queues its stuck locks again
 *     ({@code transfer.stuck-retry-delay})
 * @param signedUrlLifetime how long the pre-signed URLs handed to a third-party-copy tool (FTS3) for S3 sources and
 *     destinations stay valid ({@code transfer.signed-url-lifetime}): long enough for the job to wait in the tool's
 *     queue and for the tool's own retries; at most {@link #MAX_SIGNED_URL_LIFETIME}, the limit of S3's signatures
 */
public record TransferConfig(String tool, Map<String, String> toolConfig, int maxAttempts, Duration retryDelay, Duration staleAfter,
        int claim, int jobSize, Duration retryDelayMax, Duration stuckRetryDelay, Duration signedUrlLifetime) {
    public static final String BUILTIN = TransferTools.BUILTIN;
    /** S3 (signature version 4) refuses pre-signed URLs valid for longer. */
    public static final Duration MAX_SIGNED_URL_LIFETIME = Duration.ofDays(7);
    public static final TransferConfig DEFAULTS = new TransferConfig(BUILTIN, Map.of(), 3, Duration.ofSeconds(30), Duration.ofMinutes(15),
            1000, 200, Duration.ofHours(2), Duration.ofMinutes(30), Duration.ofHours(12));

    /** With the default lifetime of signed URLs. */
    public TransferConfig(String tool, Map<String, String> toolConfig, int maxAttempts, Duration retryDelay, Duration staleAfter, int claim,
            int jobSize, Duration retryDelayMax, Duration stuckRetryDelay) {
        this(tool, toolConfig, maxAttempts, retryDelay, staleAfter, claim, jobSize, retryDelayMax, stuckRetryDelay, Duration.ofHours(12));
    }

    /** With the default longest retry pause and stuck-rule retry delay. */
    public TransferConfig(String tool, Map<String, String> toolConfig, int maxAttempts, Duration retryDelay, Duration staleAfter, int claim,
            int jobSize) {
        this(tool, toolConfig, maxAttempts, retryDelay, staleAfter, claim, jobSize, DEFAULTS.retryDelayMax(), DEFAULTS.stuckRetryDelay());
    }

    public TransferConfig {
        Objects.requireNonNull(tool, "tool is null");
        toolConfig = Map.copyOf(toolConfig);
        if (maxAttempts < 1) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer.max-attempts must be positive, got " + maxAttempts);
        }
        if (claim < 1 || jobSize < 1) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer.claim and transfer.job-size must be positive");
        }
        if (retryDelay.isNegative() || staleAfter.isNegative()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer.retry-delay and transfer.stale-after must not be negative");
        }
        Objects.requireNonNull(retryDelayMax, "retryDelayMax is null");
        Objects.requireNonNull(stuckRetryDelay, "stuckRetryDelay is null");
        if (retryDelayMax.isNegative() || stuckRetryDelay.isNegative()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer.retry-delay-max and transfer.stuck-retry-delay must not be "
                    + "negative, got " + retryDelayMax + " and " + stuckRetryDelay);
        }
        Objects.requireNonNull(signedUrlLifetime, "signedUrlLifetime is null");
        if (signedUrlLifetime.compareTo(Duration.ofMinutes(1)) < 0 || signedUrlLifetime.compareTo(MAX_SIGNED_URL_LIFETIME) > 0) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer.signed-url-lifetime must be between PT1M and "
                    + MAX_SIGNED_URL_LIFETIME + " (the longest S3 signs for), got " + signedUrlLifetime);
        }
    }

    public static TransferConfig load(Path home, Map<String, String> env) {
        return from(ConfigSource.load(home, env));
    }

    /** Reads the settings from a source already loaded (the one the whole process reads). */
    public static TransferConfig from(ConfigSource source) {
        String tool = source.get("transfer.tool").orElse(BUILTIN);
        return new TransferConfig(tool, source.withPrefix("transfer." + tool + "."),
                source.getInt("transfer.max-attempts", DEFAULTS.maxAttempts()),
                source.getDuration("transfer.retry-delay", DEFAULTS.retryDelay()),
                source.getDuration("transfer.stale-after", DEFAULTS.staleAfter()),
                source.getInt("transfer.claim", DEFAULTS.claim()),
                source.getInt("transfer.job-size", DEFAULTS.jobSize()),
                source.getDuration("transfer.retry-delay-max", DEFAULTS.retryDelayMax()),
                source.getDuration("transfer.stuck-retry-delay", DEFAULTS.stuckRetryDelay()),
                source.getDuration("transfer.signed-url-lifetime", DEFAULTS.signedUrlLifetime()));
    }

    /**
     * These settings with {@code transfer.max-attempts}, {@code transfer.retry-delay},
     * {@code transfer.retry-delay-max}, {@code transfer.claim} and {@code transfer.job-size} set
     * through {@code /config} in their place (read at most every few seconds).
     */
    public static TransferConfig live(Database database, TransferConfig configured) {
        return new TransferConfig(configured.tool(), configured.toolConfig(),
                RuntimeConfig.liveInt(database, "transfer.max-attempts", configured.maxAttempts()),
                RuntimeConfig.liveDuration(database, "transfer.retry-delay", configured.retryDelay()),
                configured.staleAfter(),
                RuntimeConfig.liveInt(database, "transfer.claim", configured.claim()),
                RuntimeConfig.liveInt(database, "transfer.job-size", configured.jobSize()),
                RuntimeConfig.liveDuration(database, "transfer.retry-delay-max", configured.retryDelayMax()),
                configured.stuckRetryDelay(), configured.signedUrlLifetime());
    }

    /** The same settings with other retry and staleness timings (tests). */
    public TransferConfig withTimings(int attempts, Duration retry, Duration stale) {
        return new TransferConfig(tool, toolConfig, attempts, retry, stale, claim, jobSize, retryDelayMax, stuckRetryDelay, signedUrlLifetime);
    }

    /** An integer key of the tool's own configuration. */
    public int toolInt(String key, int defaultValue) {
        String value = toolConfig.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer." + tool + "." + key + " must be an integer, got '" + value + "'");
        }
    }

    /** A whole number, not negative, of the tool's settings ({@code transfer.<tool>.<key>}), or the default. */
    public long toolLong(String key, long defaultValue) {
        String value = toolConfig.get(key);
        if (value == null) {
            return defaultValue;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "transfer." + tool + "." + key
                + " must be a whole number of at least 0, got '" + value + "'");
    }
}
