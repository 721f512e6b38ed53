package org.laguna.core.auth;

import java.time.Instant;
import java.util.Objects;
import org.laguna.core.auth.oidc.TokenGrants;

/**
 * The authenticated account behind a request, from its token; {@code grants} are the scopes and
 * groups an OIDC access token carries ({@link TokenGrants#NONE} for Laguna's own tokens);
 * {@code authMethod} says how the token was obtained ({@code userpass}, {@code x509}, {@code oidc},
 * {@code internal}) and {@code origin} where the request comes from, both for the audit log.
 */
public record Caller(String account, String vo, String identity, String tokenHash, Instant expiresAt, TokenGrants grants,
        String authMethod, RequestOrigin origin) {
    public Caller {
        Objects.requireNonNull(account, "account is null");
        Objects.requireNonNull(vo, "vo is null");
        Objects.requireNonNull(grants, "grants is null");
        authMethod = authMethod == null ? "token" : authMethod;
        origin = origin == null ? RequestOrigin.INTERNAL : origin;
    }

    /** A caller whose token carries grants, from no particular request. */
    public Caller(String account, String vo, String identity, String tokenHash, Instant expiresAt, TokenGrants grants) {
        this(account, vo, identity, tokenHash, expiresAt, grants, null, null);
    }

    /** A caller authenticated by a token that carries no grants of its own. */
    public Caller(String account, String vo, String identity, String tokenHash, Instant expiresAt) {
        this(account, vo, identity, tokenHash, expiresAt, TokenGrants.NONE);
    }

    /** A caller for work the server does on its own behalf (bootstrap, daemons). */
    public static Caller system(String rootAccount) {
        return new Caller(rootAccount, "def", rootAccount, "", Instant.MAX, TokenGrants.NONE, "internal", RequestOrigin.INTERNAL);
    }

    /** The same caller, making the given request. */
    public Caller from(RequestOrigin requestOrigin) {
        return new Caller(account, vo, identity, tokenHash, expiresAt, grants, authMethod, requestOrigin);
    }
}
