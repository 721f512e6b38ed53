package org.laguna.server.testing.authz;

import java.util.Set;

/**
 * The web interface's routes. They are not REST routes: a page authenticates by the session cookie of
 * a sign-in, not by a token, and answers HTML, so the token matrix does not run them. Their
 * permissions are checked by the UI's own tests (UiSecurityTest: no session, wrong CSRF token,
 * another account's rule; UiBrowserTest: the same in a real browser).
 */
final class UiRows {
    static final Set<String> ROUTES = Set.of(
            "GET /",
            "GET /ui/assets/{file}",
            "GET /ui/login",
            "POST /ui/login",
            "POST /ui/logout",
            "GET /ui",
            "GET /ui/scopes",
            "GET /ui/scopes/{scope}",
            "GET /ui/did",
            "GET /ui/did/replicas",
            "GET /ui/rules/{id}",
            "GET /ui/rules/{id}/progress",
            "POST /ui/rules/{id}/lifetime",
            "POST /ui/rules/{id}/delete",
            "GET /ui/rules/{id}/events",
            "GET /ui/rses",
            "GET /ui/rses/{rse}");

    private UiRows() {
    }
}
