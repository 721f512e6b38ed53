package org.laguna.core.auth.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.laguna.core.auth.oidc.OidcClientSettings;
import org.laguna.core.auth.oidc.OidcConfig;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Laguna as an OAuth2 client of one OIDC provider: the provider's endpoints from its discovery
 * document (read once, again after a failure), the token endpoint's authorization-code (with PKCE),
 * refresh and device-code grants, and the check of the ID token it returns (signature with the
 * provider's keys, issuer, audience = Laguna's client id, lifetime, nonce).
 */
final class OidcProvider {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final OidcConfig.Issuer issuer;
    private final OidcClientSettings client;
    private final Clock clock;
    private final HttpClient http;
    private volatile Metadata metadata;
    private volatile DefaultJWTProcessor<SecurityContext> idTokens;

    OidcProvider(OidcConfig.Issuer issuer, OidcClientSettings client, Clock clock, HttpClient http) {
        this.issuer = issuer;
        this.client = client;
        this.clock = clock;
        this.http = http;
    }

    /** The provider's endpoints. */
    record Metadata(URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri, Optional<URI> deviceEndpoint) {
    }

    /** What the token endpoint answered. */
    record Tokens(Optional<String> idToken, String accessToken, Optional<String> refreshToken, long expiresIn) {
    }

    /** The answer of the device authorization endpoint (RFC 8628). */
    record DeviceGrant(String deviceCode, String userCode, String verificationUri, Optional<String> verificationUriComplete,
            long expiresIn, long interval) {
    }

    /** Thrown while a device grant still waits for the user (RFC 8628 {@code authorization_pending}, {@code slow_down}). */
    static final class Pending extends RuntimeException {
        Pending(String error) {
            super(error, null, false, false);
        }
    }

    OidcConfig.Issuer issuer() {
        return issuer;
    }

    OidcClientSettings client() {
        return client;
    }

    Metadata metadata() {
        Metadata known = metadata;
        if (known == null) {
            JsonNode document = getJson(issuer.discoveryUri());
            if (!document.path("issuer").asText("").equals(issuer.issuer().toString())) {
                throw failure("its discovery document names issuer " + document.path("issuer").asText("") + ", not " + issuer.issuer());
            }
            known = new Metadata(endpoint(document, "authorization_endpoint"), endpoint(document, "token_endpoint"),
                    issuer.jwksUri().orElseGet(() -> endpoint(document, "jwks_uri")),
                    Optional.of(document.path("device_authorization_endpoint").asText("")).filter(s -> !s.isEmpty()).map(URI::create));
            metadata = known;
        }
        return known;
    }

    Tokens exchangeCode(String code, String redirectUri, String codeVerifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", codeVerifier);
        return tokens(postToken(form));
    }

