package org.laguna.core.event.webhook;

import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Settings of the webhook destination: {@code hermes.webhook.enabled} (true) whether hermes hands
 * events to the registered webhooks; {@code hermes.webhook.timeout} (PT10S) how long one POST may
 * take; {@code hermes.webhook.retry-delay} (PT30S) the wait after the first failed attempt, doubled
 * after each further one up to {@code hermes.webhook.retry-max-delay} (PT1H); {@code
 * hermes.webhook.max-attempts} (10) failed attempts after which a delivery is a dead letter;
 * {@code hermes.webhook.batch-size} (500) deliveries tried per cycle; {@code
 * hermes.webhook.secret-key} the base64 AES key (16, 24 or 32 bytes) the webhooks' secrets are
 * sealed with in the database (without it they are stored as given, and still never shown).
 */
public record WebhookConfig(boolean enabled, Duration timeout, Duration retryDelay, Duration retryMaxDelay, int maxAttempts,
        int batchSize, Optional<byte[]> secretKey) {
    public static final WebhookConfig DEFAULTS = new WebhookConfig(true, Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofHours(1), 10, 500, Optional.empty());

    public WebhookConfig {
        positive(timeout, "hermes.webhook.timeout");
        positive(retryDelay, "hermes.webhook.retry-delay");
        positive(retryMaxDelay, "hermes.webhook.retry-max-delay");
        if (retryMaxDelay.compareTo(retryDelay) < 0) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.webhook.retry-max-delay (" + retryMaxDelay
                    + ") must not be shorter than hermes.webhook.retry-delay (" + retryDelay + ")");
        }
        if (maxAttempts < 1 || maxAttempts > 1_000) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.webhook.max-attempts must be 1..1000, got " + maxAttempts);
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.webhook.batch-size must be 1..100000, got " + batchSize);
        }
        Objects.requireNonNull(secretKey, "secretKey is null");
        secretKey.ifPresent(key -> {
            if (key.length != 16 && key.length != 24 && key.length != 32) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.webhook.secret-key must be 16, 24 or 32 bytes, got "
                        + key.length);
            }
        });
        secretKey = secretKey.map(byte[]::clone);
    }

    public static WebhookConfig from(ConfigSource source) {
        Optional<byte[]> key = source.get("hermes.webhook.secret-key").filter(v -> !v.isBlank()).map(v -> {
            try {
                return Base64.getDecoder().decode(v.trim());
            } catch (IllegalArgumentException e) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "hermes.webhook.secret-key is not base64", e);
            }
        });
        return new WebhookConfig(bool(source, "hermes.webhook.enabled", DEFAULTS.enabled()),
                source.getDuration("hermes.webhook.timeout", DEFAULTS.timeout()),
                source.getDuration("hermes.webhook.retry-delay", DEFAULTS.retryDelay()),
                source.getDuration("hermes.webhook.retry-max-delay", DEFAULTS.retryMaxDelay()),
                source.getInt("hermes.webhook.max-attempts", DEFAULTS.maxAttempts()),
                source.getInt("hermes.webhook.batch-size", DEFAULTS.batchSize()), key);
    }

    /** The same settings with other retry timings (tests, and operators' overrides in code). */
    public WebhookConfig withRetries(Duration delay, Duration maxDelay, int attempts) {
        return new WebhookConfig(enabled, timeout, delay, maxDelay, attempts, batchSize, secretKey);
    }

    /** The same settings with this sealing key. */
    public WebhookConfig withSecretKey(byte[] key) {
        return new WebhookConfig(enabled, timeout, retryDelay, retryMaxDelay, maxAttempts, batchSize, Optional.of(key));
    }

    /** How long to wait after the given number of failed attempts (1 for the first failure). */
    public Duration backoff(int failedAttempts) {
        Duration delay = retryDelay;
        for (int i = 1; i < failedAttempts && delay.compareTo(retryMaxDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retryMaxDelay) > 0 ? retryMaxDelay : delay;
    }

    @Override
    public String toString() {
        return "WebhookConfig[enabled=" + enabled + ", timeout=" + timeout + ", retryDelay=" + retryDelay + ", retryMaxDelay="
                + retryMaxDelay + ", maxAttempts=" + maxAttempts + ", batchSize=" + batchSize
                + (secretKey.isPresent() ? ", secret key set" : "") + "]";
    }

    private static void positive(Duration value, String key) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be positive, got " + value);
        }
    }

    private static boolean bool(ConfigSource source, String key, boolean defaultValue) {
        return source.get(key).map(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be true or false, got '" + v + "'");
        }).orElse(defaultValue);
    }
}
