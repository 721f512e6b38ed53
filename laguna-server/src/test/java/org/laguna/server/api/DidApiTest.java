package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

class DidApiTest {
    private static TestServer server;
    private static Rest root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
        sql("insert into scopes (scope, vo, account) values ('data', 'def', 'root')");
        sql("insert into scopes (scope, vo, account) values ('other', 'def', 'root')");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void sql(String statement, Object... params) {
        server.core().database().inTransactionVoid(tx -> tx.update(statement, params));
    }

    /** Files are registered by the replica feature; tests insert them directly. */
    private static void file(String scope, String name, long bytes) {
        sql("insert into dids (scope, name, did_type, account, bytes, adler32, md5, events) values (?, ?, 'FILE', 'root', ?, '0cc737eb', '3b5d5c3712955042212316173ccf37be', 10)",
                scope, name, bytes);
    }

    private static String did(String scope, String name) {
        return "/dids/" + Rest.q(scope) + "/" + Rest.q(name);
    }

    private static Map<String, Object> ref(String scope, String name) {
        return Map.of("scope", scope, "name", name);
    }

    @Test
    void createGetAndClose() {
        assertThat(root.post(did("data", "ds.create"), Map.of("type", "DATASET", "statuses", Map.of("monotonic", true), "lifetime", 3600)).status()).isEqualTo(201);
        JsonNode got = root.get(did("data", "ds.create")).json();
        assertThat(got.get("type").asText()).isEqualTo("DATASET");
        assertThat(got.get("account").asText()).isEqualTo("root");
        assertThat(got.get("open").asBoolean()).isTrue();
        assertThat(got.get("monotonic").asBoolean()).isTrue();
        assertThat(got.get("expired_at").asText()).endsWith("UTC");
        assertThat(root.post(did("data", "ds.create"), Map.of("type", "DATASET")).exceptionClass()).isEqualTo("DataIdentifierAlreadyExists");
        assertThat(root.put(did("data", "ds.create") + "/status", Map.of("open", false)).status()).isEqualTo(200);
        assertThat(root.get(did("data", "ds.create") + "/status").json().get("open").asBoolean()).isFalse();
        assertThat(root.put(did("data", "ds.create") + "/status", Map.of("open", false)).status()).isEqualTo(409);
        assertThat(root.put(did("data", "ds.create") + "/status", Map.of("frozen", true)).exceptionClass()).isEqualTo("UnsupportedStatus");
    }

    @Test
    void namesWithSlashesAndShortTypes() {
        assertThat(root.post(did("data", "run1/sub/ds"), Map.of("type", "d")).status()).isEqualTo(201);
        assertThat(root.get(did("data", "run1/sub/ds")).json().get("name").asText()).isEqualTo("run1/sub/ds");
    }

