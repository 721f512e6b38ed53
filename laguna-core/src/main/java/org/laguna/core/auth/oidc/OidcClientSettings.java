package org.laguna.core.auth.oidc;

import java.util.Objects;
import java.util.Optional;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The OAuth2 client Laguna is at one issuer, as configured: {@code auth.oidc.NAME.client-id},
 * {@code auth.oidc.NAME.client-secret} (none for a public client, which takes logins with PKCE but
 * cannot ask for tokens of its own) and {@code auth.oidc.NAME.scopes}, the scopes a login always asks
 * for. Read here for both the logins and the server's own tokens; {@link #toString()} hides the secret.
 */
public record OidcClientSettings(String issuerName, String clientId, Optional<String> clientSecret, String scopes) {
    /** The scopes a login asks for unless {@code auth.oidc.NAME.scopes} says otherwise. */
    public static final String DEFAULT_SCOPES = "openid profile offline_access";

    public OidcClientSettings {
        Objects.requireNonNull(issuerName, "issuerName is null");
        Objects.requireNonNull(clientId, "clientId is null");
        Objects.requireNonNull(clientSecret, "clientSecret is null");
        Objects.requireNonNull(scopes, "scopes is null");
    }

    /**
     * The client of the named issuer, empty when it has no client id; a secret without a client id
     * is refused, naming both keys.
     */
    public static Optional<OidcClientSettings> read(ConfigSource source, String issuerName) {
        String prefix = "auth.oidc." + issuerName + ".";
        Optional<String> id = source.get(prefix + "client-id").filter(v -> !v.isBlank()).map(String::trim);
        Optional<String> secret = source.get(prefix + "client-secret").filter(v -> !v.isBlank());
        if (id.isEmpty() && secret.isPresent()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, prefix + "client-secret is set without " + prefix
                    + "client-id: set both, or neither");
        }
        return id.map(clientId -> new OidcClientSettings(issuerName, clientId, secret,
                source.get(prefix + "scopes").filter(v -> !v.isBlank()).orElse(DEFAULT_SCOPES)));
    }

    @Override
    public String toString() {
        return "Client[" + issuerName + ", " + clientId + (clientSecret.isPresent() ? ", secret set" : "") + "]";
    }
}
