package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.RowCounts;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** DIRAC's bulk add: files, their replicas and rules, and the datasets and containers of their directories. */
@ExtendWith(ServerPerClass.class)
class DiracApiTest {
    private static final String GUID = "3F2504E04F8911D39A0C0305E82C3301";

    private static TestServer server;
    private static Rest root;
    private static Rest jana;
    private static Rest bob;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        jana = server.createUser("jana", "secret-jana");
        bob = server.createUser("bob", "secret-bob");
        server.createScope("belle", "jana");
        server.createScope("mock", "jana");
        for (String rse : List.of("SITE_A", "SITE_B")) {
            root.post("/rses/" + rse, Map.of());
            root.post("/rses/" + rse + "/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/data/" + rse.toLowerCase() + "/",
                    "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
            root.post("/accounts/jana/limits/local/" + rse, Map.of("bytes", 1_000_000_000L));
        }
        root.post("/rses/SITE_A/attr/ANY", Map.of("value", true));
    }

    private static Map<String, Object> lfn(String path, String rse) {
        return Map.of("lfn", path, "rse", rse, "bytes", 1, "adler32", "0cc737eb");
    }

    private static Rest.Response addFiles(Rest caller, Object body) {
        return caller.post("/dirac/addfiles", body);
    }

    private static String typeOf(String scope, String name) {
        return server.core().database().readOnly(tx -> tx.queryOne("select did_type from dids where scope = ? and name = ?",
                rs -> rs.getString(1), scope, name).orElse(null));
    }

    private static boolean attached(String parent, String child) {
        return server.core().database().readOnly(tx -> tx.exists("select 1 from contents where name = ? and child_name = ?", parent, child));
    }

    private static List<String> ruleExpressions(String scope, String name) {
        return server.core().database().readOnly(tx -> tx.query("select rse_expression || ' ' || grouping || ' ' || (expires_at is not null) "
                + "from rules where scope = ? and name = ? and account = 'jana'", rs -> rs.getString(1), scope, name));
    }

    private static String rowCounts() {
        return server.core().database().readOnly(tx -> tx.queryOne(RowCounts.QUERY, rs -> rs.getString(1)).orElseThrow());
    }

