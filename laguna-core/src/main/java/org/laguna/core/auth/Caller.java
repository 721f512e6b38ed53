package org.laguna.core.auth;

import java.time.Instant;
import java.util.Objects;

/** The authenticated account behind a request, from its token. */
public record Caller(String account, String vo, String identity, String tokenHash, Instant expiresAt) {
    public Caller {
        Objects.requireNonNull(account, "account is null");
        Objects.requireNonNull(vo, "vo is null");
    }

    /** A caller for work the server does on its own behalf (bootstrap, daemons). */
    public static Caller system(String rootAccount) {
        return new Caller(rootAccount, "def", rootAccount, "", Instant.MAX);
    }
}
