package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** Metadata set on many DIDs at once ({@code /dids/bulkdidsmeta}) and given with new files' replicas ({@code meta}). */
@ExtendWith(ServerPerClass.class)
class MetadataInBulkApiTest {
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
        server.createScope("mbk", "jana");
        root.post("/rses/SITE_A", Map.of());
        root.post("/rses/SITE_A/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/data/a/",
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        for (String name : List.of("one.ds", "two.ds", "three.ds")) {
            assertThat(jana.post("/dids/mbk/" + name, Map.of("type", "DATASET")).status()).isEqualTo(201);
        }
    }

    private static JsonNode meta(String name) {
        Rest.Response response = jana.get("/dids/mbk/" + name + "/meta?plugin=ALL");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static Map<String, Object> did(String name, Map<String, Object> meta) {
        return Map.of("scope", "mbk", "name", name, "meta", meta);
    }

    @Test
    void setsTheMetadataOfEveryDidInOneCall() {
        Rest.Response set = jana.post("/dids/bulkdidsmeta", Map.of("dids", List.of(did("one.ds", Map.of("project", "p1", "colour", "red")),
                did("two.ds", Map.of("run_number", 7)))));
        assertThat(set.status()).as(set.body()).isEqualTo(201);
        assertThat(meta("one.ds").get("project").asText()).isEqualTo("p1");
        assertThat(meta("one.ds").get("colour").asText()).isEqualTo("red");
        assertThat(meta("two.ds").get("run_number").asLong()).isEqualTo(7);
    }

    @Test
    void oneBadDidLeavesEveryDidUnchanged() {
        Rest.Response missing = jana.post("/dids/bulkdidsmeta", Map.of("dids", List.of(did("three.ds", Map.of("colour", "green")),
                did("missing.ds", Map.of("colour", "green")))));
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.exceptionClass()).isEqualTo("DataIdentifierNotFound");
        Rest.Response badValue = jana.post("/dids/bulkdidsmeta", Map.of("dids", List.of(did("three.ds", Map.of("colour", "green")),
                did("three.ds", Map.of("run_number", "many")))));
        assertThat(badValue.status()).isEqualTo(400);
        assertThat(meta("three.ds").has("colour")).isFalse();

        Rest.Response denied = bob.post("/dids/bulkdidsmeta", Map.of("dids", List.of(did("three.ds", Map.of("colour", "green")))));
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(meta("three.ds").has("colour")).isFalse();
    }

    @Test
    void badBulkBodiesAreRefusedWithRucioErrors() {
        assertThat(jana.post("/dids/bulkdidsmeta", Map.of()).exceptionClass()).isEqualTo("ValueError");
        assertThat(jana.post("/dids/bulkdidsmeta", Map.of("dids", "mbk:one.ds")).exceptionClass()).isEqualTo("InvalidObject");
        assertThat(jana.post("/dids/bulkdidsmeta", Map.of("dids", List.of(1))).exceptionClass()).isEqualTo("InvalidObject");
        assertThat(jana.post("/dids/bulkdidsmeta", Map.of("dids", List.of(Map.of("scope", "mbk", "name", "one.ds"))))
                .exceptionClass()).isEqualTo("ValueError");
        assertThat(jana.post("/dids/bulkdidsmeta", Map.of("dids", List.of(did("one.ds", Map.of())), "extra", 1)).exceptionClass())
                .isEqualTo("InvalidObject");
        assertThat(jana.post("/dids/bulkdidsmeta", Map.of("dids", List.of(Map.of("scope", "mbk", "name", "one.ds", "meta", "x"))))
                .exceptionClass()).isEqualTo("InvalidType");
        assertThat(jana.post("/dids/bulkdidsmeta", Map.of("dids", List.of(did("one.ds", Map.of("name", "renamed"))))).status())
                .isEqualTo(400);
        assertThat(jana.post("/dids/bulkdidsmeta", Map.of("dids", List.of(), "recursive", "maybe")).status()).isEqualTo(400);
        assertThat(server.anonymous().post("/dids/bulkdidsmeta", Map.of("dids", List.of())).status()).isEqualTo(401);
    }

    @Test
    void aNewFileTakesTheMetaOfItsReplicaIntoColumnsAndKeys() {
        Rest.Response added = jana.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "mbk", "name", "events.root",
                "bytes", 3, "adler32", "00000003", "meta", Map.of("events", 250, "lumiblocknr", 12, "campaign", "mc23", "colour", "blue",
                        "guid", "3F2504E04F8911D39A0C0305E82C3301")))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode meta = meta("events.root");
        assertThat(meta.get("events").asLong()).isEqualTo(250);
        assertThat(meta.get("lumiblocknr").asLong()).isEqualTo(12);
        assertThat(meta.get("campaign").asText()).isEqualTo("mc23");
        assertThat(meta.get("colour").asText()).isEqualTo("blue");
        assertThat(meta.get("guid").asText()).isEqualTo("3F2504E04F8911D39A0C0305E82C3301");
    }

    @Test
    void aFileThatExistsKeepsItsMetadataAndBadMetaRegistersNothing() {
        assertThat(jana.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "mbk", "name", "kept.root",
                "bytes", 3, "adler32", "00000003", "meta", Map.of("events", 1))))).status()).isEqualTo(201);
        assertThat(jana.delete("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "mbk", "name", "kept.root"))))
                .status()).isEqualTo(200);
        assertThat(jana.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "mbk", "name", "kept.root",
                "bytes", 3, "adler32", "00000003", "meta", Map.of("events", 2))))).status()).isEqualTo(201);
        assertThat(meta("kept.root").get("events").asLong()).isEqualTo(1);

        Rest.Response bad = jana.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "mbk", "name", "bad.root",
                "bytes", 3, "adler32", "00000003", "meta", Map.of("events", "many")))));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(jana.get("/dids/mbk/bad.root").status()).isEqualTo(404);
        Rest.Response notDict = jana.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "mbk", "name", "bad.root",
                "bytes", 3, "adler32", "00000003", "meta", List.of("events")))));
        assertThat(notDict.exceptionClass()).isEqualTo("InvalidType");
        Rest.Response reserved = jana.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "mbk", "name", "bad.root",
                "bytes", 3, "adler32", "00000003", "meta", Map.of("account", "bob")))));
        assertThat(reserved.status()).isEqualTo(400);
        assertThat(jana.get("/dids/mbk/bad.root").status()).isEqualTo(404);
    }
}
