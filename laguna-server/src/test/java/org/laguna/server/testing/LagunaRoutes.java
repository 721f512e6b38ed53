package org.laguna.server.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                "/accounts/{account}/usage/{rse}", "/accounts/{account}/rules", "/auth/validate", "/auth/x509", "/auth/x509_proxy", "/credentials/signurl",
                "/replicas/{scope}/{name}/datasets", "/replicas/{scope}/{name}", "/dids/{scope}", "/dids/{scope}/dids/search",
                "/dids/{scope}/{name}", "/dids/{scope}/{name}/status", "/dids/{scope}/{name}/meta", "/dids/{scope}/{name}/dids",
                "/dids/{scope}/{name}/files", "/dids/{scope}/{name}/parents", "/dids/{scope}/{name}/rules",
                "/dids/{scope}/{name}/associated_rules", "/dids/{scope}/{name}/dids/history", "/heartbeats", "/requests/list",
                "/requests/history/list", "/requests/metrics", "/requests/transfer_limits", "/requests/{scope}/{name}/{rse}",
                "/requests/matrix", "/export", "/rses", "/rses/{rse}", "/rses/{rse}/attr", "/rses/{rse}/protocols", "/rses/{rse}/protocols/{scheme}",
                "/rses/{rse}/lfns2pfns", "/rses/{rse}/usage", "/rses/{rse}/limits", "/rses/{source}/distances/{destination}", "/rules",
                "/rules/{id}", "/rules/{id}/locks", "/rules/{id}/history", "/rules/{id}/analysis", "/rules/{scope}/{name}/history",
                "/locks/{scope}/{name}", "/locks/{rse}", "/scopes", "/scopes/owner", "/scopes/{account}/scopes", "/subscriptions",
                "/subscriptions/{account}", "/subscriptions/{account}/{name}", "/subscriptions/id/{id}", "/subscriptions/Id/{id}",
                "/subscriptions/name/{name}", "/subscriptions/Name/{name}", "/subscriptions/", "/subscriptions/{account}/{name}/rules", "/subscriptions/{account}/{name}/Rules",
                "/subscriptions/{account}/{name}/rules/states", "/subscriptions/{account}/{name}/Rules/States",
                "/subscriptions/{account}/rules/states", "/subscriptions/{account}/Rules/States", "/lifetime_exceptions",
                "/lifetime_exceptions/{id}", "/config", "/config/{section}", "/config/{section}/{option}", "/meta_conventions",
                "/meta_conventions/{key}", "/redirect/{scope}/{name}",
                "/replicas/bad/states", "/replicas/bad/summary", "/replicas/suspicious", "/rses/{rse}/accounts/usage",
                "/rses/{rse}/usage/history", "/accounts/{account}/usage/history/{rse}", "/dids/{scope}/{name}/follow", "/rses/{rse}/qos_policy",
                "/policy/explain",
                "/auth/oidc", "/auth/oidc_redirect", "/auth/oidc_code", "/auth/oidc_token", "/auth/oidc_refresh", "/auth/oidc_device",
                "/audit", "/register/terms", "/register/pending",
                "/accounts/{account}/members", "/accounts/{account}/groups",
                "/archives/{scope}/{name}/files", "/redirect/{scope}/{name}/metalink", "/messages");
        add(routes, "POST", "/accounts/{account}", "/accounts/{account}/attr/{key}", "/accounts/{account}/scopes/{scope}",
                "/accounts/{account}/identities", "/accounts/{account}/limits/local/{rse}", "/accounts/{account}/limits/global/{expression}",
                "/dids", "/dids/attachments", "/dids/{scope}/{name}", "/dids/{scope}/{name}/dids", "/dids/{scope}/{name}/meta",
                "/dids/{scope}/{name}/meta/{key}", "/replicas", "/replicas/list", "/replicas/bad", "/replicas/import", "/replicas/tombstone", "/import",
                "/rses/{rse}", "/rses/{rse}/attr/{key}", "/rses/{rse}/protocols/{scheme}", "/rses/{source}/distances/{destination}", "/rules",
                "/rules/{id}/reduce", "/rules/{id}/move", "/locks/bulk_locks_for_dids", "/scopes/{account}/{scope}",
                "/subscriptions/{account}/{name}", "/lifetime_exceptions", "/config", "/meta_conventions/{key}", "/traces",
                "/replicas/datasets_bulk", "/replicas/suspicious", "/dids/{scope}/{name}/follow",
                "/dids/sample", "/rses/{rse}/qos_policy/{policy}", "/dids/bulkmeta", "/register", "/register/{id}/approve",
                "/register/{id}/deny", "/accounts/{account}/members/{member}",
                "/dids/bulkdidsmeta", "/dirac/addfiles");
        add(routes, "PUT", "/accounts/{account}", "/identities/{account}/userpass", "/dids/{scope}/{name}", "/dids/{scope}/{name}/status",
                "/replicas", "/requests/transfer_limits", "/rses/{rse}", "/rses/{rse}/protocols/{scheme}", "/rses/{rse}/usage",
                "/rses/{rse}/limits", "/rses/{source}/distances/{destination}", "/rules/{id}", "/scopes/{account}/{scope}",
                "/subscriptions/{account}/{name}", "/lifetime_exceptions/{id}", "/config/{section}/{option}/{value}");
        add(routes, "DELETE", "/accounts/{account}", "/accounts/{account}/attr/{key}", "/accounts/{account}/identities",
                "/accounts/{account}/limits/local/{rse}", "/accounts/{account}/limits/global/{expression}", "/dids/{scope}/{name}/dids",
                "/dids/{scope}/{name}/meta", "/dids/{scope}/{name}/follow", "/rses/{rse}/qos_policy/{policy}", "/replicas", "/requests/transfer_limits", "/rses/{rse}", "/rses/{rse}/attr/{key}",
                "/rses/{rse}/protocols/{scheme}", "/rses/{rse}/limits", "/rses/{source}/distances/{destination}", "/rules/{id}",
                "/config/{section}", "/config/{section}/{option}",
                "/accounts/{account}/members/{member}");
        return List.copyOf(routes);
    }

    /** A valid body for some of the routes, keyed by "METHOD template", for fuzzers to mutate one value of. */
    public static Map<String, String> sampleBodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("POST /replicas/list", """
                {"dids": [{"scope": "cygno", "name": "ds1"}], "nrandom": 1, "signature_lifetime": 600, "all_states": false,
                 "rse_expression": "SITE_A", "schemes": ["file"], "resolve_parents": true, "domain": "wan"}""");
        bodies.put("POST /replicas", """
                {"rse": "SITE_A", "files": [{"scope": "cygno", "name": "new1", "bytes": 1, "adler32": "00000001", "meta": {"k": "v"}}]}""");
        bodies.put("PUT /replicas", """
                {"rse": "SITE_A", "files": [{"scope": "cygno", "name": "file1", "state": "A"}]}""");
        bodies.put("DELETE /replicas", """
                {"rse": "SITE_B", "files": [{"scope": "cygno", "name": "file1"}]}""");
        bodies.put("POST /replicas/bad", """
                {"replicas": [{"scope": "cygno", "name": "file1", "rse": "SITE_B"}], "reason": "fuzz"}""");
        bodies.put("POST /replicas/tombstone", """
                {"replicas": [{"scope": "cygno", "name": "file1", "rse": "SITE_B"}]}""");
        bodies.put("POST /traces", """
                [{"eventType": "download", "clientState": "DONE", "scope": "cygno", "filename": "file1", "remoteSite": "SITE_A",
                  "dataset": "ds1", "datasetScope": "cygno", "filesize": 1, "account": "alice", "eventVersion": "rucio_41"}]""");
        bodies.put("POST /replicas/datasets_bulk", """
                {"dids": [{"scope": "cygno", "name": "ds1"}]}""");
        bodies.put("POST /dids/{scope}/{name}/follow", """
                {"account": "alice"}""");
        bodies.put("POST /dids/sample", """
                {"input_scope": "cygno", "input_name": "ds1", "output_scope": "cygno", "output_name": "sample1", "nbfiles": 1}""");
        bodies.put("POST /register", """
                {"accept_terms": "v1"}""");
        bodies.put("POST /register/{id}/deny", """
                {"reason": "fuzz"}""");
        bodies.put("POST /dids/bulkmeta", """
                {"dids": [{"scope": "cygno", "name": "ds1"}], "inherit": true, "plugin": "ALL"}""");
        bodies.put("POST /rules", """
                {"dids": [{"scope": "cygno", "name": "ds1"}], "copies": 1, "rse_expression": "SITE_B", "lifetime": 3600,
                 "account": "alice", "grouping": "DATASET", "locked": false, "weight": null, "activity": "User Subscriptions"}""");
        bodies.put("POST /subscriptions/{account}/{name}", """
                {"options": {"filter": {"scope": ["cygno"], "pattern": "ds.*", "did_type": ["DATASET"]},
                 "replication_rules": [{"copies": 1, "rse_expression": "SITE_B", "lifetime": 3600}],
                 "comments": "c", "lifetime": 10, "retroactive": false, "dry_run": false, "priority": 3}}""");
        bodies.put("PUT /subscriptions/{account}/{name}", """
                {"options": {"comments": "d", "lifetime": 5, "priority": 2}}""");
        bodies.put("PUT /rules/{id}", """
                {"options": {"lifetime": 100, "locked": false, "comment": "c"}}""");
        bodies.put("POST /rules/{id}/reduce", """
                {"copies": 1}""");
        bodies.put("POST /rules/{id}/move", """
                {"rse_expression": "SITE_B"}""");
        bodies.put("POST /dids", """
                [{"scope": "cygno", "name": "new2", "type": "DATASET", "lifetime": 100}]""");
        bodies.put("POST /dids/{scope}/{name}", """
                {"type": "DATASET", "lifetime": 100, "meta": {"k": "v"}}""");
        bodies.put("POST /dids/{scope}/{name}/meta", """
                {"meta": {"k": "v", "n": 1}}""");
        bodies.put("POST /dids/{scope}/{name}/meta/{key}", """
                {"value": "v"}""");
        bodies.put("POST /dids/{scope}/{name}/dids", """
                {"dids": [{"scope": "cygno", "name": "file1"}]}""");
        bodies.put("POST /dids/attachments", """
                {"attachments": [{"scope": "cygno", "name": "ds1", "dids": [{"scope": "cygno", "name": "file1"}]}]}""");
        bodies.put("PUT /dids/{scope}/{name}/status", """
                {"open": false}""");
        bodies.put("POST /accounts/{account}", """
                {"type": "USER", "email": "a@example.org"}""");
        bodies.put("POST /accounts/{account}/identities", """
                {"identity": "x", "authtype": "USERPASS", "email": "a@example.org", "password": "p"}""");
        bodies.put("POST /accounts/{account}/limits/local/{rse}", """
                {"bytes": 100}""");
        bodies.put("POST /accounts/{account}/limits/global/{expression}", """
                {"bytes": 100}""");
        bodies.put("POST /rses/{rse}", """
                {"deterministic": true, "rse_type": "DISK", "volatile": false}""");
        bodies.put("POST /rses/{rse}/attr/{key}", """
                {"value": "x"}""");
        bodies.put("POST /rses/{rse}/protocols/{scheme}", """
                {"hostname": "localhost", "port": 0, "prefix": "/p/", "impl": "rucio.rse.protocols.posix.Default",
                 "domains": {"wan": {"read": 1, "write": 1, "delete": 1}}}""");
        bodies.put("POST /rses/{source}/distances/{destination}", """
                {"distance": 1, "ranking": 1}""");
        bodies.put("PUT /rses/{rse}/limits", """
                {"name": "MinFreeSpace", "value": 10}""");
        bodies.put("PUT /rses/{rse}/usage", """
                {"source": "storage", "used": 1, "free": 2}""");
        bodies.put("PUT /requests/transfer_limits", """
                {"rse_expression": "SITE_A", "max_transfers": 10, "activity": "User Subscriptions", "direction": "destination"}""");
        bodies.put("POST /lifetime_exceptions", """
                {"dids": [{"scope": "cygno", "name": "ds1"}], "pattern": "", "comments": "fuzz", "expires_at": "Fri, 01 Jan 2100 00:00:00 UTC"}""");
        bodies.put("PUT /lifetime_exceptions/{id}", """
                {"state": "A"}""");
        bodies.put("POST /config", """
                {"fuzz": {"option": "1"}}""");
        bodies.put("POST /meta_conventions/{key}", """
                {"key_type": "ALL", "value_type": "<class 'str'>", "value_regexp": "^[a-z]+$"}""");
        bodies.put("POST /locks/bulk_locks_for_dids", """
                {"dids": [{"scope": "cygno", "name": "ds1"}]}""");
        bodies.put("POST /dids/bulkdidsmeta", """
                {"dids": [{"scope": "cygno", "name": "ds1", "meta": {"k": "v", "run_number": 1}}], "recursive": false}""");
        bodies.put("POST /dirac/addfiles", """
                {"lfns": [{"lfn": "/vo/cygno/dir/f1", "rse": "SITE_A", "bytes": 1, "adler32": "00000001",
                  "guid": "3F2504E04F8911D39A0C0305E82C3301", "meta": {"events": 1}}],
                 "ignore_availability": false, "parents_metadata": {"/vo/cygno/dir": {"k": "v"}}}""");
        return Map.copyOf(bodies);
    }

    private static void add(List<Route> routes, String method, String... templates) {
        for (String template : templates) {
            routes.add(new Route(method, template));
        }
    }
}
