package org.laguna.server.testing.authz;

import java.util.Set;

/**
 * The web interface's pages of subscriptions, lifetime exceptions, the audit log and the events. Like
 * {@link UiRows}, they authenticate by the session cookie of a sign-in and answer HTML, so the token
 * matrix does not run them; UiOversightPagesTest and UiOversightBrowserTest check their permissions
 * (another account's subscription, a decision by a non-administrator, another account's audit log,
 * the events for a non-administrator).
 */
final class UiOversightRows {
    static final Set<String> ROUTES = Set.of(
            "GET /ui/subscriptions",
            "GET /ui/subscriptions/{account}/{name}",
            "POST /ui/subscriptions/{account}/{name}/state",
            "POST /ui/subscriptions/{account}/{name}/edit",
            "GET /ui/lifetime-exceptions",
            "POST /ui/lifetime-exceptions",
            "POST /ui/lifetime-exceptions/{id}/decision",
            "GET /ui/audit",
            "GET /ui/events");

    private UiOversightRows() {
    }
}