    Tokens refresh(String refreshToken) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        return tokens(postToken(form));
    }

    DeviceGrant startDevice(String scope, Optional<String> audience) {
        URI endpoint = metadata().deviceEndpoint().orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE,
                "Cannot start a device login: issuer " + issuer.name() + " advertises no device_authorization_endpoint"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("scope", scope);
        audience.ifPresent(a -> form.put("audience", a));
        JsonNode answer = postAsClient(endpoint, form);
        if (answer.has("error") || answer.path("device_code").asText("").isEmpty()) {
            throw failure("its device authorization endpoint refused: " + answer.path("error").asText("no device_code"));
        }
        return new DeviceGrant(answer.path("device_code").asText(), answer.path("user_code").asText(), answer.path("verification_uri").asText(),
                Optional.of(answer.path("verification_uri_complete").asText("")).filter(s -> !s.isEmpty()),
                answer.path("expires_in").asLong(600), Math.max(1, answer.path("interval").asLong(5)));
    }

    /** The tokens of a device grant the user approved, or {@link Pending} while the user has not yet. */
    Tokens pollDevice(String deviceCode) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
        form.put("device_code", deviceCode);
        JsonNode answer = postToken(form);
        String error = answer.path("error").asText("");
        if (error.equals("authorization_pending") || error.equals("slow_down")) {
            throw new Pending(error);
        }
        return tokens(answer);
    }

    /** The subject of a valid ID token issued for this login ({@code nonce}; none in the device flow), or CannotAuthenticate. */
    String verifyIdToken(String idToken, Optional<String> nonce) {
        JWTClaimsSet claims;
        try {
            claims = idTokenProcessor().process(idToken, null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            throw failure("its ID token is not valid (" + e.getMessage() + ")");
        }
        Object sent = claims.getClaim("nonce");
        if (nonce.isPresent() && !nonce.get().equals(sent)) {
            throw failure("its ID token does not carry this login's nonce");
        }
        return claims.getSubject();
    }

    private DefaultJWTProcessor<SecurityContext> idTokenProcessor() {
        DefaultJWTProcessor<SecurityContext> known = idTokens;
        if (known == null) {
            JWKSource<SecurityContext> keys;
            try {
                keys = JWKSourceBuilder.create(metadata().jwksUri().toURL(), new DefaultResourceRetriever(5_000, 5_000, 512 * 1024))
                        .retrying(false).build();
            } catch (IOException e) {
                throw failure("its key set URL is not valid");
            }
            Set<JWSAlgorithm> algorithms = issuer.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
            known = new DefaultJWTProcessor<>();
            known.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
            DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(client.clientId(),
                    new JWTClaimsSet.Builder().issuer(issuer.issuer().toString()).build(), Set.of("sub", "exp")) {
                @Override
                protected Date currentTime() {
                    return Date.from(clock.instant());
                }
            };
            verifier.setMaxClockSkew((int) issuer.clockSkew().toSeconds());
            known.setJWTClaimsSetVerifier(verifier);
            idTokens = known;
        }
        return known;
    }

    private Tokens tokens(JsonNode answer) {
        if (answer.has("error")) {
            throw failure("its token endpoint refused: " + answer.path("error").asText()
                    + (answer.hasNonNull("error_description") ? " (" + answer.path("error_description").asText() + ")" : ""));
        }
        String access = answer.path("access_token").asText("");
        if (access.isEmpty()) {
            throw failure("its token endpoint answered no access_token");
        }
        return new Tokens(text(answer, "id_token"), access, text(answer, "refresh_token"), answer.path("expires_in").asLong(3600));
    }

    private static Optional<String> text(JsonNode node, String field) {
        return Optional.of(node.path(field).asText("")).filter(s -> !s.isEmpty());
    }

    private JsonNode postToken(Map<String, String> form) {
        return postAsClient(metadata().tokenEndpoint(), form);
    }

    /** A public client names itself in the form; a confidential one authenticates with HTTP Basic. */
    private JsonNode postAsClient(URI endpoint, Map<String, String> form) {
        if (client.clientSecret().isEmpty()) {
            form.put("client_id", client.clientId());
        }
        return post(endpoint, form);
    }

    private JsonNode post(URI endpoint, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(TIMEOUT).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body));
        client.clientSecret().ifPresent(secret -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (encode(client.clientId()) + ":" + encode(secret)).getBytes(StandardCharsets.UTF_8))));
        return send(request.build(), endpoint);
    }

    private JsonNode getJson(URI uri) {
        return send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json").GET().build(), uri);
    }

    private JsonNode send(HttpRequest request, URI uri) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = JSON.readTree(response.body());
            } catch (IOException e) {
                throw failure(uri + " answered HTTP " + response.statusCode() + " without JSON");
            }
            if (response.statusCode() != 200 && (body == null || !body.has("error"))) {
                throw failure(uri + " answered HTTP " + response.statusCode());
            }
            return body;
        } catch (IOException e) {
            throw failure(uri + " cannot be reached (" + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while calling " + uri);
        }
    }

    private URI endpoint(JsonNode document, String field) {
        String value = document.path(field).asText("");
        if (value.isEmpty()) {
            throw failure("its discovery document has no " + field);
        }
        return URI.create(value);
    }

    private LagunaException failure(String reason) {
        return new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate through issuer " + issuer.name() + ": " + reason);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
