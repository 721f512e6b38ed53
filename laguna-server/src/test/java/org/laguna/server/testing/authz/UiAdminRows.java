package org.laguna.server.testing.authz;

import java.util.Set;

/**
 * The web interface's routes for transfers, account and RSE administration, signing in with the OIDC
 * provider and registering. Like the other pages ({@link UiRows}) they authenticate by the session
 * cookie, not by a token; their permissions are checked by UiAdminPagesTest and UiAdminBrowserTest
 * (an account that does not administer is refused every change), UiOidcTest and UiOidcBrowserTest.
 */
final class UiAdminRows {
    static final Set<String> ROUTES = Set.of(
            "GET /ui/transfers",
            "GET /ui/accounts",
            "GET /ui/accounts/{account}",
            "POST /ui/accounts/{account}/quotas",
            "POST /ui/accounts/{account}/quotas/delete",
            "POST /ui/accounts/{account}/attributes",
            "POST /ui/accounts/{account}/attributes/delete",
            "POST /ui/accounts/{account}/status",
            "POST /ui/registrations/{id}/approve",
            "POST /ui/registrations/{id}/deny",
            "POST /ui/rses/{rse}/attributes",
            "POST /ui/rses/{rse}/attributes/delete",
            "POST /ui/rses/{rse}/limits",
            "POST /ui/rses/{rse}/limits/delete",
            "POST /ui/rses/{rse}/availability",
            "GET /ui/login/oidc",
            "GET /ui/login/oidc/callback",
            "GET /ui/register",
            "POST /ui/register");

    private UiAdminRows() {
    }
}
