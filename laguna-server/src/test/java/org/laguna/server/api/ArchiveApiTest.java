package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** Files inside archive files: adding them, listing an archive, reading a constituent through its archive, and deleting. */
@ExtendWith(ServerPerClass.class)
class ArchiveApiTest {
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
        server.createScope("arc", "jana");
        for (String rse : List.of("SITE_A", "SITE_B")) {
            root.post("/rses/" + rse, Map.of());
            root.post("/rses/" + rse + "/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/data/" + rse.toLowerCase() + "/",
                    "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        }
        root.post("/rses/SITE_A/protocols/root", Map.of("hostname", "xrd.example.org", "port", 1094, "prefix", "//data/",
                "impl", "rucio.rse.protocols.xrootd.Default", "domains", Map.of("wan", Map.of("read", 2, "write", 2, "delete", 2))));
    }

    private static Map<String, Object> file(String name, long bytes, String adler32) {
        return Map.of("scope", "arc", "name", name, "bytes", bytes, "adler32", adler32);
    }

    private static void replica(String rse, String name) {
        Rest.Response added = jana.post("/replicas", Map.of("rse", rse, "files", List.of(file(name, 1000, "000003e8"))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    private static Rest.Response addToArchive(Rest caller, String archive, List<Map<String, Object>> files) {
        return caller.post("/dids/arc/" + archive + "/dids", Map.of("dids", files));
    }

    private static List<JsonNode> content(String archive) {
        Rest.Response response = jana.get("/archives/arc/" + archive + "/files");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.lines();
    }

    private static JsonNode meta(String name) {
        Rest.Response response = jana.get("/dids/arc/" + name + "/meta");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    @Test
    void addsFilesToAZipFileListsThemAndMarksBoth() {
        replica("SITE_A", "bundle.zip");
        replica("SITE_B", "known.log");
        Rest.Response added = addToArchive(jana, "bundle.zip", List.of(file("inside.txt", 10, "0000000a"),
                Map.of("scope", "arc", "name", "known.log")));
        assertThat(added.status()).as(added.body()).isEqualTo(201);

        List<JsonNode> files = content("bundle.zip");
        assertThat(files).extracting(f -> f.get("name").asText()).containsExactly("inside.txt", "known.log");
        assertThat(files.getFirst().get("bytes").asLong()).isEqualTo(10);
        assertThat(files.getFirst().get("adler32").asText()).isEqualTo("0000000a");
        assertThat(files.get(1).get("bytes").asLong()).as("a known file keeps its own size").isEqualTo(1000);
        assertThat(meta("bundle.zip").get("is_archive").asBoolean()).isTrue();
        assertThat(meta("inside.txt").get("constituent").asBoolean()).isTrue();
        assertThat(meta("inside.txt").get("did_type").asText()).isEqualTo("FILE");
        assertThat(meta("inside.txt").get("account").asText()).isEqualTo("jana");
        assertThat(meta("known.log").get("constituent").asBoolean()).isTrue();
    }

    @Test
    void aConstituentIsListedThroughTheReplicasOfItsArchive() {
        replica("SITE_A", "read.zip");
        assertThat(addToArchive(jana, "read.zip", List.of(file("part.dat", 5, "00000005"))).status()).isEqualTo(201);

        Rest.Response response = jana.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "arc", "name", "part.dat"))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode part = response.lines().getFirst();
        assertThat(part.get("bytes").asLong()).isEqualTo(5);
        assertThat(part.at("/states/SITE_A").asText()).isEqualTo("AVAILABLE");
        List<String> pfns = new ArrayList<>();
        part.get("pfns").fieldNames().forEachRemaining(pfns::add);
        assertThat(pfns).hasSize(2).allMatch(pfn -> pfn.endsWith("/read.zip?xrdcl.unzip=part.dat"));
        String xroot = pfns.stream().filter(p -> p.startsWith("root://")).findFirst().orElseThrow();
        String posix = pfns.stream().filter(p -> p.startsWith("file://")).findFirst().orElseThrow();
        assertThat(part.get("pfns").get(xroot).get("client_extract").asBoolean()).as("xroot reads inside the archive").isFalse();
        assertThat(part.get("pfns").get(xroot).get("priority").asInt()).isEqualTo(1);
        assertThat(part.get("pfns").get(posix).get("client_extract").asBoolean()).isTrue();
        assertThat(part.get("pfns").get(posix).get("domain").asText()).isEqualTo("zip");
        assertThat(part.at("/rses/SITE_A/0").asText()).isEqualTo(xroot);

        Rest.Response metalink = jana.call("POST", "/replicas/list", Map.of("dids", List.of(Map.of("scope", "arc", "name", "part.dat"))),
                Map.of("Accept", "application/metalink4+xml"));
        assertThat(metalink.body()).contains("client_extract=\"true\"").contains("xrdcl.unzip=part.dat");
    }

    @Test
    void aDatasetHoldingAnArchiveIsMarkedAsOne() {
        replica("SITE_A", "held.tar.gz");
        assertThat(jana.post("/dids/arc/holder.ds", Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(jana.post("/dids/arc/holder.ds/dids", Map.of("dids", List.of(Map.of("scope", "arc", "name", "held.tar.gz"))))
                .status()).isEqualTo(201);
        assertThat(meta("holder.ds").get("is_archive").isNull()).isTrue();

        assertThat(addToArchive(jana, "held.tar.gz", List.of(file("a.txt", 1, "00000001"))).status()).isEqualTo(201);
        assertThat(meta("holder.ds").get("is_archive").asBoolean()).as("marked when its archive gets files").isTrue();

        assertThat(jana.post("/dids/arc/later.ds", Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(jana.post("/dids/arc/later.ds/dids", Map.of("dids", List.of(Map.of("scope", "arc", "name", "held.tar.gz"))))
                .status()).isEqualTo(201);
        assertThat(meta("later.ds").get("is_archive").asBoolean()).as("marked when it takes an archive").isTrue();
    }

    @Test
    void deletingTheLastReplicaOfAnArchiveEmptiesIt() {
        replica("SITE_A", "gone.zip");
        replica("SITE_B", "gone.zip");
        assertThat(addToArchive(jana, "gone.zip", List.of(file("lost.txt", 3, "00000003"))).status()).isEqualTo(201);

        assertThat(jana.delete("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "arc", "name", "gone.zip"))))
                .status()).isEqualTo(200);
        assertThat(content("gone.zip")).as("a replica is left").hasSize(1);

        Rest.Response deleted = jana.delete("/replicas", Map.of("rse", "SITE_B", "files", List.of(Map.of("scope", "arc", "name", "gone.zip"))));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(content("gone.zip")).isEmpty();
        assertThat(meta("lost.txt").get("constituent").asBoolean()).isFalse();
    }

    @Test
    void badArchiveInputIsRefusedAndWritesNothing() {
        replica("SITE_A", "plain.root");
        replica("SITE_A", "strict.zip");
        Rest.Response notArchive = addToArchive(jana, "plain.root", List.of(file("x.txt", 1, "00000001")));
        assertThat(notArchive.exceptionClass()).isEqualTo("UnsupportedOperation");
        assertThat(notArchive.header("ExceptionMessage")).contains("is a file");

        assertThat(jana.post("/dids/arc/some.ds", Map.of("type", "DATASET")).status()).isEqualTo(201);
        Rest.Response dataset = addToArchive(jana, "strict.zip", List.of(file("ok.txt", 1, "00000001"), Map.of("scope", "arc", "name", "some.ds")));
        assertThat(dataset.exceptionClass()).isEqualTo("UnsupportedOperation");
        Rest.Response noBytes = addToArchive(jana, "strict.zip", List.of(Map.of("scope", "arc", "name", "sizeless.txt")));
        assertThat(noBytes.exceptionClass()).isEqualTo("InvalidObject");
        Rest.Response badScope = addToArchive(jana, "strict.zip", List.of(Map.of("scope", "nosuchscope", "name", "n.txt", "bytes", 1)));
        assertThat(badScope.exceptionClass()).isEqualTo("ScopeNotFound");
        assertThat(content("strict.zip")).isEmpty();
        assertThat(jana.get("/dids/arc/ok.txt").status()).as("no half-written constituent").isEqualTo(404);

        assertThat(addToArchive(jana, "strict.zip", List.of(file("once.txt", 1, "00000001"))).status()).isEqualTo(201);
        assertThat(addToArchive(jana, "strict.zip", List.of(file("once.txt", 1, "00000001"))).exceptionClass()).isEqualTo("Duplicate");
        Rest.Response ignored = jana.post("/dids/attachments", Map.of("ignore_duplicate", true, "attachments", List.of(Map.of("scope", "arc",
                "name", "strict.zip", "dids", List.of(file("once.txt", 1, "00000001"), file("twice.txt", 2, "00000002"))))));
        assertThat(ignored.status()).as(ignored.body()).isEqualTo(201);
        assertThat(content("strict.zip")).extracting(f -> f.get("name").asText()).containsExactly("once.txt", "twice.txt");

        Rest.Response unknown = jana.get("/archives/arc/never.zip/files");
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.lines()).isEmpty();
        assertThat(jana.get("/archives/arc/files").exceptionClass()).isEqualTo("ValueError");
        assertThat(jana.get("/archives/arc/strict.zip").status()).isEqualTo(400);
        assertThat(server.anonymous().get("/archives/arc/strict.zip/files").status()).isEqualTo(401);
    }

    @Test
    void onlyTheOwnerOfTheScopeAddsFilesToItsArchives() {
        replica("SITE_A", "private.zip");
        Rest.Response refused = addToArchive(bob, "private.zip", List.of(file("intruder.txt", 1, "00000001")));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(content("private.zip")).isEmpty();
        assertThat(bob.get("/archives/arc/private.zip/files").status()).as("reading is open").isEqualTo(200);
        assertThat(addToArchive(root, "private.zip", List.of(file("by-root.txt", 1, "00000001"))).status()).isEqualTo(201);
    }
}
