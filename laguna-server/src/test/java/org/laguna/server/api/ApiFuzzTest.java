package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.ApiFuzzer;
import org.laguna.server.testing.LagunaRoutes;
import org.laguna.server.testing.RawHttp;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.RowCounts;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/**
 * A few thousand malformed requests over every route, with a fixed seed: none may answer a 5xx,
 * every refusal carries Rucio's error fields, and a refused request changes no row.
 */
@ExtendWith(ServerPerClass.class)
class ApiFuzzTest {
    /** Fixed by default; {@code -Dlaguna.fuzz.seed=N -Dlaguna.fuzz.requests=N} explore further. */
    private static final long SEED = Long.getLong("laguna.fuzz.seed", 20261203L);
    private static final int REQUESTS = Integer.getInteger("laguna.fuzz.requests", 3_000);
    private static final String COUNT_ROWS = RowCounts.QUERY;

    private static TestServer server;
    private static Rest root;
    private static Rest alice;
    private static RawHttp http;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        alice = server.createUser("alice", "alice-password");
        server.createScope("cygno", "alice");
        root.post("/accounts/team", Map.of("type", "GROUP"));
        root.post("/accounts/team/members/alice", Map.of());
        for (String rse : List.of("SITE_A", "SITE_B")) {
            root.post("/rses/" + rse, Map.of());
            root.post("/rses/" + rse + "/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/data/" + rse + "/",
                    "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        }
        root.post("/rses/SITE_A/attr/country", Map.of("value", "IT"));
        root.post("/dids/cygno/ds1", Map.of("type", "DATASET"));
        root.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "cygno", "name", "file1", "bytes", 10,
                "adler32", "0000000a"))));
        root.post("/dids/cygno/ds1/dids", Map.of("dids", List.of(Map.of("scope", "cygno", "name", "file1"))));
        int port = Integer.parseInt(server.url().substring(server.url().lastIndexOf(':') + 1));
        http = new RawHttp("127.0.0.1", port, Duration.ofSeconds(30));
    }

    private static String rowCounts() {
        return server.core().database().readOnly(tx -> tx.queryOne(COUNT_ROWS, rs -> rs.getString(1)).orElseThrow());
    }

    @Test
    void malformedRequestsNeverAnswerServerErrorsNorChangeRowsWhenRefused() {
        String rule = root.post("/rules", Map.of("dids", List.of(Map.of("scope", "cygno", "name", "ds1")), "copies", 1,
                "rse_expression", "SITE_A", "account", "root")).json().get(0).asText();
        Map<String, List<String>> known = new HashMap<>(Map.of("account", List.of("alice", "bob", "team"), "scope", List.of("cygno"),
                "name", List.of("file1", "ds1"), "rse", List.of("SITE_A", "SITE_B"), "key", List.of("country"), "scheme", List.of("file"),
                "expression", List.of("SITE_A"), "id", List.of(rule), "source", List.of("SITE_A"), "destination", List.of("SITE_B")));
        known.put("member", List.of("alice", "bob", "team"));
        ApiFuzzer fuzzer = new ApiFuzzer(SEED, LagunaRoutes.all(), known, LagunaRoutes.sampleBodies());
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> serverErrors = new ArrayList<>();
        List<String> withoutErrorFields = new ArrayList<>();
        List<String> changedRows = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            Rest caller = i % 4 == 0 ? alice : root;
            RawHttp.Request request = fuzzer.next(Map.of("X-Rucio-Auth-Token", caller.token()));
            String before = rowCounts();
            RawHttp.Response response = http.send(request);
            statuses.merge(response.status(), 1, Integer::sum);
            if (response.status() >= 500) {
                serverErrors.add(response.status() + " for " + request.describe() + ": " + response.body());
            } else if (response.status() == 0) {
                String after = rowCounts();
                if (!after.equals(before)) {
                    changedRows.add("no answer, rows " + before + " -> " + after + " for " + request.describe());
                }
            } else if (response.status() >= 400) {
                if (response.header("ExceptionClass") == null) {
                    withoutErrorFields.add(response.status() + " for " + request.describe() + ": " + response.body());
                }
                String after = rowCounts();
                if (!after.equals(before)) {
                    changedRows.add(response.status() + ", rows " + before + " -> " + after + " for " + request.describe());
                }
            }
        }
        assertThat(http.send(RawHttp.Request.of("GET", "/ping", Map.of(), null)).status()).isEqualTo(200);
        System.out.println("ApiFuzzTest: " + REQUESTS + " requests, answers by status " + statuses);
        assertThat(serverErrors).as("server errors").isEmpty();
        assertThat(withoutErrorFields).as("refusals without Rucio's error fields").isEmpty();
        assertThat(changedRows).as("refusals that changed rows").isEmpty();
    }
}
