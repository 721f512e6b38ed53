package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

/** {@code laguna upload} and {@code laguna download} against a real server and POSIX RSEs. */
@ExtendWith(ServerPerClass.class)
class UploadDownloadTest {
    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start(TestServer started) throws Exception {
        server = started;
        root = server.root();
        storage = Files.createTempDirectory("laguna-posix-rse");
        server.createScope("exp", "root");
        for (String rse : List.of("POSIX_A", "POSIX_B")) {
            root.post("/rses/" + rse, Map.of());
            root.post("/rses/" + rse + "/protocols/file", Map.of("hostname", "localhost", "port", 0,
                    "prefix", storage.resolve(rse.toLowerCase()).toString(), "impl", "rucio.rse.protocols.posix.Default",
                    "domains", Map.of("wan", Map.of("read", rse.equals("POSIX_A") ? 1 : 2, "write", 1, "delete", 1))));
        }
    }


    private static Run laguna(String... args) {
        return CliRunner.asRoot(server, args);
    }

    private Path file(String name, String content) throws Exception {
        Path file = work.resolve("in").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void uploadedFilesAreListedAndDownloadVerifiesThem() throws Exception {
        Path a = file("a.dat", "alpha ".repeat(1000));
        Path b = file("b.dat", "beta ".repeat(2000));
        Run upload = laguna("upload", "--rse", "POSIX_A", "--scope", "exp", "--dataset", "exp:set1", a.toString(), b.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        assertThat(upload.out()).contains("Uploaded 2, already present 0, failed 0");

        List<com.fasterxml.jackson.databind.JsonNode> files = root.post("/replicas/list",
                Map.of("dids", List.of(Map.of("scope", "exp", "name", "set1")))).lines();
        assertThat(files).extracting(f -> f.get("name").asText()).containsExactly("a.dat", "b.dat");
        assertThat(files.getFirst().at("/states/POSIX_A").asText()).isEqualTo("AVAILABLE");

        Path into = work.resolve("out");
        Run download = laguna("download", "--dir", into.toString(), "exp:set1");
        assertThat(download.exit()).as(download.err()).isZero();
        assertThat(Files.readString(into.resolve("exp/a.dat"))).isEqualTo(Files.readString(a));
        assertThat(Files.readString(into.resolve("exp/b.dat"))).isEqualTo(Files.readString(b));

        assertThat(laguna("download", "--dir", into.toString(), "exp:set1").out()).contains("Downloaded 0, already present 2");
        Path one = work.resolve("one");
        assertThat(laguna("download", "--dir", one.toString(), "--nrandom", "1", "exp:set1").out()).contains("Downloaded 1, already present 0");
        try (var walked = Files.walk(one)) {
            assertThat(walked.filter(Files::isRegularFile)).hasSize(1);
        }
        assertThat(laguna("upload", "--rse", "POSIX_A", "--scope", "exp", a.toString()).out()).contains("already present 1");
    }

    @Test
    void registerAfterUploadAndLifetime() throws Exception {
        Path f = file("late.dat", "registered late");
        Run upload = laguna("upload", "--rse", "POSIX_B", "--scope", "exp", "--register-after-upload", "--lifetime", "3600", f.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        assertThat(root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "exp", "name", "late.dat")))).lines()
                .getFirst().at("/states/POSIX_B").asText()).isEqualTo("AVAILABLE");
        assertThat(root.get("/dids/exp/late.dat/meta").json().path("expired_at").asText()).isNotBlank().isNotEqualTo("null");
    }

    @Test
    void aRerunCompletesAnInterruptedUpload() throws Exception {
        Path c = file("c.dat", "gamma ".repeat(500));
        String adler = adler32(Files.readAllBytes(c));
        // what a run killed after registering and before writing leaves behind
        root.post("/replicas", Map.of("rse", "POSIX_A", "files", List.of(Map.of("scope", "exp", "name", "c.dat",
                "bytes", Files.size(c), "adler32", adler, "state", "COPYING"))));
        assertThat(root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "exp", "name", "c.dat")))).lines()
                .getFirst().get("rses").size()).as("a COPYING replica is not offered for reading").isZero();

        Run rerun = laguna("upload", "--rse", "POSIX_A", "--scope", "exp", c.toString());
        assertThat(rerun.exit()).as(rerun.err()).isZero();
        assertThat(root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "exp", "name", "c.dat")))).lines()
                .getFirst().at("/states/POSIX_A").asText()).isEqualTo("AVAILABLE");
    }

    @Test
    void downloadFallsBackWhenTheBestReplicaIsCorrupt() throws Exception {
        Path d = file("d.dat", "delta ".repeat(700));
        assertThat(laguna("upload", "--rse", "POSIX_A", "--scope", "exp", d.toString()).exit()).isZero();
        assertThat(laguna("upload", "--rse", "POSIX_B", "--scope", "exp", d.toString()).exit()).isZero();
        String pfnA = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "exp", "name", "d.dat")))).lines()
                .getFirst().at("/rses/POSIX_A/0").asText();
        Files.writeString(Path.of(pfnA.substring("file://localhost".length())), "corrupted ".repeat(420));

        Path into = work.resolve("fallback");
        Run download = laguna("download", "--dir", into.toString(), "exp:d.dat");
        assertThat(download.exit()).as(download.err()).isZero();
        assertThat(download.out()).contains("from POSIX_B");
        assertThat(Files.readString(into.resolve("exp/d.dat"))).isEqualTo(Files.readString(d));
    }

    @Test
    void downloadRefusesAFileWhoseSizeDiffersFromTheCatalogueEvenWhenItsAdler32Matches() throws Exception {
        byte[] content = "gamma ".repeat(300).getBytes(StandardCharsets.UTF_8);
        root.post("/replicas", Map.of("rse", "POSIX_A", "files", List.of(Map.of("scope", "exp", "name", "wrong-size.dat",
                "bytes", content.length + 7, "adler32", adler32(content), "state", "A"))));
        String pfn = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "exp", "name", "wrong-size.dat")))).lines()
                .getFirst().at("/rses/POSIX_A/0").asText();
        Path stored = Path.of(pfn.substring("file://localhost".length()));
        Files.createDirectories(stored.getParent());
        Files.write(stored, content);

        Path into = work.resolve("wrong-size");
        Run download = laguna("download", "--dir", into.toString(), "exp:wrong-size.dat");
        assertThat(download.exit()).isNotZero();
        assertThat(download.err()).contains("size is " + content.length + " bytes, the catalogue says " + (content.length + 7));
        assertThat(into.resolve("exp/wrong-size.dat")).doesNotExist();
    }

    @Test
    void uploadingOtherContentUnderAnExistingNameFails() throws Exception {
        Path e1 = file("e.dat", "first");
        assertThat(laguna("upload", "--rse", "POSIX_A", "--scope", "exp", e1.toString()).exit()).isZero();
        Files.writeString(e1, "second version");
        Run again = laguna("upload", "--rse", "POSIX_A", "--scope", "exp", e1.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already registered with other content");
        Run missing = laguna("upload", "--rse", "POSIX_A", "--scope", "exp", work.resolve("nope.dat").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("No such file");
    }

    private static String adler32(byte[] data) {
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        adler.update(data);
        return String.format("%08x", adler.getValue());
    }

    static String text(Path p) throws Exception {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
