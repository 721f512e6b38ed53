package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

@ExtendWith(ServerPerClass.class)
class TraceRedirectApiTest {
    private static TestServer server;
    private static Rest root;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        server.createScope("trc", "root");
        Map<String, Object> rw = Map.of("read", 1, "write", 1, "delete", 1);
        for (String rse : List.of("WEB_A", "WEB_B")) {
            assertThat(root.post("/rses/" + rse, Map.of()).status()).isEqualTo(201);
            root.post("/rses/" + rse + "/protocols/davs", Map.of("hostname", rse.toLowerCase() + ".example.org", "port", 443,
                    "prefix", "/data/", "impl", "rucio.rse.protocols.gfal.Default", "domains", Map.of("lan", rw, "wan", rw)));
            root.post("/rses/" + rse + "/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/local/" + rse + "/",
                    "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("lan", rw, "wan", rw)));
        }
        root.post("/rses/WEB_B/attr/site", Map.of("value", "CERN-PROD"));
        addFile("read.root", "WEB_A", "WEB_B");
        addFile("other.root", "WEB_A");
        root.post("/dids/trc/trace.ds", Map.of("type", "DATASET"));
        root.post("/dids/trc/trace.ds/dids", Map.of("dids", List.of(Map.of("scope", "trc", "name", "read.root"))));
    }

    private static void addFile(String name, String... rses) {
        for (String rse : rses) {
            Rest.Response added = root.post("/replicas", Map.of("rse", rse, "files",
                    List.of(Map.of("scope", "trc", "name", name, "bytes", 10, "adler32", "0000000a"))));
            assertThat(added.status()).as(added.body()).isEqualTo(201);
        }
    }

    private static Optional<Instant> replicaAccessedAt(String name, String rse) {
        return server.core().database().readOnly(tx -> tx.queryOne("select p.accessed_at from replicas p join rses r on r.id = p.rse_id "
                + "where p.scope = 'trc' and p.name = ? and r.rse = ?", rs -> Optional.ofNullable(rs.getTimestamp(1))
                .map(java.sql.Timestamp::toInstant), name, rse)).orElseThrow();
    }

    private static Optional<Instant> didAccessedAt(String name) {
        return server.core().services().accessTraces().didAccessedAt("trc", name);
    }

    @Test
    void aDownloadTraceWithoutTokenRecordsAccessOnTheReplicaTheFileAndItsDataset() {
        assertThat(replicaAccessedAt("read.root", "WEB_A")).isEmpty();
        Rest.Response posted = server.anonymous().post("/traces/", Map.of("eventType", "download", "clientState", "DONE",
                "scope", "trc", "filename", "read.root", "remoteSite", "WEB_A", "dataset", "trace.ds", "datasetScope", "trc",
                "filesize", 10, "account", "root", "eventVersion", "rucio_41.0.0"));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        assertThat(posted.body()).isEqualTo("Created");

        assertThat(replicaAccessedAt("read.root", "WEB_A")).isPresent();
        assertThat(replicaAccessedAt("read.root", "WEB_B")).as("only the RSE read from").isEmpty();
        assertThat(didAccessedAt("read.root")).isPresent();
        assertThat(didAccessedAt("trace.ds")).as("the dataset holding the file").isPresent();
        assertThat(didAccessedAt("other.root")).isEmpty();
    }

    @Test
    void aListOfTracesIsAcceptedAndUploadsOrUnknownNamesAreIgnored() {
        Rest.Response posted = server.anonymous().post("/traces", List.of(
                Map.of("eventType", "upload", "scope", "trc", "filename", "other.root", "remoteSite", "WEB_A"),
                Map.of("eventType", "get_sm", "clientState", "DONE", "scope", "trc", "filename", "missing.root", "remoteSite", "NO_SUCH_RSE"),
                Map.of("eventType", "download", "scope", "trc", "filename", "other.root"),
                Map.of("something", "else")));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        assertThat(replicaAccessedAt("other.root", "WEB_A")).isEmpty();
        assertThat(didAccessedAt("other.root")).isEmpty();
    }

    @Test
    void aTraceThatIsNotJsonOrNotObjectsIsValueError() {
        for (String body : List.of("not json", "42", "[1, 2]", "\"text\"")) {
            Rest.Response response = server.anonymous().postRaw("/traces", body);
            assertThat(response.status()).as(body).isEqualTo(400);
            assertThat(response.exceptionClass()).isEqualTo("ValueError");
            assertThat(response.json().has("ExceptionMessage")).isTrue();
        }
    }

