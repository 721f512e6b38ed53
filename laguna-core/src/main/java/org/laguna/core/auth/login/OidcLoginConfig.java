package org.laguna.core.auth.login;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.auth.oidc.OidcClientSettings;
import org.laguna.core.auth.oidc.OidcConfig;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Logins through an OIDC provider (Rucio's {@code /auth/oidc} routes), read from {@code auth.oidc.*}:
 * an issuer of {@link OidcConfig} takes logins when it has a client ({@link OidcClientSettings}:
 * {@code auth.oidc.NAME.client-id}, with {@code .client-secret} for a confidential client and
 * {@code .scopes}, the scopes always asked for, default {@code openid profile offline_access}). {@code auth.oidc.login.default-issuer} is used when
 * the client names none (default: the first issuer with a client), {@code auth.oidc.login.base-url}
 * the server's address as browsers reach it (redirect URIs are {@code <base>/auth/oidc_code} and
 * {@code <base>/auth/oidc_token}; default: from the request), {@code auth.oidc.login.session-lifetime}
 * (PT5M) how long a started login waits for the browser and the client, {@code
 * auth.oidc.login.refresh-lifetime} (PT96H) how long refreshes may go on by default, and {@code
 * auth.oidc.login.refresh-token-key} the base64 AES key (16, 24 or 32 bytes) refresh tokens are
 * encrypted with at rest; without it a random key per process is used, so refreshes stop working
 * across a restart.
 */
public record OidcLoginConfig(Map<String, OidcClientSettings> clients, Optional<String> defaultIssuer, Optional<URI> baseUrl,
        Duration sessionLifetime, Duration refreshLifetime, byte[] refreshTokenKey, boolean keyConfigured) {
    public static final OidcLoginConfig NONE = new OidcLoginConfig(Map.of(), Optional.empty(), Optional.empty(),
            Duration.ofMinutes(5), Duration.ofHours(96), randomKey(), false);

    public OidcLoginConfig {
        clients = Map.copyOf(clients);
        Objects.requireNonNull(defaultIssuer, "defaultIssuer is null");
        Objects.requireNonNull(baseUrl, "baseUrl is null");
        if (!sessionLifetime.isPositive()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "auth.oidc.login.session-lifetime must be positive");
        }
        if (!refreshLifetime.isPositive()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "auth.oidc.login.refresh-lifetime must be positive");
        }
        if (refreshTokenKey.length != 16 && refreshTokenKey.length != 24 && refreshTokenKey.length != 32) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "auth.oidc.login.refresh-token-key must be 16, 24 or 32 bytes");
        }
        refreshTokenKey = refreshTokenKey.clone();
        if (defaultIssuer.isPresent() && !clients.containsKey(defaultIssuer.get())) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "auth.oidc.login.default-issuer " + defaultIssuer.get()
                    + " is not an issuer with a client-id");
        }
    }

    /** Whether some issuer takes logins. */
    public boolean enabled() {
        return !clients.isEmpty();
    }

    /** The issuer used when the client names none. */
    public Optional<String> issuerByDefault() {
        return defaultIssuer.or(() -> clients.keySet().stream().sorted().findFirst());
    }

    public static OidcLoginConfig load(ConfigSource source, OidcConfig oidc) {
        Map<String, OidcClientSettings> clients = new LinkedHashMap<>();
        for (OidcConfig.Issuer issuer : oidc.issuers()) {
            OidcClientSettings.read(source, issuer.name()).ifPresent(client -> clients.put(issuer.name(), client));
        }
        Optional<String> key = source.get("auth.oidc.login.refresh-token-key").filter(s -> !s.isBlank());
        byte[] bytes;
        try {
            bytes = key.map(k -> Base64.getDecoder().decode(k.trim())).orElseGet(OidcLoginConfig::randomKey);
        } catch (IllegalArgumentException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "auth.oidc.login.refresh-token-key is not base64", e);
        }
        return new OidcLoginConfig(clients, source.get("auth.oidc.login.default-issuer").filter(s -> !s.isBlank()),
                source.get("auth.oidc.login.base-url").filter(s -> !s.isBlank()).map(OidcLoginConfig::baseUrl),
                source.getDuration("auth.oidc.login.session-lifetime", NONE.sessionLifetime()),
                source.getDuration("auth.oidc.login.refresh-lifetime", NONE.refreshLifetime()), bytes, key.isPresent());
    }

    private static URI baseUrl(String value) {
        try {
            URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "auth.oidc.login.base-url must be an http(s) URL, got " + value);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "auth.oidc.login.base-url is not a URL: " + value, e);
        }
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
