package org.laguna.core.auth.oidc;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A JWT access token whose signature, issuer, audience, lifetime and algorithm checked out.
 *
 * @param identity the OIDC identity it stands for, in Rucio's form {@code SUB=<sub>, ISS=<issuer>}
 * @param claimedAccount the account named by the issuer's {@code account-claim}, if configured and present
 * @param textClaims the token's claims whose values are text ({@code preferred_username}, {@code email}, ...)
 */
public record VerifiedToken(String issuerName, String issuer, String subject, String identity, Instant expiresAt,
        Optional<String> claimedAccount, TokenGrants grants, Map<String, String> textClaims) {
    public VerifiedToken {
        Objects.requireNonNull(issuer, "issuer is null");
        Objects.requireNonNull(subject, "subject is null");
        Objects.requireNonNull(identity, "identity is null");
        Objects.requireNonNull(expiresAt, "expiresAt is null");
        Objects.requireNonNull(claimedAccount, "claimedAccount is null");
        Objects.requireNonNull(grants, "grants is null");
        textClaims = Map.copyOf(textClaims);
    }

    /** A claim of the token whose value is text, if present and not blank. */
    public Optional<String> textClaim(String name) {
        return Optional.ofNullable(textClaims.get(name)).filter(value -> !value.isBlank());
    }

    /** Rucio's identity string of an OIDC subject: {@code SUB=<sub>, ISS=<issuer>}. */
    public static String identityOf(String subject, String issuer) {
        return "SUB=" + subject + ", ISS=" + issuer;
    }
}
