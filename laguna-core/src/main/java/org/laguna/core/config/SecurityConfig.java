package org.laguna.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * What the server shows and signs, read like every other key (see {@link ConfigSource}):
 * {@code security.signurl-max-lifetime} (PT1H): the longest lifetime a signed storage URL may be
 * asked for, at most seven days (what S3 allows); {@code security.metrics-public} (false): whether
 * {@code /metrics} answers without a token, else only administrators read it;
 * {@code security.identities-visible-to-all} (false): whether every account sees the identities and
 * e-mail addresses of the others, else only administrators and the account itself do.
 */
public record SecurityConfig(Duration signUrlMaxLifetime, boolean metricsPublic, boolean identitiesVisibleToAll) {
    /** The longest lifetime an S3 signature may have. */
    public static final Duration SIGNURL_LIMIT = Duration.ofDays(7);
    public static final SecurityConfig DEFAULTS = new SecurityConfig(Duration.ofHours(1), false, false);

    public SecurityConfig {
        Objects.requireNonNull(signUrlMaxLifetime, "signUrlMaxLifetime is null");
        if (signUrlMaxLifetime.toSeconds() < 1 || signUrlMaxLifetime.compareTo(SIGNURL_LIMIT) > 0) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "security.signurl-max-lifetime must be 1 second to 7 days, got "
                    + signUrlMaxLifetime);
        }
    }

    public static SecurityConfig load(Path home, Map<String, String> env) {
        return from(ConfigSource.load(home, env));
    }

    /** Reads the settings from a source already loaded (the one the whole process reads). */
    public static SecurityConfig from(ConfigSource source) {
        return new SecurityConfig(
                source.getDuration("security.signurl-max-lifetime", DEFAULTS.signUrlMaxLifetime()),
                flag(source, "security.metrics-public", DEFAULTS.metricsPublic()),
                flag(source, "security.identities-visible-to-all", DEFAULTS.identitiesVisibleToAll()));
    }

    private static boolean flag(ConfigSource source, String key, boolean defaultValue) {
        return source.get(key).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be true or false, got '" + value + "'");
        }).orElse(defaultValue);
    }
}
