package org.laguna.core.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Obtains the server's own tokens for storage from an issuer's token endpoint: OAuth2 client credentials (the grant
 * Rucio's {@code request_token} uses, and what INDIGO IAM and Keycloak give a service client), authenticated with the
 * server's client id and secret ({@code client_secret_basic}), asking for an {@code audience} (the storage endpoint)
 * and a {@code scope} (the WLCG storage scopes of one path); and, where the server acts for a user of an issuer that
 * allows it, RFC 8693 token exchange of the user's access token for a token with the same subject, that audience and
 * that scope ({@link #exchange}). A token is kept per issuer, audience and scope and
 * handed out again until shortly before it expires ({@link #renewBefore}). Tokens and the secret are never logged,
 * never put in an exception's message, and {@link #toString()} shows neither.
 */
public final class StorageTokenClient {
    /** How many tokens are kept at most; beyond, the expired ones are dropped, then all if still too many. */
    static final int CACHE_LIMIT = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MAX_MARGIN = Duration.ofSeconds(60);
    /** Lifetime assumed when the token endpoint does not say ({@code expires_in} absent). */
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    static final String TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
    static final String ACCESS_TOKEN = "urn:ietf:params:oauth:token-type:access_token";

    private final OidcClients clients;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, URI> tokenEndpoints = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(HTTP_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    public StorageTokenClient(OidcClients clients, Clock clock) {
        this.clients = Objects.requireNonNull(clients, "clients is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** Whether the server has a client at the issuer of this name (so that it can obtain tokens there). */
    public boolean canObtainFrom(String issuer) {
        return clients.client(issuer).isPresent();
    }

    private record Cached(String token, Instant renewAt) {
    }

    /**
     * A token of the issuer with this audience and scope, from the cache while it has more than the renewal margin left.
     *
     * @throws LagunaException {@code STORAGE_ACCESS_DENIED} when the issuer refuses (its error code and description
     *     quoted), {@code STORAGE_UNAVAILABLE} when it cannot be reached or answers nonsense
     */
    public String token(String issuer, String audience, String scope) {
        OidcClients.Client client = client(issuer);
        return cached(issuer + "\n" + audience + "\n" + scope, request(client, "grant_type=client_credentials&audience="
                + encode(audience) + "&scope=" + encode(scope), "a storage token"));
    }

    /** Whether the issuer of this name exchanges its users' tokens ({@code auth.oidc.NAME.token-exchange}). */
    public boolean exchanges(String issuer) {
        return clients.client(issuer).map(OidcClients.Client::tokenExchange).orElse(false);
    }

    /** Whether an OIDC identity ({@code SUB=..., ISS=...}) is one of the issuer of this name. */
    public boolean issued(String issuer, String identity) {
        return clients.client(issuer).map(c -> c.issued(identity)).orElse(false);
    }

    /**
     * The user's own token for this audience and scope, exchanged (RFC 8693) for the user's access token of the same
     * issuer: the new token keeps the user's subject, and the issuer decides whether the user may have that scope.
     * Cached per user token, audience and scope like {@link #token}.
     *
     * @throws LagunaException {@code STORAGE_ACCESS_DENIED} when the issuer refuses the exchange (its error quoted),
     *     {@code STORAGE_UNAVAILABLE} when it cannot be reached or answers nonsense
     */
    public String exchange(String issuer, String subjectToken, String audience, String scope) {
        OidcClients.Client client = client(issuer);
        if (!client.tokenExchange()) {
            throw new LagunaException(ErrorCode.STORAGE_ACCESS_DENIED, "The server does not exchange tokens of issuer '" + issuer
                    + "' (auth.oidc." + issuer + ".token-exchange is not true)");
        }
        return cached(issuer + "\n" + sha256(subjectToken) + "\n" + audience + "\n" + scope, request(client,
                "grant_type=" + encode(TOKEN_EXCHANGE) + "&subject_token=" + encode(subjectToken) + "&subject_token_type=" + encode(ACCESS_TOKEN)
                        + "&requested_token_type=" + encode(ACCESS_TOKEN) + "&audience=" + encode(audience) + "&scope=" + encode(scope),
                "to exchange the user's token for a storage token"));
    }

    private OidcClients.Client client(String issuer) {
        return clients.client(issuer).orElseThrow(() -> new LagunaException(ErrorCode.STORAGE_ACCESS_DENIED,
                "No client at the OIDC issuer '" + issuer + "' to obtain storage tokens with: set auth.oidc." + issuer
                        + ".client-id and .client-secret"));
    }

    private String cached(String key, TokenRequest obtain) {
        Instant now = clock.instant();
        Cached cached = cache.get(key);
        if (cached != null && now.isBefore(cached.renewAt())) {
            return cached.token();
        }
        Cached fresh = obtain.at(now);
        if (cache.size() >= CACHE_LIMIT) {
            cache.values().removeIf(c -> !now.isBefore(c.renewAt()));
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
        }
        cache.put(key, fresh);
        return fresh.token();
    }

    /** One request to the token endpoint, made at a given time. */
    @FunctionalInterface
    private interface TokenRequest {
        Cached at(Instant now);
    }

    /** When a token of this lifetime, obtained now, is renewed: a minute before it expires, or halfway if it lives less than two. */
    static Instant renewBefore(Instant obtained, Duration lifetime) {
        Duration margin = lifetime.dividedBy(2).compareTo(MAX_MARGIN) < 0 ? lifetime.dividedBy(2) : MAX_MARGIN;
        return obtained.plus(lifetime).minus(margin);
    }

    private TokenRequest request(OidcClients.Client client, String form, String what) {
        return now -> {
            URI endpoint = tokenEndpoint(client);
            String basic = Base64.getEncoder().encodeToString((encode(client.clientId()) + ":" + encode(client.clientSecret()))
                    .getBytes(StandardCharsets.UTF_8));
            HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(HTTP_TIMEOUT).header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build();
            JsonNode answer = send(request, client.name(), what);
            JsonNode token = answer.path("access_token");
            if (!token.isTextual() || token.asText().isBlank()) {
                throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "The token endpoint of issuer '" + client.name()
                        + "' answered without an access_token");
            }
            long expiresIn = answer.path("expires_in").asLong(DEFAULT_LIFETIME.toSeconds());
            return new Cached(token.asText(), renewBefore(now, Duration.ofSeconds(Math.max(1, expiresIn))));
        };
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(HttpRequest request, String issuer) {
        return send(request, issuer, "a storage token");
    }

    private JsonNode send(HttpRequest request, String issuer, String what) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Cannot reach the token endpoint of issuer '" + issuer + "' at "
                    + request.uri() + ": " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Interrupted while asking issuer '" + issuer + "' for a token");
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = JSON.createObjectNode();
        }
        if (response.statusCode() / 100 != 2) {
            String error = body.path("error").asText("") + (body.hasNonNull("error_description") ? ": " + body.get("error_description").asText() : "");
            throw new LagunaException(response.statusCode() / 100 == 4 ? ErrorCode.STORAGE_ACCESS_DENIED : ErrorCode.STORAGE_UNAVAILABLE,
                    "The token endpoint of issuer '" + issuer + "' refused " + what + " (HTTP " + response.statusCode()
                            + (error.isEmpty() ? "" : ", " + error) + ")");
        }
        return body;
    }

    private URI tokenEndpoint(OidcClients.Client client) {
        if (client.tokenEndpoint().isPresent()) {
            return client.tokenEndpoint().get();
        }
        URI known = tokenEndpoints.get(client.name());
        if (known != null) {
            return known;
        }
        String base = client.issuer().toString();
        URI discovery = URI.create((base.endsWith("/") ? base : base + "/") + ".well-known/openid-configuration");
        JsonNode document = send(HttpRequest.newBuilder(discovery).timeout(HTTP_TIMEOUT).GET().build(), client.name());
        String endpoint = document.path("token_endpoint").asText("");
        if (endpoint.isEmpty()) {
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "The discovery document of issuer '" + client.name()
                    + "' names no token_endpoint; set auth.oidc." + client.name() + ".token-endpoint");
        }
        URI uri = URI.create(endpoint);
        tokenEndpoints.put(client.name(), uri);
        return uri;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "StorageTokenClient[" + cache.size() + " tokens cached, values hidden]";
    }
}
