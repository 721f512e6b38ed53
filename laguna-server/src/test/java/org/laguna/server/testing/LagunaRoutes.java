package org.laguna.server.testing;

import java.util.ArrayList;
import java.util.List;
import org.laguna.server.testing.ApiFuzzer.Route;

/**
 * The routes the server registers, as method and path template, for tests that go over all of
 * them. Sub-paths of the catch-all routes ({@code /dids/<rest>}, {@code /rules/<rest>}, ...) are
 * listed one by one.
 */
public final class LagunaRoutes {
    private LagunaRoutes() {
    }

    public static List<Route> all() {
        List<Route> routes = new ArrayList<>();
        add(routes, "GET", "/ping", "/health", "/accounts", "/accounts/whoami", "/accounts/{account}", "/accounts/{account}/attr",
                "/accounts/{account}/scopes", "/accounts/{account}/identities", "/identities/{identity}/{type}/accounts",
                "/accounts/{account}/limits", "/accounts/{account}/limits/local", "/accounts/{account}/limits/{rse}",
                "/accounts/{account}/limits/local/{rse}", "/accounts/{account}/limits/global/{expression}", "/accounts/{account}/usage",
                "/accounts/{account}/usage/{rse}", "/accounts/{account}/rules", "/auth/validate", "/credentials/signurl",
                "/replicas/{scope}/{name}/datasets", "/replicas/{scope}/{name}", "/dids/{scope}", "/dids/{scope}/dids/search",
                "/dids/{scope}/{name}", "/dids/{scope}/{name}/status", "/dids/{scope}/{name}/meta", "/dids/{scope}/{name}/dids",
                "/dids/{scope}/{name}/files", "/dids/{scope}/{name}/parents", "/dids/{scope}/{name}/rules",
                "/dids/{scope}/{name}/associated_rules", "/dids/{scope}/{name}/dids/history", "/heartbeats", "/requests/list",
                "/requests/history/list", "/requests/metrics", "/requests/transfer_limits", "/requests/{scope}/{name}/{rse}",
                "/requests/matrix", "/rses", "/rses/{rse}", "/rses/{rse}/attr", "/rses/{rse}/protocols", "/rses/{rse}/protocols/{scheme}",
                "/rses/{rse}/lfns2pfns", "/rses/{rse}/usage", "/rses/{rse}/limits", "/rses/{source}/distances/{destination}", "/rules",
                "/rules/{id}", "/rules/{id}/locks", "/rules/{id}/history", "/rules/{id}/analysis", "/rules/{scope}/{name}/history",
                "/locks/{scope}/{name}", "/locks/{rse}", "/scopes", "/scopes/owner", "/scopes/{account}/scopes");
        add(routes, "POST", "/accounts/{account}", "/accounts/{account}/attr/{key}", "/accounts/{account}/scopes/{scope}",
                "/accounts/{account}/identities", "/accounts/{account}/limits/local/{rse}", "/accounts/{account}/limits/global/{expression}",
                "/dids", "/dids/attachments", "/dids/{scope}/{name}", "/dids/{scope}/{name}/dids", "/dids/{scope}/{name}/meta",
                "/dids/{scope}/{name}/meta/{key}", "/replicas", "/replicas/list", "/replicas/bad", "/replicas/import", "/rses/{rse}",
                "/rses/{rse}/attr/{key}", "/rses/{rse}/protocols/{scheme}", "/rses/{source}/distances/{destination}", "/rules",
                "/rules/{id}/reduce", "/rules/{id}/move", "/locks/bulk_locks_for_dids", "/scopes/{account}/{scope}");
        add(routes, "PUT", "/accounts/{account}", "/identities/{account}/userpass", "/dids/{scope}/{name}", "/dids/{scope}/{name}/status",
                "/replicas", "/requests/transfer_limits", "/rses/{rse}", "/rses/{rse}/protocols/{scheme}", "/rses/{rse}/usage",
                "/rses/{rse}/limits", "/rses/{source}/distances/{destination}", "/rules/{id}", "/scopes/{account}/{scope}");
        add(routes, "DELETE", "/accounts/{account}", "/accounts/{account}/attr/{key}", "/accounts/{account}/identities",
                "/accounts/{account}/limits/local/{rse}", "/accounts/{account}/limits/global/{expression}", "/dids/{scope}/{name}/dids",
                "/dids/{scope}/{name}/meta", "/replicas", "/requests/transfer_limits", "/rses/{rse}", "/rses/{rse}/attr/{key}",
                "/rses/{rse}/protocols/{scheme}", "/rses/{rse}/limits", "/rses/{source}/distances/{destination}", "/rules/{id}");
        return List.copyOf(routes);
    }

    private static void add(List<Route> routes, String method, String... templates) {
        for (String template : templates) {
            routes.add(new Route(method, template));
        }
    }
}
