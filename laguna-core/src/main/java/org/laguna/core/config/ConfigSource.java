package org.laguna.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Where configuration keys come from: {@code <home>/laguna.properties}, overridden by the
 * environment ({@code LAGUNA_} + the key upper-cased with dots and dashes as underscores). Each
 * component's typed config object reads its keys through one of these.
 */
public final class ConfigSource {
    private final Properties file;
    private final Map<String, String> env;

    private ConfigSource(Properties file, Map<String, String> env) {
        this.file = file;
        this.env = Map.copyOf(env);
    }

    /** Reads {@code <home>/laguna.properties} if it exists. */
    public static ConfigSource load(Path home, Map<String, String> env) {
        Objects.requireNonNull(home, "home is null");
        Objects.requireNonNull(env, "env is null");
        Properties file = new Properties();
        Path propertiesFile = home.resolve("laguna.properties");
        if (Files.exists(propertiesFile)) {
            try (Reader reader = Files.newBufferedReader(propertiesFile)) {
                file.load(reader);
            } catch (IOException e) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "Cannot read " + propertiesFile + ": " + e.getMessage(), e);
            }
        }
        return new ConfigSource(file, env);
    }

    /** The name of the environment variable that overrides a key. */
    public static String environmentName(String key) {
        return "LAGUNA_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The value of a key; empty when unset or blank. */
    public Optional<String> get(String key) {
        String value = env.get(environmentName(key));
        if (value == null) {
            value = file.getProperty(key);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /**
     * Every key under a prefix ({@code transfer.fts3.}), without the prefix: from the file, then
     * from the environment ({@code LAGUNA_TRANSFER_FTS3_URL} gives {@code url}; underscores in the
     * rest of the variable's name become dashes).
     */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (String key : file.stringPropertyNames()) {
            if (key.startsWith(prefix) && key.length() > prefix.length()) {
                out.put(key.substring(prefix.length()), file.getProperty(key).trim());
            }
        }
        String envPrefix = environmentName(prefix);
        env.forEach((name, value) -> {
            if (name.startsWith(envPrefix) && name.length() > envPrefix.length()) {
                out.put(name.substring(envPrefix.length()).toLowerCase(Locale.ROOT).replace('_', '-'), value.trim());
            }
        });
        return out;
    }

    /** The keys of the file under a prefix ({@code storage.}), whole, with their values trimmed. */
    public Map<String, String> fileEntries(String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (String key : file.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                out.put(key, file.getProperty(key).trim());
            }
        }
        return out;
    }

    /** The environment variables whose names start with a prefix ({@code LAGUNA_STORAGE_}), as given. */
    public Map<String, String> environmentEntries(String prefix) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                out.put(name, value);
            }
        });
        return out;
    }

    public int getInt(String key, int defaultValue) {
        return getNumber(key, defaultValue, Integer::parseInt, "an integer");
    }

    /** A number of bytes, written as a whole number (blanks around it are ignored). */
    public long getBytes(String key, long defaultValue) {
        return getNumber(key, defaultValue, v -> Long.parseLong(v.trim()), "a number of bytes");
    }

    private <T> T getNumber(String key, T defaultValue, Function<String, T> parse, String what) {
        return get(key).map(v -> {
            try {
                return parse.apply(v);
            } catch (NumberFormatException e) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be " + what + ", got '" + v + "'");
            }
        }).orElse(defaultValue);
    }

    /** A duration written in ISO-8601 ({@code PT1H}) or as a number of seconds. */
    public Duration getDuration(String key, Duration defaultValue) {
        return get(key).map(v -> parseDuration(key, v)).orElse(defaultValue);
    }

    static Duration parseDuration(String key, String value) {
        try {
            return Duration.parse(value);
        } catch (RuntimeException e) {
            try {
                return Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException notSeconds) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                        key + " must be an ISO-8601 duration (PT1H) or seconds, got '" + value + "'");
            }
        }
    }
}
