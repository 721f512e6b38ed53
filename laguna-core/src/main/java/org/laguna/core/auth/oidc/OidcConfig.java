package org.laguna.core.auth.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The OIDC issuers whose JWT access tokens Laguna accepts, read from {@code auth.oidc.*}:
 * {@code auth.oidc.issuers} names them (comma-separated); for each name,
 * {@code auth.oidc.NAME.issuer} is the issuer URL exactly as in the tokens' {@code iss} claim,
 * {@code .audiences} the accepted {@code aud} values (comma-separated, default {@code rucio}),
 * {@code .jwks-uri} the key set's URL when it should not come from the issuer's discovery document,
 * {@code .account-claim} a claim naming the account to use when the request names none,
 * {@code .algorithms} the accepted signature algorithms (asymmetric only; default all of
 * {@link #ASYMMETRIC}) and {@code .clock-skew} (PT60S, at most PT5M) the tolerance on
 * {@code exp}/{@code nbf}. {@code auth.oidc.cache-size} (10000) bounds how many verified tokens a
 * process remembers until they expire.
 */
public record OidcConfig(List<Issuer> issuers, int cacheSize) {
    /** The signature algorithms an issuer may use: public-key ones only, never {@code none} or HMAC. */
    public static final Set<String> ASYMMETRIC =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    public static final OidcConfig NONE = new OidcConfig(List.of(), 10_000);

    public OidcConfig {
        issuers = List.copyOf(issuers);
        if (cacheSize < 1) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "auth.oidc.cache-size must be at least 1, got " + cacheSize);
        }
        Set<URI> seen = new LinkedHashSet<>();
        for (Issuer issuer : issuers) {
            if (!seen.add(issuer.issuer())) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "auth.oidc: issuer " + issuer.issuer() + " is configured twice");
            }
        }
    }

    /** One trusted issuer. */
    public record Issuer(String name, URI issuer, Set<String> audiences, Optional<URI> jwksUri, Optional<String> accountClaim,
            Set<String> algorithms, Duration clockSkew) {
        public Issuer {
            Objects.requireNonNull(name, "name is null");
            Objects.requireNonNull(issuer, "issuer is null");
            audiences = Set.copyOf(audiences);
            Objects.requireNonNull(jwksUri, "jwksUri is null");
            Objects.requireNonNull(accountClaim, "accountClaim is null");
            algorithms = Set.copyOf(algorithms);
            Objects.requireNonNull(clockSkew, "clockSkew is null");
            String prefix = "auth.oidc." + name + ".";
            if (audiences.isEmpty()) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, prefix + "audiences must name at least one audience");
            }
            if (algorithms.isEmpty()) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, prefix + "algorithms must name at least one algorithm");
            }
            for (String algorithm : algorithms) {
                if (!ASYMMETRIC.contains(algorithm)) {
                    throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, prefix + "algorithms: " + algorithm
                            + " is not accepted; use public-key algorithms only (" + String.join(", ", ASYMMETRIC.stream().sorted().toList()) + ")");
                }
            }
            if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, prefix + "clock-skew must be between PT0S and " + MAX_CLOCK_SKEW
                        + ", got " + clockSkew);
            }
        }

        /** The URL of the issuer's discovery document. */
        public URI discoveryUri() {
            String base = issuer.toString();
            return URI.create((base.endsWith("/") ? base : base + "/") + ".well-known/openid-configuration");
        }
    }

    /** Whether any issuer is trusted. */
    public boolean enabled() {
        return !issuers.isEmpty();
    }

    public static OidcConfig load(ConfigSource source) {
        List<Issuer> issuers = new ArrayList<>();
        for (String name : list(source.get("auth.oidc.issuers"))) {
            String prefix = "auth.oidc." + name + ".";
            URI issuer = uri(prefix + "issuer", source.get(prefix + "issuer").orElseThrow(() ->
                    new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, prefix + "issuer is not set; auth.oidc.issuers names " + name)));
            Set<String> audiences = new LinkedHashSet<>(list(source.get(prefix + "audiences")));
            if (audiences.isEmpty()) {
                audiences.add("rucio");
            }
            Set<String> algorithms = new LinkedHashSet<>();
            list(source.get(prefix + "algorithms")).forEach(a -> algorithms.add(a.toUpperCase(Locale.ROOT)));
            if (algorithms.isEmpty()) {
                algorithms.addAll(ASYMMETRIC);
            }
            issuers.add(new Issuer(name, issuer, audiences, source.get(prefix + "jwks-uri").map(u -> uri(prefix + "jwks-uri", u)),
                    source.get(prefix + "account-claim"), algorithms, source.getDuration(prefix + "clock-skew", DEFAULT_CLOCK_SKEW)));
        }
        return new OidcConfig(issuers, source.getInt("auth.oidc.cache-size", NONE.cacheSize()));
    }

    private static List<String> list(Optional<String> value) {
        return value.map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()).orElse(List.of());
    }

    private static URI uri(String key, String value) {
        try {
            URI uri = new URI(value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be an http(s) URL, got " + value);
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " is not a URL: " + value, e);
        }
    }
}
