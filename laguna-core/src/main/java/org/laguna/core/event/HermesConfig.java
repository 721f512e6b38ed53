package org.laguna.core.event;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Settings of the hermes daemon: {@code hermes.batch-size} (1000) events read per cycle,
 * {@code hermes.history-retention} (P30D) how long delivered events stay in the history, and the
 * STOMP destination ({@link StompConfig}) when brokers are configured.
 */
public record HermesConfig(int batchSize, Duration historyRetention, Optional<StompConfig> stomp) {
    public HermesConfig {
        if (batchSize < 1 || batchSize > 100_000) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.batch-size must be 1..100000, got " + batchSize);
        }
        if (historyRetention.isNegative() || historyRetention.isZero()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.history-retention must be positive, got " + historyRetention);
        }
        Objects.requireNonNull(stomp, "stomp is null");
    }

    public static HermesConfig from(ConfigSource source) {
        return new HermesConfig(source.getInt("hermes.batch-size", 1_000),
                source.getDuration("hermes.history-retention", Duration.ofDays(30)), StompConfig.from(source));
    }
}
