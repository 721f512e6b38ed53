package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code laguna import} from manifests and from a storage listing. */
class ImportTest {
    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        root = server.root();
        storage = Files.createTempDirectory("laguna-import-rse");
        server.createScope("legacy", "root");
        root.post("/rses/OLD_DISK", Map.of("deterministic", false));
        root.post("/rses/OLD_DISK/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", storage.toString(),
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        root.post("/rses/HASH_DISK", Map.of());
        root.post("/rses/HASH_DISK/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/data/hash",
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
    }

    @AfterAll
    static void stop() {
        server.close();
    }


    private static Run laguna(String... args) {
        return CliRunner.asRoot(server, args);
    }

    @Test
    void aCsvManifestIsImportedOnceAndMismatchesAreReported() throws Exception {
        Path manifest = work.resolve("m.csv");
        Files.writeString(manifest, "name,path,bytes,adler32\n"
                + "run1/a.raw,2019/run1/a.raw,100,0000000a\n"
                + "run1/b.raw,2019/run1/b.raw,200,0000000b\n");
        Run first = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--manifest", manifest.toString(), "--dataset", "legacy:run1");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("found 2, registered 2, already registered 0, mismatched 0, invalid 0");
        var files = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "legacy", "name", "run1")))).lines();
        assertThat(files).extracting(f -> f.at("/rses/OLD_DISK/0").asText())
                .containsExactly("file://localhost" + storage + "/2019/run1/a.raw", "file://localhost" + storage + "/2019/run1/b.raw");

        Files.writeString(manifest, "name,path,bytes,adler32\n"
                + "run1/a.raw,2019/run1/a.raw,100,0000000a\n"
                + "run1/b.raw,2019/run1/b.raw,999,0000000b\n"
                + "run1/c.raw,2019/run1/c.raw,300,0000000c\n");
        Run second = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--manifest", manifest.toString());
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.out()).contains("found 3, registered 1, already registered 1, mismatched 1");
        assertThat(second.err()).contains("legacy:run1/b.raw");
        assertThat(root.get("/dids/legacy/" + Rest.q("run1/b.raw")).json().get("bytes").asLong()).isEqualTo(200);
    }

    @Test
    void jsonLinesDryRunRegistersNothing() throws Exception {
        Path manifest = work.resolve("m.jsonl");
        Files.writeString(manifest, "{\"name\": \"dry.raw\", \"path\": \"dry/dry.raw\", \"size\": 5}\n");
        Run dry = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--manifest", manifest.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Dry run: found 1, registered 1");
        assertThat(root.get("/dids/legacy/dry.raw").exceptionClass()).isEqualTo("DataIdentifierNotFound");
    }

    @Test
    void pathTraversalAndWrongLayoutsAreRefused() throws Exception {
        Path manifest = work.resolve("bad.csv");
        Files.writeString(manifest, "name,path,bytes\nevil.raw,../../etc/passwd,10\n");
        Run evil = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--manifest", manifest.toString());
        assertThat(evil.exit()).isEqualTo(1);
        assertThat(evil.err()).contains("contains '..'");

        Files.writeString(manifest, "name,path,bytes\nf.raw,somewhere/f.raw,10\n");
        Run layout = laguna("import", "--rse", "HASH_DISK", "--scope", "legacy", "--manifest", manifest.toString());
        assertThat(layout.exit()).isEqualTo(1);
        assertThat(layout.err()).contains("is not the RSE's layout");
        assertThat(root.get("/dids/legacy/f.raw").exceptionClass()).isEqualTo("DataIdentifierNotFound");
    }

    @Test
    void aStorageListingIsImportedWithChecksums() throws Exception {
        Path tree = storage.resolve("listed/2020");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("x.dat"), "Wikipedia");
        Files.writeString(tree.resolve("sub/y.dat"), "yyyy");
        Run run = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--prefix", "listed");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("found 2, registered 2");
        assertThat(root.get("/dids/legacy/" + Rest.q("listed/2020/x.dat")).json().get("adler32").asText()).isEqualTo("11e60398");
        assertThat(laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--prefix", "listed").out())
                .contains("found 2, registered 0, already registered 2");
    }
}
