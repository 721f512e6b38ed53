package org.laguna.core.auth.oidc;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The server's own OAuth2 clients at the configured issuers, with which it obtains tokens for token-protected storage:
 * the confidential clients of {@link OidcClientSettings} ({@code auth.oidc.NAME.client-id} and {@code .client-secret}) for an issuer named in
 * {@code auth.oidc.issuers}, and {@code auth.oidc.NAME.token-endpoint} when the token endpoint should not come from the
 * issuer's discovery document. {@code auth.oidc.NAME.token-exchange=true} lets the server exchange (RFC 8693) the
 * access token of a user of that issuer for the user's own storage token, where it acts for that user (the client must
 * be allowed the token-exchange grant there). The secret, like every key, may come from the environment
 * ({@code LAGUNA_AUTH_OIDC_NAME_CLIENT_SECRET}); it is never logged and {@link #toString()} hides it.
 */
public final class OidcClients {
    public static final OidcClients NONE = new OidcClients(Map.of());

    private final Map<String, Client> byName;

    private OidcClients(Map<String, Client> byName) {
        this.byName = Map.copyOf(byName);
    }

    /**
     * One client: the issuer's name and URL, where to ask for tokens, the server's credentials there, and whether it
     * exchanges users' tokens of this issuer (RFC 8693).
     */
    public record Client(String name, URI issuer, Optional<URI> tokenEndpoint, String clientId, String clientSecret, boolean tokenExchange) {
        public Client {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(issuer, "issuer is null");
            Objects.requireNonNull(tokenEndpoint, "tokenEndpoint is null");
            Objects.requireNonNull(clientId, "clientId is null");
            Objects.requireNonNull(clientSecret, "clientSecret is null");
        }

        /** A client that obtains tokens with client credentials only. */
        public Client(String name, URI issuer, Optional<URI> tokenEndpoint, String clientId, String clientSecret) {
            this(name, issuer, tokenEndpoint, clientId, clientSecret, false);
        }

        /** Whether an OIDC identity ({@code SUB=..., ISS=...}) is one of this issuer. */
        public boolean issued(String identity) {
            return identity != null && identity.endsWith(", ISS=" + issuer);
        }

        @Override
        public String toString() {
            return "Client[" + name + ", " + issuer + ", client " + clientId + (tokenExchange ? ", token exchange" : "") + ", secret hidden]";
        }
    }

    /** The clients of the issuers of {@code config} that have a client id, read from the same source. */
    public static OidcClients load(ConfigSource source, OidcConfig config) {
        Map<String, Client> clients = new LinkedHashMap<>();
        for (OidcConfig.Issuer issuer : config.issuers()) {
            String prefix = "auth.oidc." + issuer.name() + ".";
            Optional<OidcClientSettings> settings = OidcClientSettings.read(source, issuer.name());
            boolean exchange = exchange(prefix, source.get(prefix + "token-exchange"));
            if (settings.isEmpty() || settings.get().clientSecret().isEmpty()) {
                if (exchange) {
                    throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, prefix + "token-exchange needs the server's client there: set "
                            + prefix + "client-id and " + prefix + "client-secret");
                }
                // no client, or a public one, which takes logins (PKCE) but cannot ask for tokens of its own
                continue;
            }
            Optional<URI> endpoint = source.get(prefix + "token-endpoint").filter(v -> !v.isBlank()).map(v -> url(prefix + "token-endpoint", v));
            clients.put(issuer.name(), new Client(issuer.name(), issuer.issuer(), endpoint, settings.get().clientId(),
                    settings.get().clientSecret().get(), exchange));
        }
        return new OidcClients(clients);
    }

    private static boolean exchange(String prefix, Optional<String> value) {
        String text = value.map(String::trim).orElse("false");
        if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, prefix + "token-exchange must be true or false, got '" + text + "'");
        }
        return text.equalsIgnoreCase("true");
    }

    private static URI url(String key, String value) {
        try {
            URI uri = URI.create(value.trim());
            if (List.of("http", "https").contains(uri.getScheme()) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be an http(s) URL, got " + value);
    }

    public Optional<Client> client(String issuerName) {
        return Optional.ofNullable(byName.get(issuerName));
    }

    @Override
    public String toString() {
        return "OidcClients" + byName.keySet() + " (secrets hidden)";
    }
}
