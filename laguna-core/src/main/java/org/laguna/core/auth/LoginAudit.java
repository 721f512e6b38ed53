package org.laguna.core.auth;

import java.util.Objects;
import org.laguna.core.db.Tx;

/**
 * Where logins and self-registrations are recorded (the audit log), in the transaction that issues
 * the token or makes the registration: who (account, identity, method, VO), what, and the request
 * it came with (id, client address). Never the password, token or certificate.
 */
@FunctionalInterface
public interface LoginAudit {
    /** Records nothing. */
    LoginAudit NONE = (tx, login) -> { };

    void record(Tx tx, Login login);

    /**
     * One login ({@code action} {@code login}) or self-registration ({@code register}); the
     * account may be null for a registration that waits for approval.
     */
    record Login(String action, String account, String identity, String authMethod, String vo, String target, RequestOrigin origin) {
        public Login {
            Objects.requireNonNull(action, "action is null");
            Objects.requireNonNull(identity, "identity is null");
            Objects.requireNonNull(authMethod, "authMethod is null");
            Objects.requireNonNull(origin, "origin is null");
        }
    }
}