    @Test
    void unknownScopeAndMissingDid() {
        Rest.Response r = root.post(did("nosuchscope", "ds"), Map.of("type", "DATASET"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.exceptionClass()).isEqualTo("ScopeNotFound");
        assertThat(root.get(did("data", "missing")).exceptionClass()).isEqualTo("DataIdentifierNotFound");
    }

    @Test
    void bulkCreateIsAllOrNothing() {
        root.post(did("data", "bulk.exists"), Map.of("type", "CONTAINER"));
        Rest.Response r = root.post("/dids", List.of(
                Map.of("scope", "data", "name", "bulk.new1", "type", "DATASET"),
                Map.of("scope", "data", "name", "bulk.exists", "type", "DATASET")));
        assertThat(r.status()).isEqualTo(409);
        assertThat(root.get(did("data", "bulk.new1")).status()).isEqualTo(404);
        assertThat(root.post("/dids", List.of(Map.of("scope", "data", "name", "bulk.new1", "type", "DATASET"),
                Map.of("scope", "data", "name", "bulk.new2", "type", "container"))).status()).isEqualTo(201);
        assertThat(root.get(did("data", "bulk.new2")).json().get("type").asText()).isEqualTo("CONTAINER");
    }

    @Test
    void attachRulesSizesAndDetachHistory() {
        file("data", "att.f1", 100);
        file("data", "att.f2", 50);
        root.post(did("data", "att.ds"), Map.of("type", "DATASET"));
        assertThat(root.post(did("data", "att.ds") + "/dids", Map.of("dids", List.of(ref("data", "att.f1"), ref("data", "att.f2")))).status()).isEqualTo(201);
        JsonNode ds = root.get(did("data", "att.ds")).json();
        assertThat(ds.get("length").asLong()).isEqualTo(2);
        assertThat(ds.get("bytes").asLong()).isEqualTo(150);
        // duplicate
        Rest.Response dup = root.post(did("data", "att.ds") + "/dids", Map.of("dids", List.of(ref("data", "att.f1"))));
        assertThat(dup.status()).isEqualTo(409);
        assertThat(root.post("/dids/attachments", Map.of("ignore_duplicate", true, "attachments",
                List.of(Map.of("scope", "data", "name", "att.ds", "dids", List.of(ref("data", "att.f1")))))).status()).isEqualTo(201);
        // contents carry the file's size and checksums
        List<JsonNode> content = root.get(did("data", "att.ds") + "/dids").lines();
        assertThat(content).hasSize(2);
        assertThat(content).allSatisfy(c -> assertThat(c.get("adler32").asText()).isEqualTo("0cc737eb"));
        // file into container is forbidden
        root.post(did("data", "att.ct"), Map.of("type", "CONTAINER"));
        assertThat(root.post(did("data", "att.ct") + "/dids", Map.of("dids", List.of(ref("data", "att.f1")))).exceptionClass()).isEqualTo("UnsupportedOperation");
        // missing child
        assertThat(root.post(did("data", "att.ct") + "/dids", Map.of("dids", List.of(ref("data", "nope")))).status()).isEqualTo(404);
        // detach, with history
        assertThat(root.delete(did("data", "att.ds") + "/dids", Map.of("dids", List.of(ref("data", "att.f2")))).status()).isEqualTo(200);
        ds = root.get(did("data", "att.ds")).json();
        assertThat(ds.get("length").asLong()).isEqualTo(1);
        assertThat(ds.get("bytes").asLong()).isEqualTo(100);
        List<JsonNode> history = root.get(did("data", "att.ds") + "/dids/history").lines();
        assertThat(history).extracting(h -> h.get("name").asText()).containsExactly("att.f2");
        assertThat(root.delete(did("data", "att.ds") + "/dids", Map.of("dids", List.of(ref("data", "att.f2")))).status()).isEqualTo(404);
        // closed dataset refuses content
        root.put(did("data", "att.ds") + "/status", Map.of("open", false));
        Rest.Response closed = root.post(did("data", "att.ds") + "/dids", Map.of("dids", List.of(ref("data", "att.f2"))));
        assertThat(closed.status()).isEqualTo(409);
        assertThat(closed.header("ExceptionMessage")).contains("closed");
    }

    @Test
    void cyclesAreRefusedAndNothingIsWritten() {
        root.post("/dids", List.of(Map.of("scope", "data", "name", "cyc.a", "type", "CONTAINER"),
                Map.of("scope", "data", "name", "cyc.b", "type", "CONTAINER"),
                Map.of("scope", "data", "name", "cyc.c", "type", "CONTAINER")));
        assertThat(root.post(did("data", "cyc.a") + "/dids", Map.of("dids", List.of(ref("data", "cyc.b")))).status()).isEqualTo(201);
        assertThat(root.post(did("data", "cyc.b") + "/dids", Map.of("dids", List.of(ref("data", "cyc.c")))).status()).isEqualTo(201);
        Rest.Response cycle = root.post(did("data", "cyc.c") + "/dids", Map.of("dids", List.of(ref("data", "cyc.a"))));
        assertThat(cycle.status()).isEqualTo(409);
        assertThat(cycle.header("ExceptionMessage")).contains("Circular");
        assertThat(root.get(did("data", "cyc.c") + "/dids").lines()).isEmpty();
        assertThat(root.post(did("data", "cyc.a") + "/dids", Map.of("dids", List.of(ref("data", "cyc.a")))).status()).isEqualTo(409);
        // a cycle made inside one bulk call
        root.post("/dids", List.of(Map.of("scope", "data", "name", "cyc.x", "type", "CONTAINER"),
                Map.of("scope", "data", "name", "cyc.y", "type", "CONTAINER")));
        Rest.Response both = root.post("/dids/attachments", List.of(
                Map.of("scope", "data", "name", "cyc.x", "dids", List.of(ref("data", "cyc.y"))),
                Map.of("scope", "data", "name", "cyc.y", "dids", List.of(ref("data", "cyc.x")))));
        assertThat(both.status()).isEqualTo(409);
        assertThat(root.get(did("data", "cyc.x") + "/dids").lines()).isEmpty();
    }

    @Test
    void filesRecursiveThroughAContainerAndParents() {
        file("data", "rec.f1", 1);
        file("data", "rec.f2", 2);
        file("data", "rec.f3", 3);
        root.post(did("data", "rec.ds1"), Map.of("type", "DATASET", "dids", List.of(ref("data", "rec.f1"), ref("data", "rec.f2"))));
        root.post(did("data", "rec.ds2"), Map.of("type", "DATASET", "dids", List.of(ref("data", "rec.f3"))));
        root.post(did("data", "rec.ct"), Map.of("type", "CONTAINER", "dids", List.of(ref("data", "rec.ds1"))));
        root.post(did("data", "rec.top"), Map.of("type", "CONTAINER", "dids", List.of(ref("data", "rec.ct"))));
        root.post(did("data", "rec.ct") + "/dids", Map.of("dids", List.of(ref("data", "rec.ds2"))));
        Rest.Response files = root.get(did("data", "rec.top") + "/files");
        assertThat(files.header("Content-Type")).startsWith("application/x-json-stream");
        assertThat(files.lines()).extracting(f -> f.get("name").asText()).containsExactlyInAnyOrder("rec.f1", "rec.f2", "rec.f3");
        assertThat(files.lines().getFirst().has("guid")).isTrue();
        assertThat(root.get(did("data", "rec.f1") + "/files").lines()).hasSize(1);
        assertThat(root.get(did("data", "rec.ds1") + "/parents").lines()).extracting(p -> p.get("name").asText() + "/" + p.get("type").asText())
                .containsExactly("rec.ct/CONTAINER");
        assertThat(root.get(did("data", "rec.top") + "?dynamic_depth=FILE").json().get("bytes").asLong()).isEqualTo(6);
        List<JsonNode> listing = root.get("/dids/data/?name=rec.top&recursive=True").lines();
        assertThat(listing).extracting(l -> l.get("name").asText()).contains("rec.ct", "rec.ds1", "rec.f1", "rec.f3");
    }

    @Test
    void typedAndGenericMetadata() {
        root.post(did("data", "meta.ds"), Map.of("type", "DATASET", "meta", Map.of("project", "proj1", "colour", "red")));
        assertThat(root.post(did("data", "meta.ds") + "/meta/run_number", Map.of("value", 42)).status()).isEqualTo(201);
        assertThat(root.post(did("data", "meta.ds") + "/meta", Map.of("meta", Map.of("energy", 13.6, "flag", true))).status()).isEqualTo(201);
        JsonNode columns = root.get(did("data", "meta.ds") + "/meta").json();
        assertThat(columns.get("run_number").asLong()).isEqualTo(42);
        assertThat(columns.get("project").asText()).isEqualTo("proj1");
        assertThat(columns.has("colour")).isFalse();
        JsonNode json = root.get(did("data", "meta.ds") + "/meta?plugin=JSON").json();
        assertThat(json.get("colour").asText()).isEqualTo("red");
        assertThat(json.get("energy").asDouble()).isEqualTo(13.6);
        assertThat(root.get(did("data", "meta.ds") + "/meta?plugin=ALL").json().has("flag")).isTrue();
        Rest.Response bad = root.post(did("data", "meta.ds") + "/meta/run_number", Map.of("value", "many"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.exceptionClass()).isEqualTo("InvalidValueForKey");
        assertThat(bad.header("ExceptionMessage")).contains("run_number").contains("many");
        assertThat(root.post(did("data", "meta.ds") + "/meta/a.b", Map.of("value", 1)).exceptionClass()).isEqualTo("InvalidMetadata");
        assertThat(root.delete(did("data", "meta.ds") + "/meta?key=colour").status()).isEqualTo(200);
        assertThat(root.delete(did("data", "meta.ds") + "/meta?key=colour").exceptionClass()).isEqualTo("KeyNotFound");
        assertThat(root.post(did("data", "meta.ds") + "/meta/lifetime", Map.of("value", 60)).status()).isEqualTo(201);
        assertThat(root.get(did("data", "meta.ds")).json().get("expired_at").isNull()).isFalse();
    }

    @Test
    void searchWithOperatorsWildcardsOrAndType() {
        root.post("/dids", List.of(
                Map.of("scope", "other", "name", "s.alpha", "type", "DATASET", "meta", Map.of("run_number", 5, "colour", "red", "energy", 10)),
                Map.of("scope", "other", "name", "s.beta", "type", "DATASET", "meta", Map.of("run_number", 7, "colour", "blue", "energy", 20)),
                Map.of("scope", "other", "name", "s_gamma", "type", "CONTAINER", "meta", Map.of("run_number", 9))));
        file("other", "s.file", 1);
        assertThat(names("[{'name': 's.*'}]", "collection")).containsExactlyInAnyOrder("s.alpha", "s.beta");
        assertThat(names("[{'run_number.gt': 5}]", "all")).containsExactlyInAnyOrder("s.beta", "s_gamma");
        assertThat(names("[{'run_number.lt': '7'}]", "dataset")).containsExactly("s.alpha");
        assertThat(names("[{'colour': 'red'}, {'colour': 'blue'}]", "all")).containsExactlyInAnyOrder("s.alpha", "s.beta");
        assertThat(names("[{'colour.ne': 'red'}]", "dataset")).containsExactly("s.beta");
        assertThat(names("[{'energy.gte': 15}]", "all")).containsExactly("s.beta");
        assertThat(names("[{'name': '*'}]", "container")).containsExactly("s_gamma");
        assertThat(names("[{'name': '*'}]", "file")).containsExactly("s.file");
        assertThat(names("[{'name': 's_*'}]", "all")).containsExactly("s_gamma");
        assertThat(names("name=s.*,run_number>=7;colour=red", "dataset")).containsExactlyInAnyOrder("s.alpha", "s.beta");
        // legacy form: keys as query parameters
        List<JsonNode> legacy = root.get("/dids/other/dids/search?type=all&run_number=9").lines();
        assertThat(legacy).extracting(JsonNode::asText).containsExactly("s_gamma");
        // long form
        JsonNode hit = root.get("/dids/other/dids/search?type=dataset&long=True&filters=" + Rest.q("[{'name': 's.alpha'}]")).lines().getFirst();
        assertThat(hit.get("did_type").asText()).isEqualTo("DATASET");
        assertThat(hit.get("scope").asText()).isEqualTo("other");
        // bad filters
        Rest.Response bad = root.get("/dids/other/dids/search?filters=" + Rest.q("[{'name': 'x'"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.exceptionClass()).isEqualTo("DIDFilterSyntaxError");
        assertThat(root.get("/dids/other/dids/search?filters=" + Rest.q("[{\"x' or 1=1--\": 1}]")).status()).isEqualTo(400);
        assertThat(root.get("/dids/other/dids/search?filters=" + Rest.q("[{'bytes': 'lots'}]")).exceptionClass()).isEqualTo("InvalidValueForKey");
        assertThat(root.get("/dids/other/dids/search?type=bogus").status()).isEqualTo(409);
    }

    private static List<String> names(String filters, String type) {
        Rest.Response r = root.get("/dids/other/dids/search?type=" + type + "&long=False&recursive=False&filters=" + Rest.q(filters));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        r.lines().forEach(n -> names.add(n.asText()));
        return names;
    }

    @Test
    void aUserIsDeniedInSomeoneElsesScope() {
        sql("insert into accounts (account, vo, account_type) values ('jdoe', 'def', 'USER')");
        sql("insert into identities (identity, identity_type, username, password_hash) values ('jdoe', 'USERPASS', 'jdoe', ?)",
                server.core().passwords().hash("secret-pw"));
        sql("insert into account_map (identity, identity_type, account) values ('jdoe', 'USERPASS', 'jdoe')");
        sql("insert into scopes (scope, vo, account) values ('user.jdoe', 'def', 'jdoe')");
        Rest jdoe = Rest.login(server.url(), "jdoe", "jdoe", "secret-pw");
        Rest.Response denied = jdoe.post(did("data", "jdoe.ds"), Map.of("type", "DATASET"));
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(jdoe.post(did("user.jdoe", "mine"), Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(jdoe.post(did("data", "att.ds") + "/meta/colour", Map.of("value", "x")).status()).isEqualTo(401);
    }

    @Test
    void aLifetimeOfMinusOneMeansNoExpiryAndOtherNegativesAreRefused() {
        Rest.Response created = root.post(did("data", "ds.forever"), Map.of("type", "DATASET", "lifetime", -1));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(root.get(did("data", "ds.forever")).json().get("expired_at").isNull()).isTrue();
        Rest.Response bulk = root.post("/dids", List.of(Map.of("scope", "data", "name", "ds.forever.bulk", "type", "DATASET", "lifetime", -1)));
        assertThat(bulk.status()).as(bulk.body()).isEqualTo(201);
        assertThat(root.get(did("data", "ds.forever.bulk")).json().get("expired_at").isNull()).isTrue();
        Rest.Response refused = root.post(did("data", "ds.minus.two"), Map.of("type", "DATASET", "lifetime", -2));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.header("ExceptionMessage")).contains("lifetime").contains("-2");
    }

    @Test
    void badInputIsA4xxNamingTheProblem() {
        Rest.Response badName = root.post(did("data", "bad name"), Map.of("type", "DATASET"));
        assertThat(badName.status()).isEqualTo(400);
        assertThat(badName.header("ExceptionMessage")).contains("name");
        Rest.Response unknown = root.post(did("data", "ok.name"), Map.of("type", "DATASET", "colour", "red"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.header("ExceptionMessage")).contains("colour");
        assertThat(root.postRaw(did("data", "ok.name"), "{not json").status()).isEqualTo(400);
        assertThat(root.post(did("data", "ok.name"), Map.of("type", "SHOE")).status()).isEqualTo(400);
        assertThat(root.post(did("data", "ok.name"), Map.of("type", "FILE")).status()).isEqualTo(409);
        assertThat(root.post(did("data", "ok.name"), Map.of("type", "DATASET", "lifetime", "soon")).status()).isEqualTo(400);
        assertThat(root.post(did("data", "ok.name"), Map.of("type", "DATASET", "dids", "nope")).status()).isEqualTo(400);
        assertThat(root.post("/dids", Map.of("scope", "data")).status()).isEqualTo(400);
        assertThat(root.get(did("data", "ok.name")).status()).isEqualTo(404);
    }

    @Test
    void tenThousandFilesAttachInOneCall() {
        sql("insert into dids (scope, name, did_type, account, bytes, adler32) "
                + "select 'data', 'big.f' || i, 'FILE', 'root', 10, '0cc737eb' from generate_series(1, 10000) i");
        root.post(did("data", "big.ds"), Map.of("type", "DATASET"));
        List<Map<String, Object>> files = new ArrayList<>();
        for (int i = 1; i <= 10_000; i++) {
            files.add(ref("data", "big.f" + i));
        }
        long start = System.nanoTime();
        Rest.Response r = root.post(did("data", "big.ds") + "/dids", Map.of("dids", files));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        System.out.println("attached 10000 files in " + millis + " ms");
        assertThat(millis).isLessThan(10_000);
        JsonNode ds = root.get(did("data", "big.ds")).json();
        assertThat(ds.get("length").asLong()).isEqualTo(10_000);
        assertThat(ds.get("bytes").asLong()).isEqualTo(100_000);
        assertThat(root.get(did("data", "big.ds") + "/files").lines()).hasSize(10_000);
        start = System.nanoTime();
        assertThat(root.delete(did("data", "big.ds") + "/dids", Map.of("dids", files)).status()).isEqualTo(200);
        System.out.println("detached 10000 files in " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertThat(root.get(did("data", "big.ds")).json().get("length").asLong()).isZero();
    }
}
