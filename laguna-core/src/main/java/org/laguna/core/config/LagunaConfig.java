package org.laguna.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Server configuration. Every key can be set in {@code <home>/laguna.properties} and overridden by
 * an environment variable: {@code LAGUNA_} + the key upper-cased with dots and dashes as
 * underscores ({@code database.url} becomes {@code LAGUNA_DATABASE_URL}).
 *
 * <p>Keys and defaults: {@code server.host} (127.0.0.1), {@code server.port} (8080),
 * {@code database.url} (empty: the embedded PostgreSQL under {@code <home>/db}),
 * {@code database.user}, {@code database.password}, {@code database.pool-size} (16),
 * {@code auth.token-lifetime} (PT1H), {@code root.username} (root), {@code root.password}
 * (generated at first start), {@code policy.name} (generic).
 *
 * <p>{@code source} is where these were read from: the file and the environment given once at the
 * entry point (the command's {@code main}), from which the other components read their own settings,
 * so that nothing reads the process environment behind the caller's back.
 */
public record LagunaConfig(
        Path home,
        String host,
        int port,
        Optional<String> databaseUrl,
        Optional<String> databaseUser,
        Optional<String> databasePassword,
        int databasePoolSize,
        Duration tokenLifetime,
        String rootUsername,
        Optional<String> rootPassword,
        String policyName,
        ConfigSource source) {

    public LagunaConfig {
        Objects.requireNonNull(home, "home is null");
        Objects.requireNonNull(host, "host is null");
        Objects.requireNonNull(source, "source is null");
        if (port < 0 || port > 65535) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "server.port must be 0..65535, got " + port);
        }
        if (databasePoolSize < 1) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "database.pool-size must be positive, got " + databasePoolSize);
        }
        if (tokenLifetime.isNegative() || tokenLifetime.isZero()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "auth.token-lifetime must be positive, got " + tokenLifetime);
        }
    }

    /** The default home: {@code LAGUNA_HOME}, else {@code ~/.laguna}. */
    public static Path defaultHome(Map<String, String> env) {
        String fromEnv = env.get("LAGUNA_HOME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        return Path.of(System.getProperty("user.home"), ".laguna");
    }

    public static LagunaConfig load(Path home, Map<String, String> env) {
        ConfigSource source = ConfigSource.load(home, env);
        return new LagunaConfig(
                home,
                source.get("server.host").orElse("127.0.0.1"),
                source.getInt("server.port", 8080),
                source.get("database.url"),
                source.get("database.user"),
                source.get("database.password"),
                source.getInt("database.pool-size", 16),
                source.getDuration("auth.token-lifetime", Duration.ofHours(1)),
                source.get("root.username").orElse("root"),
                source.get("root.password"),
                source.get("policy.name").orElse("generic"),
                source);
    }

    public LagunaConfig withPort(int newPort) {
        return new LagunaConfig(home, host, newPort, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                tokenLifetime, rootUsername, rootPassword, policyName, source);
    }

    public LagunaConfig withDatabase(String url, String user, String password) {
        return new LagunaConfig(home, host, port, Optional.of(url), Optional.ofNullable(user), Optional.ofNullable(password),
                databasePoolSize, tokenLifetime, rootUsername, rootPassword, policyName, source);
    }

    /**
     * The same settings, with the other components' settings (auth, storage, transfer...) read from
     * another source.
     */
    public LagunaConfig withSource(ConfigSource other) {
        return new LagunaConfig(home, host, port, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                tokenLifetime, rootUsername, rootPassword, policyName, other);
    }

    public LagunaConfig withRootPassword(String password) {
        return new LagunaConfig(home, host, port, databaseUrl, databaseUser, databasePassword, databasePoolSize,
                tokenLifetime, rootUsername, Optional.of(password), policyName, source);
    }
}