    @Test
    void redirectsToAnHttpsUrlOfTheFileWithSeeOther() {
        Rest.Response response = root.get("/redirect/trc/read.root");
        assertThat(response.status()).as(response.body()).isEqualTo(303);
        assertThat(response.header("Location")).matches("https://web_[ab]\\.example\\.org:443/data/trc/.*/read\\.root");
    }

    @Test
    void rseSiteAndSchemesChooseTheReplica() {
        Rest.Response onRse = root.get("/redirect/trc/read.root?rse=WEB_B");
        assertThat(onRse.status()).as(onRse.body()).isEqualTo(303);
        assertThat(onRse.header("Location")).startsWith("davs://web_b.example.org");

        for (int i = 0; i < 5; i++) {
            Rest.Response atSite = root.get("/redirect/trc/read.root?site=CERN-PROD");
            assertThat(atSite.status()).as(atSite.body()).isEqualTo(303);
            assertThat(atSite.header("Location")).startsWith("https://web_b.example.org");
        }
        Rest.Response file = root.get("/redirect/trc/other.root?schemes=file");
        assertThat(file.status()).as(file.body()).isEqualTo(303);
        assertThat(file.header("Location")).startsWith("file://localhost/local/WEB_A/");
    }

    @Test
    void noFittingReplicaIsNotFound() {
        Rest.Response noRse = root.get("/redirect/trc/other.root?rse=WEB_B");
        assertThat(noRse.status()).isEqualTo(404);
        assertThat(noRse.exceptionClass()).isEqualTo("ReplicaNotFound");
        assertThat(root.get("/redirect/trc/other.root?site=NOWHERE").exceptionClass()).isEqualTo("ReplicaNotFound");
        assertThat(root.get("/redirect/trc/other.root?schemes=root").exceptionClass()).isEqualTo("ReplicaNotFound");
        Rest.Response unknown = root.get("/redirect/trc/unknown.root");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.exceptionClass()).isEqualTo("DataIdentifierNotFound");
        assertThat(root.get("/redirect/trc/bad%20name").status()).isBetween(400, 404);
    }

    @Test
    void redirectNeedsAToken() {
        Rest.Response response = server.anonymous().get("/redirect/trc/read.root");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.exceptionClass()).isEqualTo("CannotAuthenticate");
    }

    @Test
    void theMetalinkRedirectListsEveryFileOfTheDidWithItsUrlsBestFirst() {
        Rest.Response file = root.get("/redirect/trc/read.root/metalink");
        assertThat(file.status()).as(file.body()).isEqualTo(200);
        assertThat(file.header("Content-Type")).startsWith("application/metalink4+xml");
        assertThat(file.body()).startsWith("<?xml").contains("<identity>trc:read.root</identity>")
                .contains("<hash type=\"adler32\">0000000a</hash>").contains("<size>10</size>")
                .contains("location=\"WEB_A\"").contains("location=\"WEB_B\"").contains("priority=\"1\"")
                .contains(">davs://web_a.example.org:443/data/").doesNotContain("file://");
        assertThat(root.get("/redirect/trc/read.root/metalink?schemes=file").body()).contains(">file://localhost/local/")
                .doesNotContain("davs://");
        assertThat(root.get("/redirect/trc/read.root/metalink?sort=random").body()).contains("<identity>trc:read.root</identity>");

        Rest.Response dataset = root.get("/redirect/trc/trace.ds/metalink");
        assertThat(dataset.status()).isEqualTo(200);
        assertThat(dataset.body()).contains("<identity>trc:read.root</identity>").doesNotContain("other.root");
    }

    @Test
    void theMetalinkRedirectOfNothingIsNotFound() {
        assertThat(root.get("/redirect/trc/unknown.root/metalink").exceptionClass()).isEqualTo("DataIdentifierNotFound");
        assertThat(root.post("/dids/trc/empty.ds", Map.of("type", "DATASET")).status()).isEqualTo(201);
        Rest.Response empty = root.get("/redirect/trc/empty.ds/metalink");
        assertThat(empty.status()).isEqualTo(404);
        assertThat(empty.exceptionClass()).isEqualTo("ReplicaNotFound");
        assertThat(server.anonymous().get("/redirect/trc/read.root/metalink").status()).isEqualTo(401);
    }
}
