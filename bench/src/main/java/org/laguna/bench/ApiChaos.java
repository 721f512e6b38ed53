package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.laguna.server.testing.ApiFuzzer;
import org.laguna.server.testing.LagunaRoutes;
import org.laguna.server.testing.RawHttp;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.RowCounts;
import org.laguna.server.testing.authz.AuthorizationMatrix;
import org.laguna.server.testing.authz.Fixtures;
import org.laguna.server.testing.authz.MatrixEntry;
import org.laguna.server.testing.authz.RestApiMatrix;

/**
 * Chaos parts 5 and 6, against one {@code laguna server} process (API only, so that no daemon
 * changes rows meanwhile) on a fresh database: the authorization matrix of the server's tests over
 * HTTP (mismatches), then the REST fuzzer of the server's tests, {@code max(N, 5,000)} requests
 * ({@code --fuzz-requests}) over every route, counting answers 5xx and refused requests that
 * changed a row of the catalogue.
 */
final class ApiChaos {
    static final int MIN_FUZZ_REQUESTS = 5_000;

    private final ChaosRig rig;

    ApiChaos(ChaosRig rig) {
        this.rig = rig;
    }

    void run() throws Exception {
        ChaosDatabase db = rig.database();
        Path home = rig.home(Map.of());
        try (ServerProcess server = rig.server(home, db, "--no-daemons")) {
            authorizationMatrix(server);
            fuzz(server, db);
        }
    }

    private void authorizationMatrix(ServerProcess server) {
        long start = System.nanoTime();
        List<MatrixEntry> entries = RestApiMatrix.entries();
        AuthorizationMatrix matrix = new AuthorizationMatrix(entries, RestApiMatrix.KNOWN_ELSEWHERE);
        Set<String> routes = new LinkedHashSet<>(RestApiMatrix.KNOWN_ELSEWHERE);
        entries.forEach(entry -> routes.add(entry.route()));
        Rest root = Rest.login(server.url(), "root", "root", rig.password());
        AuthorizationMatrix.Report report = matrix.run(Fixtures.create(server.url(), root), routes);
        report.mismatches().stream().limit(20).forEach(m -> rig.context().log("authorization mismatch: %s", m));
        rig.figure("6 authorization matrix: rows", entries.size(), "routes");
        rig.figure("6 authorization matrix: mismatches", report.mismatches().size(), "mismatches");
        rig.figure("6 authorization matrix: run time", BenchContext.seconds(start), "s");
        rig.require(report.mismatches().isEmpty(), "authorization matrix: no mismatch (" + report.mismatches().size() + ")");
    }

    private void fuzz(ServerProcess server, ChaosDatabase db) throws Exception {
        int requests = rig.context().intOption("fuzz-requests", Math.max(rig.files(), MIN_FUZZ_REQUESTS));
        BenchHttp root = server.login();
        String rule = fixtures(root);
        Rest alice = Rest.login(server.url(), "alice", "alice", "Alice-pw-2718");
        Rest rootRest = Rest.login(server.url(), "root", "root", rig.password());
        ApiFuzzer fuzzer = new ApiFuzzer(rig.context().intOption("seed", 12), LagunaRoutes.all(), Map.of("account",
                List.of("alice", "bob"), "scope", List.of("cygno"), "name", List.of("file1", "ds1"), "rse", List.of("SITE_A", "SITE_B"),
                "key", List.of("country"), "scheme", List.of("file"), "expression", List.of("SITE_A"), "id", List.of(rule),
                "source", List.of("SITE_A"), "destination", List.of("SITE_B")), LagunaRoutes.sampleBodies());
        int port = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));
        RawHttp http = new RawHttp("127.0.0.1", port, Duration.ofSeconds(30));
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            Rest caller = i % 4 == 0 ? alice : rootRest;
            RawHttp.Request request = fuzzer.next(Map.of("X-Rucio-Auth-Token", caller.token()));
            String before = db.text(RowCounts.QUERY);
            RawHttp.Response response = http.send(request);
            statuses.merge(response.status(), 1, Integer::sum);
            if (response.status() >= 500) {
                serverErrors.add(response.status() + " for " + request.describe() + ": " + response.body());
            } else if ((response.status() == 0 || response.status() >= 400) && !db.text(RowCounts.QUERY).equals(before)) {
                changed.add(response.status() + " for " + request.describe());
            }
        }
        double seconds = BenchContext.seconds(start);
        serverErrors.stream().limit(10).forEach(e -> rig.context().log("5xx: %s", abbreviate(e)));
        changed.stream().limit(10).forEach(e -> rig.context().log("refused but changed rows: %s", abbreviate(e)));
        rig.context().log("fuzz answers by status: %s", statuses);
        rig.figure("5 REST fuzz: requests", requests, "requests");
        rig.figure("5 REST fuzz: requests per second", requests / seconds, "requests/s");
        rig.figure("5 REST fuzz: answers 5xx", serverErrors.size(), "answers");
        rig.figure("5 REST fuzz: rejected requests that changed rows", changed.size(), "requests");
        rig.require(serverErrors.isEmpty(), "REST fuzz: no 5xx (" + serverErrors.size() + ")");
        rig.require(changed.isEmpty(), "REST fuzz: no row changed by a rejected request (" + changed.size() + ")");
    }

    /** The objects the fuzzer's sample bodies name (as in the server's fuzz test): answers the id of a rule. */
    private static String fixtures(BenchHttp root) throws Exception {
        root.send("POST", "/accounts/alice", Map.of("type", "USER", "email", "alice@example.org"));
        root.send("POST", "/accounts/alice/identities", Map.of("identity", "alice", "authtype", "USERPASS", "password", "Alice-pw-2718",
                "email", "alice@example.org"));
        root.send("POST", "/accounts/alice/scopes/cygno", Map.of());
        for (String rse : List.of("SITE_A", "SITE_B")) {
            root.send("POST", "/rses/" + rse, Map.of());
            root.send("POST", "/rses/" + rse + "/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/data/" + rse + "/",
                    "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        }
        root.send("POST", "/rses/SITE_A/attr/country", Map.of("value", "IT"));
        root.send("POST", "/dids/cygno/ds1", Map.of("type", "DATASET"));
        root.send("POST", "/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "cygno", "name", "file1", "bytes", 10,
                "adler32", "0000000a"))));
        root.send("POST", "/dids/cygno/ds1/dids", Map.of("dids", List.of(Map.of("scope", "cygno", "name", "file1"))));
        JsonNode rule = BenchHttp.JSON.readTree(root.send("POST", "/rules", Map.of("dids", List.of(Map.of("scope", "cygno", "name", "ds1")),
                "copies", 1, "rse_expression", "SITE_A", "account", "root")));
        return rule.get(0).asText();
    }

    private static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
