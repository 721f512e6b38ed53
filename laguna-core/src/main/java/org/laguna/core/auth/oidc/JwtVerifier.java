package org.laguna.core.auth.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Verifies JWT access tokens of the configured issuers: the algorithm must be one the issuer may
 * use (public-key only), the signature must verify with a key of the issuer's key set (found
 * through its discovery document, cached, and fetched again when a token names an unknown
 * {@code kid}), and {@code iss}, {@code aud}, {@code exp}, {@code nbf} and {@code wlcg.ver} must
 * check out. A verified token is remembered, keyed by the token itself, until it expires, so a
 * client sending the same token again costs no signature check.
 */
public final class JwtVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HTTP_TIMEOUT_MS = 5_000;
    private static final int JWKS_SIZE_LIMIT = 512 * 1024;
    private static final Duration DISCOVERY_RETRY = Duration.ofSeconds(10);

    private final OidcConfig config;
    private final Clock clock;
    private final Map<String, IssuerVerifier> byIssuer = new HashMap<>();
    private final Map<String, VerifiedToken> verified = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofMillis(HTTP_TIMEOUT_MS))
            .followRedirects(HttpClient.Redirect.NORMAL).build();

    public JwtVerifier(OidcConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        for (OidcConfig.Issuer issuer : config.issuers()) {
            byIssuer.put(issuer.issuer().toString(), new IssuerVerifier(issuer));
        }
    }

    /** Whether a presented token has the shape of a JWT (three dot-separated parts), as opposed to Laguna's own tokens. */
    public static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    /** The verified token, or CannotAuthenticate naming what is wrong with it. */
    public VerifiedToken verify(String token) {
        Instant now = clock.instant();
        VerifiedToken known = verified.get(token);
        if (known != null) {
            if (now.isBefore(known.expiresAt())) {
                return known;
            }
            verified.remove(token);
        }
        VerifiedToken fresh = check(token);
        if (verified.size() >= config.cacheSize()) {
            verified.entrySet().removeIf(e -> !now.isBefore(e.getValue().expiresAt()));
            if (verified.size() >= config.cacheSize()) {
                verified.clear();
            }
        }
        verified.put(token, fresh);
        return fresh;
    }

    private VerifiedToken check(String token) {
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException e) {
            throw rejected("it is not a well-formed JWT");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw rejected("it is not signed (alg " + jwt.getHeader().getAlgorithm() + ")");
        }
        String algorithm = signed.getHeader().getAlgorithm().getName();
        if (!OidcConfig.ASYMMETRIC.contains(algorithm)) {
            throw rejected("algorithm " + algorithm + " is not accepted");
        }
        String iss;
        try {
            iss = signed.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            throw rejected("its claims are not a JSON object");
        }
        if (iss == null) {
            throw rejected("it has no issuer (iss)");
        }
        IssuerVerifier issuer = byIssuer.get(iss);
        if (issuer == null) {
            throw rejected("issuer " + iss + " is not trusted");
        }
        return issuer.verify(signed, algorithm);
    }

    static LagunaException rejected(String reason) {
        return new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate with the OIDC token: " + reason);
    }

    /** The checks of one issuer; its key source is set up on first use, from the discovery document unless configured. */
    private final class IssuerVerifier {
        private final OidcConfig.Issuer issuer;
        private volatile DefaultJWTProcessor<SecurityContext> processor;
        private Instant discoveryRetryAt = Instant.MIN;
        private LagunaException discoveryFailure;

        IssuerVerifier(OidcConfig.Issuer issuer) {
            this.issuer = issuer;
        }

        VerifiedToken verify(SignedJWT signed, String algorithm) {
            if (!issuer.algorithms().contains(algorithm)) {
                throw rejected("algorithm " + algorithm + " is not accepted from issuer " + issuer.issuer());
            }
            JWTClaimsSet claims;
            try {
                claims = processor().process(signed, null);
            } catch (BadJWTException e) {
                throw rejected(describe(e, signed));
            } catch (BadJOSEException e) {
                throw rejected(describe(e, signed));
            } catch (KeySourceException e) {
                throw rejected("the keys of issuer " + issuer.issuer() + " cannot be fetched (" + e.getMessage() + ")");
            } catch (JOSEException e) {
                throw rejected("its signature cannot be checked (" + e.getMessage() + ")");
            }
            TokenGrants grants;
            try {
                grants = TokenGrants.fromClaims(claims.getClaim("scope"), claims.getClaim("wlcg.groups"), claims.getClaim("wlcg.ver"));
            } catch (IllegalArgumentException e) {
                throw rejected(e.getMessage());
            }
            Optional<String> claimedAccount = issuer.accountClaim().map(claims::getClaim).map(Object::toString).filter(s -> !s.isBlank());
            String iss = claims.getIssuer();
            Map<String, String> text = new HashMap<>();
            claims.getClaims().forEach((name, value) -> {
                if (value instanceof String string) {
                    text.put(name, string);
                }
            });
            return new VerifiedToken(issuer.name(), iss, claims.getSubject(), VerifiedToken.identityOf(claims.getSubject(), iss),
                    claims.getExpirationTime().toInstant(), claimedAccount, grants, text);
        }

        private String describe(BadJOSEException e, SignedJWT signed) {
            String message = String.valueOf(e.getMessage());
            if (message.equals("Expired JWT")) {
                return "it has expired";
            }
            if (message.equals("JWT before use time")) {
                return "it is not valid yet (nbf)";
            }
            if (message.startsWith("JWT aud") || message.startsWith("JWT audience") || message.startsWith("JWT missing required audience")) {
                return "its audience " + audience(signed) + " is not accepted (expected one of "
                        + issuer.audiences().stream().sorted().collect(Collectors.joining(", ")) + ")";
            }
            if (message.contains("Invalid signature")) {
                return "its signature is invalid";
            }
            if (message.contains("no matching key")) {
                return "no key of issuer " + issuer.issuer() + " matches it (kid " + signed.getHeader().getKeyID() + ")";
            }
            if (message.startsWith("JWT missing required claims")) {
                return "it lacks required claims " + message.substring("JWT missing required claims".length()).replace(":", "").trim();
            }
            return message;
        }

        private String audience(SignedJWT signed) {
            try {
                return String.valueOf(signed.getJWTClaimsSet().getAudience());
            } catch (ParseException e) {
                return "?";
            }
        }

        private DefaultJWTProcessor<SecurityContext> processor() {
            DefaultJWTProcessor<SecurityContext> current = processor;
            if (current == null) {
                synchronized (this) {
                    current = processor;
                    if (current == null) {
                        current = build(issuer.jwksUri().orElseGet(this::discoverJwksUriOnceInAWhile));
                        processor = current;
                    }
                }
            }
            return current;
        }

        /** A failed discovery is answered from memory for a while, so bad tokens cannot make Laguna hammer an unreachable issuer. */
        private URI discoverJwksUriOnceInAWhile() {
            Instant now = clock.instant();
            if (discoveryFailure != null && now.isBefore(discoveryRetryAt)) {
                throw discoveryFailure;
            }
            try {
                return discoverJwksUri();
            } catch (LagunaException e) {
                discoveryFailure = e;
                discoveryRetryAt = now.plus(DISCOVERY_RETRY);
                throw e;
            }
        }

        private URI discoverJwksUri() {
            URI discovery = issuer.discoveryUri();
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofMillis(HTTP_TIMEOUT_MS))
                        .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw rejected("the discovery document of issuer " + issuer.issuer() + " answered HTTP " + response.statusCode());
                }
                JsonNode document = JSON.readTree(response.body());
                String announced = document.path("issuer").asText("");
                if (!announced.equals(issuer.issuer().toString())) {
                    throw rejected("the discovery document at " + discovery + " names issuer " + announced + ", not " + issuer.issuer());
                }
                String jwks = document.path("jwks_uri").asText("");
                if (jwks.isEmpty()) {
                    throw rejected("the discovery document of issuer " + issuer.issuer() + " has no jwks_uri");
                }
                return URI.create(jwks);
            } catch (IOException | IllegalArgumentException e) {
                throw rejected("the discovery document of issuer " + issuer.issuer() + " cannot be read (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw rejected("interrupted while reading the discovery document of issuer " + issuer.issuer());
            }
        }

        private DefaultJWTProcessor<SecurityContext> build(URI jwksUri) {
            JWKSource<SecurityContext> keys;
            try {
                keys = JWKSourceBuilder.create(jwksUri.toURL(), new DefaultResourceRetriever(HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS, JWKS_SIZE_LIMIT))
                        .retrying(false).build();
            } catch (MalformedURLException e) {
                throw rejected("the key set URL " + jwksUri + " of issuer " + issuer.issuer() + " is not valid");
            }
            Set<JWSAlgorithm> algorithms = issuer.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toSet());
            DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
            built.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
            built.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, keys));
            DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(issuer.audiences(),
                    new JWTClaimsSet.Builder().issuer(issuer.issuer().toString()).build(), Set.of("sub", "exp"), null) {
                @Override
                protected Date currentTime() {
                    return Date.from(clock.instant());
                }
            };
            claims.setMaxClockSkew((int) issuer.clockSkew().toSeconds());
            built.setJWTClaimsSetVerifier(claims);
            return built;
        }
    }
}
