package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** Uploading directory trees (names keep the path inside the directory) and upload/download with {@code --json}. */
@ExtendWith(ServerPerClass.class)
class UploadTreeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static Rest root;

    @TempDir
    Path work;

    @BeforeAll
    static void start(TestServer started) throws Exception {
        server = started;
        root = server.root();
        server.createScope("tree", "root");
        Path storage = Files.createTempDirectory("laguna-posix-rse");
        root.post("/rses/TREE_DISK", Map.of());
        root.post("/rses/TREE_DISK/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", storage.toString(),
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
    }

    private static Run laguna(String... args) {
        return CliRunner.asRoot(server, args);
    }

    private Path file(String relative, String content) throws Exception {
        Path file = work.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void filesOfSubdirectoriesKeepTheirPathInTheirNames() throws Exception {
        file("data/x/same.txt", "from x");
        file("data/y/same.txt", "from y, longer");
        file("data/top.txt", "top");
        Run upload = laguna("upload", "--rse", "TREE_DISK", "--scope", "tree", "--dataset", "tree:both", work.resolve("data").toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        assertThat(upload.out()).contains("-> tree:x/same.txt", "-> tree:y/same.txt", "-> tree:top.txt", "Uploaded 3, already present 0, failed 0");

        Path into = work.resolve("out");
        Run download = laguna("download", "--dir", into.toString(), "tree:both");
        assertThat(download.exit()).as(download.err()).isZero();
        assertThat(Files.readString(into.resolve("tree/x/same.txt"))).isEqualTo("from x");
        assertThat(Files.readString(into.resolve("tree/y/same.txt"))).isEqualTo("from y, longer");
    }

    @Test
    void twoFilesThatWouldGetTheSameNameAreRefusedBeforeAnythingIsSent() throws Exception {
        Path one = file("a/dup.txt", "one");
        Path two = file("b/dup.txt", "two");
        Run upload = laguna("upload", "--rse", "TREE_DISK", "--scope", "tree", one.toString(), two.toString());
        assertThat(upload.exit()).isEqualTo(2);
        assertThat(upload.err()).contains("same name 'dup.txt'", one.toString(), two.toString());
        assertThat(root.get("/dids/tree/dup.txt").status()).isEqualTo(404);
    }

    @Test
    void uploadAndDownloadPrintOneJsonDocumentWithJson() throws Exception {
        Path dir = work.resolve("json");
        file("json/j1.txt", "json one");
        file("json/sub/j2.txt", "json two");
        Run upload = laguna("upload", "--rse", "TREE_DISK", "--scope", "tree", "--dataset", "tree:jset", "--json", dir.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        JsonNode report = JSON.readTree(upload.out());
        assertThat(report.path("uploaded").asInt()).isEqualTo(2);
        assertThat(report.path("attached").asInt()).isEqualTo(2);
        assertThat(report.path("files")).extracting(f -> f.path("did").asText()).containsExactlyInAnyOrder("tree:j1.txt", "tree:sub/j2.txt");
        assertThat(report.path("files")).allSatisfy(f -> assertThat(f.path("status").asText()).isEqualTo("uploaded"));

        Run download = laguna("download", "--dir", work.resolve("jout").toString(), "--json", "tree:jset");
        assertThat(download.exit()).as(download.err()).isZero();
        JsonNode got = JSON.readTree(download.out());
        assertThat(got.path("downloaded").asInt()).isEqualTo(2);
        assertThat(got.path("files")).extracting(f -> f.path("status").asText()).containsOnly("downloaded");
        assertThat(got.path("files")).extracting(f -> f.path("path").asText())
                .contains(work.resolve("jout/tree/sub/j2.txt").toString());

        Run again = laguna("upload", "--rse", "TREE_DISK", "--scope", "tree", "--json", dir.toString());
        assertThat(JSON.readTree(again.out()).path("present").asInt()).isEqualTo(2);
        assertThat(List.of(again.out().trim().split("\n"))).hasSize(1);
    }
}
