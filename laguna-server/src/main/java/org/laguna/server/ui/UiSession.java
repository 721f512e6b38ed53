package org.laguna.server.ui;

import java.util.Objects;
import org.laguna.core.auth.Caller;

/** A signed-in browser: the caller behind its session token and the CSRF token its forms carry. */
record UiSession(Caller caller, String token, String csrf) {
    UiSession {
        Objects.requireNonNull(caller, "caller is null");
        Objects.requireNonNull(token, "token is null");
        Objects.requireNonNull(csrf, "csrf is null");
    }

    String account() {
        return caller.account();
    }
}
