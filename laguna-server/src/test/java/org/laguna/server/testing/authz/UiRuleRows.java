package org.laguna.server.testing.authz;

import java.util.Set;

/**
 * The web interface's routes for creating, approving and changing rules and for downloads. Like
 * {@link UiRows}, they authenticate by the session cookie and answer HTML; UiRuleWizardBrowserTest and
 * UiRulePagesTest check who may use them (another account's rule, an account that approves nothing,
 * a forged post).
 */
final class UiRuleRows {
    static final Set<String> ROUTES = Set.of(
            "GET /ui/rules/new",
            "POST /ui/rules/new",
            "GET /ui/rules/new/search",
            "GET /ui/rules/new/add",
            "GET /ui/rules/new/rses",
            "GET /ui/rules/new/check",
            "POST /ui/rules/{id}/priority",
            "POST /ui/rules/{id}/boost",
            "POST /ui/rules/{id}/reduce",
            "POST /ui/rules/{id}/move",
            "GET /ui/approvals",
            "GET /ui/approvals/nav",
            "POST /ui/approvals/{id}",
            "GET /ui/download");

    private UiRuleRows() {
    }
}
