package org.laguna.core.auth.oidc;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A JWT access token whose signature, issuer, audience, lifetime and algorithm checked out.
 *
 * @param identity the OIDC identity it stands for, in Rucio's form {@code SUB=<sub>, ISS=<issuer>}
 * @param claimedAccount the account named by the issuer's {@code account-claim}, if configured and present
 */
public record VerifiedToken(String issuerName, String issuer, String subject, String identity, Instant expiresAt,
        Optional<String> claimedAccount, TokenGrants grants) {
    public VerifiedToken {
        Objects.requireNonNull(issuer, "issuer is null");
        Objects.requireNonNull(subject, "subject is null");
        Objects.requireNonNull(identity, "identity is null");
        Objects.requireNonNull(expiresAt, "expiresAt is null");
        Objects.requireNonNull(claimedAccount, "claimedAccount is null");
        Objects.requireNonNull(grants, "grants is null");
    }

    /** Rucio's identity string of an OIDC subject: {@code SUB=<sub>, ISS=<issuer>}. */
    public static String identityOf(String subject, String issuer) {
        return "SUB=" + subject + ", ISS=" + issuer;
    }
}
