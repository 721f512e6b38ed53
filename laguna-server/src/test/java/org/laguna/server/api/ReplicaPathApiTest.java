package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** A PFN names one file: registration and import refuse paths that another file's replica holds or that climb or alias. */
@ExtendWith(ServerPerClass.class)
class ReplicaPathApiTest {
    private static final String TAPE = "davs://tape.example.org:2880/tape/";
    private static TestServer server;
    private static Rest root;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        server.createScope("exp", "root");
        root.post("/rses/DISK", Map.of());
        root.post("/rses/DISK/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/data/disk/",
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        root.post("/rses/TAPE", Map.of("deterministic", false, "rse_type", "TAPE"));
        root.post("/rses/TAPE/protocols/davs", Map.of("hostname", "tape.example.org", "port", 2880, "prefix", "/tape",
                "impl", "rucio.rse.protocols.gfal.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
    }

    private static Map<String, Object> file(String name, String pfn) {
        return Map.of("scope", "exp", "name", name, "bytes", 5, "pfn", pfn);
    }

    private static Rest.Response add(String rse, List<Map<String, Object>> files) {
        return root.post("/replicas", Map.of("rse", rse, "files", files));
    }

    private static boolean registered(String name) {
        return server.core().database().readOnly(tx -> tx.exists("select 1 from replicas where scope = 'exp' and name = ?", name));
    }

    @Test
    void aPathHeldByAnotherFilesReplicaIsRefusedAndNothingOfTheBatchIsWritten() {
        assertThat(add("TAPE", List.of(file("owner", TAPE + "raw/owner.dat"))).status()).isEqualTo(201);

        Rest.Response taken = add("TAPE", List.of(file("innocent", TAPE + "raw/innocent.dat"), file("thief", TAPE + "raw/owner.dat")));

        assertThat(taken.status()).as(taken.body()).isEqualTo(409);
        assertThat(taken.exceptionClass()).isEqualTo("Duplicate");
        assertThat(taken.json().get("ExceptionMessage").asText()).contains("raw/owner.dat");
        assertThat(registered("innocent")).isFalse();
        assertThat(registered("thief")).isFalse();
    }

    @Test
    void onePathGivenForTwoFilesOfABatchIsRefused() {
        Rest.Response twice = add("TAPE", List.of(file("first", TAPE + "raw/one.dat"), file("second", TAPE + "raw/one.dat")));

        assertThat(twice.status()).as(twice.body()).isEqualTo(409);
        assertThat(twice.exceptionClass()).isEqualTo("Duplicate");
        assertThat(twice.json().get("ExceptionMessage").asText()).contains("raw/one.dat");
        assertThat(registered("first")).isFalse();
    }

    @Test
    void onADeterministicRseAFileCannotTakeThePfnOfAnother() {
        assertThat(add("DISK", List.of(Map.of("scope", "exp", "name", "det.owner", "bytes", 5))).status()).isEqualTo(201);
        String pfn = "file://localhost/data/disk/" + Lfn2Pfn.path(Lfn2Pfn.DEFAULT_ALGORITHM, "exp", "det.owner");

        Rest.Response taken = add("DISK", List.of(file("det.thief", pfn)));

        assertThat(taken.status()).as(taken.body()).isEqualTo(400);
        assertThat(taken.exceptionClass()).isEqualTo("InvalidPath");
        assertThat(taken.json().get("ExceptionMessage").asText()).contains(pfn);
    }

    @ParameterizedTest
    @ValueSource(strings = {"raw/../other/x.dat", "raw/%2e%2e/x.dat", "raw/%2E%2e/x.dat", "raw/./x.dat", "raw/%2e/x.dat",
            "raw/..%2fother/x.dat", "raw//x.dat", "/raw/x.dat", "raw/x.dat/", "raw/%252e%252e/x.dat", ".."})
    void pfnsWithDotSegmentsEncodedSlashesOrEmptySegmentsAreRefused(String path) {
        String name = "climber." + Integer.toHexString(path.hashCode());
        Rest.Response refused = add("TAPE", List.of(file(name, TAPE + path)));

        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.exceptionClass()).isEqualTo("InvalidPath");
        assertThat(refused.json().get("ExceptionMessage").asText()).contains(TAPE + path);
        assertThat(registered(name)).isFalse();
    }

    private static JsonNode importLines(String rse, String lines) {
        Rest.Response response = root.postRaw("/replicas/import?rse=" + rse, lines);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void anImportRefusesEntriesWhosePathAnotherFileHoldsAndImportsTheRest() {
        assertThat(add("TAPE", List.of(file("import.owner", TAPE + "import/owner.dat"))).status()).isEqualTo(201);

        JsonNode summary = importLines("TAPE", """
                {"scope": "exp", "name": "import.thief", "bytes": 5, "path": "import/owner.dat"}
                {"scope": "exp", "name": "import.fine", "bytes": 5, "path": "import/fine.dat"}
                {"scope": "exp", "name": "import.twin", "bytes": 5, "path": "import/fine.dat"}
                {"scope": "exp", "name": "import.climber", "bytes": 5, "path": "import/%2E%2E/owner.dat"}
                """);

        assertThat(summary.get("registered").asLong()).isEqualTo(1);
        assertThat(summary.get("problems").toString()).contains("exp:import.thief: path import/owner.dat is already the replica of another file",
                "exp:import.twin: path import/fine.dat is given for another file too", "exp:import.climber: path import/%2E%2E/owner.dat");
        assertThat(registered("import.fine")).isTrue();
        assertThat(registered("import.thief")).isFalse();
        assertThat(registered("import.twin")).isFalse();
        assertThat(registered("import.climber")).isFalse();
    }
}
