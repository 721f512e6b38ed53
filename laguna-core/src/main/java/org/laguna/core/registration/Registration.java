package org.laguna.core.registration;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A person's request for an account, made with an OIDC identity ({@code SUB=..., ISS=...}).
 *
 * @param account the account created (APPROVED) or to be created (PENDING)
 * @param termsVersion the latest version of the terms of use the person accepted, and when
 */
public record Registration(UUID id, String identity, String account, Optional<String> email, Status status, Instant requestedAt,
        Optional<Instant> decidedAt, Optional<String> decidedBy, Optional<String> reason, String termsVersion, Instant termsAcceptedAt) {
    /** Where a registration stands. */
    public enum Status {
        PENDING, APPROVED, DENIED
    }

    public Registration {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(identity, "identity is null");
        Objects.requireNonNull(account, "account is null");
        Objects.requireNonNull(email, "email is null");
        Objects.requireNonNull(status, "status is null");
        Objects.requireNonNull(requestedAt, "requestedAt is null");
        Objects.requireNonNull(decidedAt, "decidedAt is null");
        Objects.requireNonNull(decidedBy, "decidedBy is null");
        Objects.requireNonNull(reason, "reason is null");
        Objects.requireNonNull(termsVersion, "termsVersion is null");
        Objects.requireNonNull(termsAcceptedAt, "termsAcceptedAt is null");
    }

    /** The outcome of asking to register: the registration, and whether this request made it. */
    public record Outcome(Registration registration, boolean created) {
        public Outcome {
            Objects.requireNonNull(registration, "registration is null");
        }
    }
}
