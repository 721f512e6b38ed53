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

@ExtendWith(ServerPerClass.class)
class ReplicaApiTest {
    private static TestServer server;
    private static Rest root;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        server.createScope("cygno", "root");
        for (String rse : List.of("SITE_A", "SITE_B")) {
            root.post("/rses/" + rse, Map.of());
            root.post("/rses/" + rse + "/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/data/" + rse.toLowerCase() + "/",
                    "impl", "rucio.rse.protocols.posix.Default",
                    "domains", Map.of("lan", Map.of("read", 1, "write", 1, "delete", 1), "wan", Map.of("read", 1, "write", 1, "delete", 1))));
        }
        root.post("/rses/SITE_A/attr/country", Map.of("value", "IT"));
        root.post("/rses/TAPE_X", Map.of("deterministic", false, "rse_type", "TAPE"));
        root.post("/rses/TAPE_X/protocols/davs", Map.of("hostname", "tape.example.org", "port", 2880, "prefix", "/tape",
                "impl", "rucio.rse.protocols.gfal.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
    }

    private static Map<String, Object> file(String name, long bytes, String adler32) {
        return Map.of("scope", "cygno", "name", name, "bytes", bytes, "adler32", adler32);
    }

    private static List<JsonNode> list(Object body) {
        Rest.Response response = root.post("/replicas/list", body);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/x-json-stream");
        return response.lines();
    }

    @Test
    void registersReplicasAndListsThemWithPfnsPerRse() {
        Rest.Response added = root.post("/replicas", Map.of("rse", "SITE_A", "files",
                List.of(file("run1.root", 100, "0000000a"), file("run2.root", 200, "0000000b"))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(root.post("/replicas", Map.of("rse", "SITE_B", "files", List.of(file("run1.root", 100, "0000000a")))).status())
                .isEqualTo(201);

        List<JsonNode> files = list(Map.of("dids", List.of(Map.of("scope", "cygno", "name", "run1.root"))));
        assertThat(files).hasSize(1);
        JsonNode run1 = files.getFirst();
        assertThat(run1.get("bytes").asLong()).isEqualTo(100);
        assertThat(run1.get("adler32").asText()).isEqualTo("0000000a");
        assertThat(run1.get("rses").fieldNames()).toIterable().containsExactlyInAnyOrder("SITE_A", "SITE_B");
        assertThat(run1.at("/states/SITE_A").asText()).isEqualTo("AVAILABLE");
        String pfnA = run1.at("/rses/SITE_A/0").asText();
        assertThat(pfnA).startsWith("file://localhost/data/site_a/cygno/").endsWith("/run1.root");
        assertThat(run1.get("pfns").get(pfnA).get("rse").asText()).isEqualTo("SITE_A");
        assertThat(run1.get("pfns").get(pfnA).get("priority").asInt()).isBetween(1, 2);

        assertThat(list(Map.of("dids", List.of(Map.of("scope", "cygno", "name", "run1.root")), "rse_expression", "country=IT"))
                .getFirst().get("rses").fieldNames()).toIterable().containsExactly("SITE_A");
        assertThat(root.get("/replicas/cygno/run2.root").lines()).hasSize(1);
    }

    @Test
    void askingToIgnoreAvailabilityCountsOnlyForThoseAllowedAsInRucio() {
        Rest uploader = server.createUser("uploader", "uploader-pw");
        server.createScope("user.uploader", "uploader");
        assertThat(root.post("/rses/CLOSED_W", Map.of()).status()).isEqualTo(201);
        assertThat(root.put("/rses/CLOSED_W", Map.of("availability_write", false)).status()).isLessThan(300);
        Map<String, Object> openFile = Map.of("scope", "user.uploader", "name", "open.txt", "bytes", 1, "adler32", "00000001");
        Map<String, Object> closedFile = Map.of("scope", "user.uploader", "name", "closed.txt", "bytes", 1, "adler32", "00000001");

        Rest.Response onAvailable = uploader.post("/replicas", Map.of("rse", "SITE_A", "ignore_availability", true, "files", List.of(openFile)));
        Rest.Response onClosed = uploader.post("/replicas", Map.of("rse", "CLOSED_W", "ignore_availability", true, "files", List.of(closedFile)));
        Rest.Response byRoot = root.post("/replicas", Map.of("rse", "CLOSED_W", "ignore_availability", true, "files", List.of(closedFile)));

        assertThat(onAvailable.status()).as(onAvailable.body()).isEqualTo(201);
        assertThat(onClosed.status()).isEqualTo(404);
        assertThat(onClosed.exceptionClass()).isEqualTo("RSEOperationNotSupported");
        assertThat(byRoot.status()).as(byRoot.body()).isEqualTo(201);
    }

    @Test
    void aNewFileKeepsTheGuidOfItsReplicaMetaAndAGuidFilterFindsIt() {
        String guid = "3F2504E04F8911D39A0C0305E82C3301";
        Map<String, Object> file = Map.of("scope", "cygno", "name", "guid.root", "bytes", 7, "adler32", "0000000c", "meta", Map.of("guid", guid));
        Rest.Response added = root.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(file)));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(root.get("/dids/cygno/guid.root/meta").json().get("guid").asText()).isEqualTo(guid);

        List<JsonNode> hits = root.get("/dids/cygno/dids/search?type=all&long=True&filters="
                + Rest.q("[{'guid': '" + guid + "', 'name': '*'}]")).lines();
        assertThat(hits).extracting(h -> h.get("name").asText()).containsExactly("guid.root");
        assertThat(root.get("/dids/cygno/dids/search?type=all&filters="
                + Rest.q("[{'guid': '00000000000000000000000000000001', 'name': '*'}]")).lines()).isEmpty();

        Rest.Response bad = root.post("/replicas", Map.of("rse", "SITE_A", "files",
                List.of(Map.of("scope", "cygno", "name", "badguid.root", "bytes", 1, "meta", Map.of("guid", "not-a-guid")))));
        assertThat(bad.status()).as(bad.body()).isEqualTo(400);
        assertThat(bad.header("ExceptionClass")).isEqualTo("InvalidObject");
    }

    @Test
    void aProtocolOfPriorityZeroServesReadsAndOnlyNullMeansUnsupported() {
        root.post("/rses/ZERO_PRIO", Map.of());
        Map<String, Object> zero = new java.util.HashMap<>(Map.of("read", 0, "write", 0, "delete", 0));
        Rest.Response file = root.post("/rses/ZERO_PRIO/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/zero/",
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("lan", zero, "wan", zero)));
        assertThat(file.status()).as(file.body()).isEqualTo(201);
        Map<String, Object> none = new java.util.HashMap<>();
        none.put("read", null);
        none.put("write", 1);
        Rest.Response root2 = root.post("/rses/ZERO_PRIO/protocols/root", Map.of("hostname", "xrd.example.org", "port", 1094, "prefix",
                "/zero", "impl", "rucio.rse.protocols.xrootd.Default", "domains", Map.of("wan", none)));
        assertThat(root2.status()).as(root2.body()).isEqualTo(201);
        assertThat(root.post("/replicas", Map.of("rse", "ZERO_PRIO", "files", List.of(file("zero.root", 5, "00000005")))).status())
                .isEqualTo(201);

        JsonNode listed = list(Map.of("dids", List.of(Map.of("scope", "cygno", "name", "zero.root")))).getFirst();
        assertThat(listed.at("/rses/ZERO_PRIO")).as(listed.toString()).hasSize(1);
        assertThat(listed.at("/rses/ZERO_PRIO/0").asText()).startsWith("file://localhost/zero/cygno/");
        JsonNode protocols = root.get("/rses/ZERO_PRIO/protocols").json();
        JsonNode fileDomains = protocols.findParents("scheme").stream().filter(p -> p.get("scheme").asText().equals("file"))
                .findFirst().orElseThrow().get("domains");
        assertThat(fileDomains.at("/wan/read").isInt()).isTrue();
        assertThat(fileDomains.at("/wan/read").asInt()).isZero();
        assertThat(fileDomains.at("/wan/third_party_copy_read").isNull()).as("not given: unsupported").isTrue();
        JsonNode rootDomains = protocols.findParents("scheme").stream().filter(p -> p.get("scheme").asText().equals("root"))
                .findFirst().orElseThrow().get("domains");
        assertThat(rootDomains.at("/wan/read").isNull()).isTrue();
        assertThat(rootDomains.at("/wan/write").asInt()).isEqualTo(1);
    }

    @Test
    void aTombstoneMarksAnUnlockedReplicaForDeletionAndRefusesLockedOrUnknownOnes() {
        root.post("/replicas", Map.of("rse", "SITE_B", "files", List.of(file("tomb.free", 1, "00000001"), file("tomb.locked", 1, "00000001"))));
        Rest.Response rule = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "cygno", "name", "tomb.locked")), "copies", 1,
                "rse_expression", "SITE_B"));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);

        Rest.Response set = root.post("/replicas/tombstone", Map.of("replicas", List.of(Map.of("scope", "cygno", "name", "tomb.free", "rse", "SITE_B"))));
        assertThat(set.status()).as(set.body()).isEqualTo(201);
        java.util.Optional<Boolean> obsolete = server.core().database().readOnly(tx -> tx.queryOne("select tombstone < now() - interval "
                + "'1 year' from replicas p join rses r on r.id = p.rse_id where p.name = 'tomb.free' and r.rse = 'SITE_B'", rs -> rs.getBoolean(1)));
        assertThat(obsolete).contains(true);
        Rest.Response locked = root.post("/replicas/tombstone", Map.of("replicas", List.of(Map.of("scope", "cygno", "name", "tomb.locked", "rse", "SITE_B"))));
        assertThat(locked.exceptionClass()).isEqualTo("ReplicaIsLocked");
        Rest.Response unknown = root.post("/replicas/tombstone", Map.of("replicas", List.of(Map.of("scope", "cygno", "name", "tomb.none", "rse", "SITE_B"))));
        assertThat(unknown.exceptionClass()).isEqualTo("ReplicaNotFound");
        assertThat(root.post("/replicas/tombstone", Map.of("replicas", List.of(Map.of("scope", "cygno")))).status()).isEqualTo(400);
    }

    @Test
    void listsTheFilesOfADatasetWithAndWithoutReplicas() {
        root.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(file("ds.f1", 1, "00000001"), file("ds.f2", 2, "00000002"))));
        server.core().database().inTransactionVoid(tx -> {
            tx.update("insert into dids (scope, name, did_type, account, is_open) values ('cygno', 'ds', 'DATASET', 'root', true)");
            tx.update("insert into dids (scope, name, did_type, account, bytes) values ('cygno', 'ds.f3', 'FILE', 'root', 3)");
            for (String f : List.of("ds.f1", "ds.f2", "ds.f3")) {
                tx.update("insert into contents (scope, name, child_scope, child_name, did_type, child_type) values ('cygno', 'ds', 'cygno', ?, 'DATASET', 'FILE')", f);
            }
        });
        List<JsonNode> files = list(Map.of("dids", List.of(Map.of("scope", "cygno", "name", "ds"))));
        assertThat(files).extracting(f -> f.get("name").asText()).containsExactly("ds.f1", "ds.f2", "ds.f3");
        assertThat(files.get(2).get("pfns").size()).isZero();
        assertThat(list(Map.of("dids", List.of(Map.of("scope", "cygno", "name", "ds")), "nrandom", 1))).hasSize(1);
    }

    @Test
    void metalinkIsAnsweredToClientsThatAskForIt() {
        root.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(file("metalink.f", 9, "00000009"))));
        Rest.Response response = root.call("POST", "/replicas/list", Map.of("dids", List.of(Map.of("scope", "cygno", "name", "metalink.f"))),
                Map.of("Accept", "application/metalink4+xml"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/metalink4+xml");
        assertThat(response.body()).startsWith("<?xml").contains("<identity>cygno:metalink.f</identity>",
                "<hash type=\"adler32\">00000009</hash>", "<size>9</size>", "location=\"SITE_A\"").endsWith("</metalink>\n");
    }

    @Test
    void aListedFileKeepsRucioFieldNamesTypesAndOrder() {
        root.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(file("shape.f", 7, "00000007"))));
        root.post("/replicas", Map.of("rse", "SITE_B", "files", List.of(file("shape.f", 7, "00000007"))));
        JsonNode file = list(Map.of("dids", List.of(Map.of("scope", "cygno", "name", "shape.f")))).getFirst();
        assertThat(file.fieldNames()).toIterable().containsExactly("scope", "name", "bytes", "md5", "adler32", "pfns", "rses", "states");
        assertThat(file.get("bytes").isIntegralNumber()).isTrue();
        assertThat(file.get("md5").isNull()).isTrue();
        List<String> ranked = new ArrayList<>();
        file.get("pfns").fieldNames().forEachRemaining(ranked::add);
        assertThat(ranked).hasSize(2);
        for (int i = 0; i < ranked.size(); i++) {
            JsonNode pfn = file.get("pfns").get(ranked.get(i));
            assertThat(pfn.fieldNames()).toIterable().containsExactly("rse_id", "rse", "type", "volatile", "domain", "priority", "client_extract");
            assertThat(pfn.get("rse_id").isTextual()).isTrue();
            assertThat(pfn.get("type").asText()).isEqualTo("DISK");
            assertThat(pfn.get("volatile").isBoolean()).isTrue();
            assertThat(pfn.get("domain").asText()).isEqualTo("wan");
            assertThat(pfn.get("priority").isInt()).isTrue();
            assertThat(pfn.get("priority").asInt()).isEqualTo(i + 1);
            assertThat(pfn.get("client_extract").asBoolean(true)).isFalse();
            assertThat(file.at("/rses/" + pfn.get("rse").asText() + "/0").asText()).isEqualTo(ranked.get(i));
        }
        assertThat(file.get("states").get("SITE_A").asText()).isEqualTo("AVAILABLE");
        assertThat(file.get("states").get("SITE_B").asText()).isEqualTo("AVAILABLE");

        Rest.Response metalink = root.call("POST", "/replicas/list", Map.of("dids", List.of(Map.of("scope", "cygno", "name", "shape.f"))),
                Map.of("Accept", "application/metalink4+xml"));
        assertThat(metalink.body()).contains(" <file name=\"shape.f\">\n  <identity>cygno:shape.f</identity>\n"
                + "  <hash type=\"adler32\">00000007</hash>\n  <size>7</size>\n  <glfn name=\"/laguna/rucio/cygno:shape.f\"></glfn>\n"
                + "  <url location=\"" + file.at("/pfns/" + ranked.get(0).replace("~", "~0").replace("/", "~1") + "/rse").asText()
                + "\" domain=\"wan\" priority=\"1\" client_extract=\"false\">" + ranked.get(0) + "</url>\n");
    }

    @Test
    void nonDeterministicRsesKeepTheGivenPfn() {
        String pfn = "davs://tape.example.org:2880/tape/2026/raw/x.dat";
        assertThat(root.post("/replicas", Map.of("rse", "TAPE_X", "files",
                List.of(Map.of("scope", "cygno", "name", "tape.x", "bytes", 5, "pfn", pfn)))).status()).isEqualTo(201);
        JsonNode file = list(Map.of("dids", List.of(Map.of("scope", "cygno", "name", "tape.x")))).getFirst();
        assertThat(file.at("/rses/TAPE_X/0").asText()).isEqualTo(pfn);
        assertThat(file.get("pfns").get(pfn).get("type").asText()).isEqualTo("TAPE");
        Rest.Response missing = root.post("/replicas", Map.of("rse", "TAPE_X", "files", List.of(Map.of("scope", "cygno", "name", "tape.y", "bytes", 5))));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.exceptionClass()).isEqualTo("InvalidPath");
    }

    @Test
    void aBatchWithOneBadFileWritesNothing() {
        Rest.Response duplicate = root.post("/replicas", Map.of("rse", "SITE_B", "files",
                List.of(file("batch.ok", 1, "00000001"), file("batch.ok", 1, "00000001"))));
        assertThat(duplicate.status()).isEqualTo(409);
        root.post("/replicas", Map.of("rse", "SITE_B", "files", List.of(file("batch.mismatch", 10, "00000010"))));
        Rest.Response mismatch = root.post("/replicas", Map.of("rse", "SITE_A", "files",
                List.of(file("batch.new", 1, "00000001"), file("batch.mismatch", 11, "00000010"))));
        assertThat(mismatch.status()).isEqualTo(409);
        assertThat(mismatch.exceptionClass()).isEqualTo("FileConsistencyMismatch");
        assertThat(root.get("/replicas/cygno/batch.new").status()).isEqualTo(404);
    }

    @Test
    void updatesStatesDeletesAndDeclaresBad() {
        root.post("/replicas", Map.of("rse", "SITE_B", "files", List.of(file("state.f", 7, "00000007"), file("bad.f", 8, "00000008"))));
        assertThat(root.put("/replicas", Map.of("rse", "SITE_B", "files",
                List.of(Map.of("scope", "cygno", "name", "state.f", "state", "UNAVAILABLE")))).status()).isEqualTo(200);
        assertThat(list(Map.of("dids", List.of(Map.of("scope", "cygno", "name", "state.f")))).getFirst().get("rses").size()).isZero();
        assertThat(list(Map.of("dids", List.of(Map.of("scope", "cygno", "name", "state.f")), "all_states", true))
                .getFirst().at("/states/SITE_B").asText()).isEqualTo("UNAVAILABLE");

        String pfn = list(Map.of("dids", List.of(Map.of("scope", "cygno", "name", "bad.f")))).getFirst().at("/rses/SITE_B/0").asText();
        Rest.Response bad = root.post("/replicas/bad", Map.of("reason", "checksum", "replicas", List.of(pfn, "file://localhost/nowhere/x")));
        assertThat(bad.status()).as(bad.body()).isEqualTo(201);
        assertThat(bad.json().get("unknown").get(0).asText()).contains("nowhere");
        assertThat(list(Map.of("dids", List.of(Map.of("scope", "cygno", "name", "bad.f")), "all_states", true))
                .getFirst().at("/states/SITE_B").asText()).isEqualTo("BAD");

        assertThat(root.delete("/replicas", Map.of("rse", "SITE_B", "files", List.of(Map.of("scope", "cygno", "name", "state.f")))).status())
                .isEqualTo(200);
        assertThat(root.delete("/replicas", Map.of("rse", "SITE_B", "files", List.of(Map.of("scope", "cygno", "name", "state.f")))).exceptionClass())
                .isEqualTo("ReplicaNotFound");
    }

    @Test
    void badInputGetsClearErrors() {
        assertThat(root.post("/replicas", Map.of("rse", "NOWHERE", "files", List.of(file("x", 1, "00000001")))).exceptionClass())
                .isEqualTo("RSENotFound");
        assertThat(root.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "nosuch", "name", "x", "bytes", 1))))
                .exceptionClass()).isEqualTo("ScopeNotFound");
        assertThat(root.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "cygno", "name", "../x", "bytes", 1))))
                .exceptionClass()).isEqualTo("InvalidObject");
        assertThat(root.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "cygno", "name", "x", "bytes", "big"))))
                .status()).isEqualTo(400);
        assertThat(root.post("/replicas", Map.of("rse", "SITE_A", "files", List.of(Map.of("scope", "cygno", "name", "x", "bytes", 1, "adler32", "zz"))))
                .status()).isEqualTo(400);
        assertThat(root.post("/replicas", Map.of("rse", "SITE_A", "files", "nope")).status()).isEqualTo(400);
        assertThat(root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "cygno", "name", "never"))))
                .exceptionClass()).isEqualTo("DataIdentifierNotFound");
        assertThat(root.post("/replicas/list", Map.of("dids", List.of())).status()).isEqualTo(400);
        assertThat(root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "cygno", "name", "x")), "rse_expression", "((")).status())
                .isEqualTo(400);
    }

    @Test
    void usersRegisterReplicasOnlyInTheirOwnScopes() {
        Rest user = server.createUser("alice", "alice-pw");
        server.createScope("user.alice", "alice");
        assertThat(user.post("/replicas", Map.of("rse", "SITE_A", "files",
                List.of(Map.of("scope", "user.alice", "name", "mine", "bytes", 1)))).status()).isEqualTo(201);
        Rest.Response denied = user.post("/replicas", Map.of("rse", "SITE_A", "files",
                List.of(Map.of("scope", "cygno", "name", "theirs", "bytes", 1))));
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.exceptionClass()).isEqualTo("AccessDenied");
    }

    @Test
    void acceptsBatchesOfTenThousand() {
        List<Map<String, Object>> files = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            files.add(Map.of("scope", "cygno", "name", "bulk." + i, "bytes", i));
        }
        assertThat(root.post("/replicas", Map.of("rse", "SITE_A", "files", files)).status()).isEqualTo(201);
        long count = server.core().database().readOnly(tx -> tx.count("select count(*) from replicas where name like 'bulk.%'"));
        assertThat(count).isEqualTo(10_000);
    }
}