    @Test
    void registersFilesWithTheirReplicasRulesDatasetsAndContainers() {
        Map<String, Object> first = new HashMap<>(lfn("/belle/mock/cont/ds/f1", "SITE_A"));
        first.put("guid", GUID);
        first.put("meta", Map.of("events", 10, "key1", "value1"));
        Rest.Response added = addFiles(jana, Map.of("lfns", List.of(first, lfn("/belle/mock/cont/ds/f2", "SITE_A")),
                "ignore_availability", false, "parents_metadata", Map.of("/belle/mock/cont/ds", Map.of("project", "p1"))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);

        assertThat(typeOf("mock", "/belle/mock/cont/ds/f1")).isEqualTo("FILE");
        assertThat(typeOf("mock", "/belle/mock/cont/ds")).isEqualTo("DATASET");
        assertThat(typeOf("mock", "/belle/mock/cont")).isEqualTo("CONTAINER");
        assertThat(typeOf("mock", "/belle/mock")).isEqualTo("CONTAINER");
        assertThat(typeOf("belle", "/belle")).as("the top directory's scope is its only element").isEqualTo("CONTAINER");
        assertThat(attached("/belle/mock/cont/ds", "/belle/mock/cont/ds/f1")).isTrue();
        assertThat(attached("/belle/mock/cont/ds", "/belle/mock/cont/ds/f2")).isTrue();
        assertThat(attached("/belle/mock/cont", "/belle/mock/cont/ds")).isTrue();
        assertThat(attached("/belle/mock", "/belle/mock/cont")).isTrue();
        assertThat(attached("/belle", "/belle/mock")).isTrue();
        assertThat(ruleExpressions("mock", "/belle/mock/cont/ds")).containsExactly("ANY=true NONE false");
        assertThat(ruleExpressions("mock", "/belle/mock/cont/ds/f1")).containsExactly("SITE_A DATASET false");

        JsonNode meta = jana.post("/dids/bulkmeta", Map.of("dids", List.of(Map.of("scope", "mock", "name", "/belle/mock/cont/ds/f1"),
                Map.of("scope", "mock", "name", "/belle/mock/cont/ds")), "plugin", "ALL")).lines().getFirst();
        assertThat(meta.get("events").asLong()).isEqualTo(10);
        assertThat(meta.get("key1").asText()).isEqualTo("value1");
        assertThat(meta.get("guid").asText()).isEqualTo(GUID);
        JsonNode replicas = jana.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "mock", "name", "/belle/mock/cont/ds"))))
                .lines().getFirst();
        assertThat(replicas.at("/states/SITE_A").asText()).isEqualTo("AVAILABLE");
        String project = server.core().database().readOnly(tx -> tx.queryOne("select project from dids where name = '/belle/mock/cont/ds'",
                rs -> rs.getString(1)).orElseThrow());
        assertThat(project).isEqualTo("p1");
    }

    @Test
    void filesThatExistAreSkippedAndNewOnesJoinTheExistingDataset() {
        assertThat(addFiles(jana, Map.of("lfns", List.of(lfn("/belle/mock/again/ds/f1", "SITE_A")))).status()).isEqualTo(201);
        String before = rowCounts();
        assertThat(addFiles(jana, Map.of("lfns", List.of(lfn("/belle/mock/again/ds/f1", "SITE_A")))).status()).isEqualTo(201);
        assertThat(rowCounts()).isEqualTo(before);

        assertThat(addFiles(jana, Map.of("lfns", List.of(lfn("/belle/mock/again/ds/f2", "SITE_B")))).status()).isEqualTo(201);
        assertThat(attached("/belle/mock/again/ds", "/belle/mock/again/ds/f2")).isTrue();
        assertThat(ruleExpressions("mock", "/belle/mock/again/ds")).as("one dataset rule").hasSize(1);
        assertThat(ruleExpressions("mock", "/belle/mock/again/ds/f2")).containsExactly("SITE_B DATASET false");
    }

    @Test
    void theDiracConfigurationGivesTheRulesTheirLifetimes() {
        assertThat(root.post("/config", Map.of("dirac", Map.of("lifetime", "{\"mo.*\": 3600}", "file_lifetime", "600"))).status())
                .isEqualTo(201);
        try {
            assertThat(addFiles(jana, Map.of("lfns", List.of(lfn("/belle/mock/timed/ds/f1", "SITE_A")))).status()).isEqualTo(201);
            assertThat(ruleExpressions("mock", "/belle/mock/timed/ds")).containsExactly("ANY=true NONE true");
            assertThat(ruleExpressions("mock", "/belle/mock/timed/ds/f1")).containsExactly("SITE_A DATASET true");

            assertThat(root.put("/config/dirac/lifetime/notjson", Map.of()).status()).isEqualTo(201);
            Rest.Response refused = addFiles(jana, Map.of("lfns", List.of(lfn("/belle/mock/timed/ds2/f1", "SITE_A"))));
            assertThat(refused.exceptionClass()).isEqualTo("InvalidType");
        } finally {
            root.delete("/config/dirac");
        }
    }

    @Test
    void badInputIsRefusedAndWritesNothing() {
        String before = rowCounts();
        assertThat(addFiles(jana, Map.of()).exceptionClass()).isEqualTo("ValueError");
        assertThat(addFiles(jana, Map.of("lfns", "x")).exceptionClass()).isEqualTo("InvalidType");
        assertThat(addFiles(jana, Map.of("lfns", List.of(1))).exceptionClass()).isEqualTo("InvalidType");
        assertThat(addFiles(jana, Map.of("lfns", List.of(Map.of("lfn", "/belle/mock/b/ds/f", "rse", "SITE_A")))).exceptionClass())
                .isEqualTo("InvalidObject");
        assertThat(addFiles(jana, Map.of("lfns", List.of(lfn("no-path", "SITE_A")))).exceptionClass()).isEqualTo("InvalidObject");
        assertThat(addFiles(jana, Map.of("lfns", List.of(lfn("/solo", "SITE_A")))).exceptionClass()).isEqualTo("InvalidObject");
        assertThat(addFiles(jana, Map.of("lfns", List.of(lfn("/belle/mock/b/ds/f", "SITE_A")), "surprise", 1)).exceptionClass())
                .isEqualTo("InvalidObject");
        assertThat(addFiles(jana, Map.of("lfns", List.of(lfn("/belle/mock/b/ds/f", "SITE_A")), "parents_metadata", List.of()))
                .exceptionClass()).isEqualTo("InvalidType");
        Rest.Response secondBad = addFiles(jana, Map.of("lfns", List.of(lfn("/belle/mock/b/ds/ok", "SITE_A"), lfn("/belle/mock/b/ds/f", "NO_RSE"))));
        assertThat(secondBad.status()).isEqualTo(404);
        assertThat(secondBad.exceptionClass()).isEqualTo("RSENotFound");
        assertThat(rowCounts()).as("nothing half-written").isEqualTo(before);

        assertThat(addFiles(jana, Map.of("lfns", List.of(lfn("/belle/mock/clash/f", "SITE_A")))).status()).isEqualTo(201);
        Rest.Response datasetIsContainer = addFiles(jana, Map.of("lfns", List.of(lfn("/belle/mock/clash/ds/f", "SITE_A"))));
        assertThat(datasetIsContainer.exceptionClass()).isEqualTo("UnsupportedOperation");
    }

    @Test
    void anAccountRegistersOnlyInScopesItMayWrite() {
        String before = rowCounts();
        Rest.Response refused = addFiles(bob, Map.of("lfns", List.of(lfn("/belle/mock/bob/ds/f", "SITE_A"))));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(rowCounts()).isEqualTo(before);
        assertThat(server.anonymous().post("/dirac/addfiles", Map.of("lfns", List.of())).status()).isEqualTo(401);
        Rest.Response ignoring = addFiles(jana, Map.of("lfns", List.of(lfn("/belle/mock/ign/ds/f", "SITE_A")), "ignore_availability", true));
        assertThat(ignoring.status()).as("dropped without the permission, as in Rucio").isEqualTo(201);
    }
}
