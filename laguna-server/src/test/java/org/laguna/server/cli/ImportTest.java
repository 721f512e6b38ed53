package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

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

/** {@code laguna import} from manifests and from a storage listing. */
@ExtendWith(ServerPerClass.class)
class ImportTest {
    private static TestServer server;
    private static Rest root;
    private static Path storage;
    private static Path layoutStorage;

    @TempDir
    Path work;

    @BeforeAll
    static void start(TestServer started) throws Exception {
        server = started;
        root = server.root();
        storage = Files.createTempDirectory("laguna-import-rse");
        server.createScope("legacy", "root");
        root.post("/rses/OLD_DISK", Map.of("deterministic", false));
        root.post("/rses/OLD_DISK/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", storage.toString(),
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        layoutStorage = Files.createTempDirectory("laguna-import-layout");
        for (String rse : List.of("LAYOUT_DISK", "IDENTITY_DISK")) {
            root.post("/rses/" + rse, Map.of());
            root.post("/rses/" + rse + "/protocols/file", Map.of("hostname", "localhost", "port", 0,
                    "prefix", layoutStorage.resolve(rse.toLowerCase()).toString(), "impl", "rucio.rse.protocols.posix.Default",
                    "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        }
        root.post("/rses/IDENTITY_DISK/attr/lfn2pfn_algorithm", Map.of("value", "identity"));
        root.post("/rses/HASH_DISK", Map.of());
        root.post("/rses/HASH_DISK/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", "/data/hash",
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
    }


    private static Run laguna(String... args) {
        return CliRunner.asRoot(server, args);
    }

    @Test
    void aCsvManifestIsImportedOnceAndMismatchesAreReported() throws Exception {
        put(storage, "2019/run1/a.raw", 100);
        put(storage, "2019/run1/b.raw", 200);
        put(storage, "2019/run1/c.raw", 300);
        Path manifest = work.resolve("m.csv");
        Files.writeString(manifest, "name,path,bytes,adler32\n"
                + "run1/a.raw,2019/run1/a.raw,100," + adler32(100) + "\n"
                + "run1/b.raw,2019/run1/b.raw,200," + adler32(200) + "\n");
        Run first = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--manifest", manifest.toString(), "--dataset", "legacy:run1");
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out()).contains("found 2, registered 2, already registered 0, mismatched 0, invalid 0")
                .contains("Attached 2 file(s) to legacy:run1");
        var files = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "legacy", "name", "run1")))).lines();
        assertThat(files).extracting(f -> f.at("/rses/OLD_DISK/0").asText())
                .containsExactly("file://localhost" + storage + "/2019/run1/a.raw", "file://localhost" + storage + "/2019/run1/b.raw");

        Files.writeString(manifest, "name,path,bytes,adler32\n"
                + "run1/a.raw,2019/run1/a.raw,100," + adler32(100) + "\n"
                + "run1/b.raw,2019/run1/b.raw,999," + adler32(200) + "\n"
                + "run1/c.raw,2019/run1/c.raw,300," + adler32(300) + "\n");
        Run second = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--manifest", manifest.toString());
        assertThat(second.exit()).isEqualTo(1);
        assertThat(second.out()).contains("found 3, registered 1, already registered 1, mismatched 1");
        assertThat(second.err()).contains("legacy:run1/b.raw");
        assertThat(root.get("/dids/legacy/" + Rest.q("run1/b.raw")).json().get("bytes").asLong()).isEqualTo(200);
    }

    @Test
    void jsonLinesDryRunRegistersNothing() throws Exception {
        put(storage, "dry/dry.raw", 5);
        Path manifest = work.resolve("m.jsonl");
        Files.writeString(manifest, "{\"name\": \"dry.raw\", \"path\": \"dry/dry.raw\", \"size\": 5}\n");
        Run dry = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--manifest", manifest.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Dry run: found 1, would register 1");
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
        assertThat(layout.err()).contains("is not the RSE's layout")
                .contains("laguna: hint: RSE HASH_DISK is deterministic").contains("laguna rse add NAME --non-deterministic");
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

    @Test
    void aListingOfADeterministicRseImportsTheFilesInItsLayoutAndSaysWhatToDoWithTheOthers() throws Exception {
        Path hashed = layoutStorage.resolve("layout_disk");
        put(hashed, hashLayout("legacy", "det/a.raw"), 11);
        put(hashed, hashLayout("legacy", "b.raw"), 12);
        put(hashed, "legacy/2019/stray.raw", 13);
        Run run = laguna("import", "--rse", "LAYOUT_DISK", "--scope", "legacy", "--prefix", "legacy/");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("found 3, registered 2, already registered 0, mismatched 0, invalid 1");
        assertThat(run.err()).contains("legacy:stray.raw: path legacy/2019/stray.raw is not the RSE's layout")
                .contains("hint: RSE LAYOUT_DISK is deterministic").contains("SCOPE/xx/yy/NAME").contains("--non-deterministic");
        assertThat(root.get("/dids/legacy/" + Rest.q("det/a.raw")).json().get("bytes").asLong()).isEqualTo(11);
        assertThat(root.get("/dids/legacy/b.raw").json().get("bytes").asLong()).isEqualTo(12);

        put(layoutStorage.resolve("identity_disk"), "legacy/2021/run7/c.raw", 14);
        Run identity = laguna("import", "--rse", "IDENTITY_DISK", "--scope", "legacy", "--prefix", "legacy/2021");
        assertThat(identity.exit()).as(identity.err()).isZero();
        assertThat(root.get("/dids/legacy/" + Rest.q("2021/run7/c.raw")).json().get("bytes").asLong()).isEqualTo(14);
    }

    @Test
    void theDryRunShowsTheNamingRuleAndNameFromBasenameKeepsTheFileName() throws Exception {
        put(storage, "named/2018/run3/event.raw", 20);
        Run dry = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--prefix", "named", "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out()).contains("Names: the path below OLD_DISK's prefix (--name-from path")
                .contains("legacy:named/2018/run3/event.raw  <- named/2018/run3/event.raw  (20 bytes)");

        Run dryBase = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--prefix", "named", "--dry-run",
                "--name-from", "basename");
        assertThat(dryBase.out()).contains("Names: the file name only (--name-from basename)")
                .contains("legacy:event.raw  <- named/2018/run3/event.raw");
        Run real = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--prefix", "named", "--name-from", "basename");
        assertThat(real.exit()).as(real.err()).isZero();
        assertThat(root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "legacy", "name", "event.raw")))).lines()
                .getFirst().at("/rses/OLD_DISK/0").asText()).endsWith("/named/2018/run3/event.raw");

        Path manifest = work.resolve("nameless.csv");
        Files.writeString(manifest, "path,bytes\nnamed/2018/run3/event.raw,20\n");
        assertThat(laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--manifest", manifest.toString(), "--dry-run").out())
                .contains("legacy:named/2018/run3/event.raw");
        Run deterministic = laguna("import", "--rse", "LAYOUT_DISK", "--scope", "legacy", "--prefix", "legacy", "--name-from", "path");
        assertThat(deterministic.exit()).isEqualTo(2);
        assertThat(deterministic.err()).contains("--name-from applies to non-deterministic RSEs");
    }

    @Test
    void aManifestIsCheckedAgainstTheStorageAndNothingWrongIsRegistered() throws Exception {
        put(storage, "checked/good.raw", 30);
        put(storage, "checked/short.raw", 31);
        Files.writeString(storage.resolve("checked/sum.raw"), "Wikipedia");
        Path manifest = work.resolve("checked.csv");
        Files.writeString(manifest, "name,path,bytes,adler32\n"
                + "good.raw,checked/good.raw,30,\n"
                + "short.raw,checked/short.raw,99,\n"
                + "gone.raw,checked/gone.raw,10,\n"
                + "sum.raw,checked/sum.raw,9,0badc0de\n");
        Run sizes = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--manifest", manifest.toString());
        assertThat(sizes.exit()).isEqualTo(1);
        assertThat(sizes.out()).contains("found 4, registered 1, already registered 0, mismatched 2, invalid 0, missing on storage 1");
        assertThat(sizes.err()).contains("legacy:short.raw: the storage has 31 bytes at").contains("the manifest says 99")
                .contains("legacy:gone.raw: no file at").contains("hint: files are looked for from this machine")
                .contains("legacy:sum.raw: the storage has adler32 11e60398").contains("the manifest says 0badc0de");
        assertThat(root.get("/dids/legacy/sum.raw").exceptionClass()).isEqualTo("DataIdentifierNotFound");
        assertThat(root.get("/dids/legacy/short.raw").exceptionClass()).isEqualTo("DataIdentifierNotFound");
        assertThat(root.get("/dids/legacy/gone.raw").exceptionClass()).isEqualTo("DataIdentifierNotFound");

        Files.writeString(manifest, "name,path,bytes\nsum3.raw,checked/sum.raw,9\n");
        assertThat(laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--manifest", manifest.toString(), "--verify", "checksum")
                .exit()).isZero();
        assertThat(root.get("/dids/legacy/sum3.raw").json().get("adler32").asText()).isEqualTo("11e60398");
    }

    @Test
    void jsonPrintsOneDocumentWithTheCountsAndTheProblems() throws Exception {
        put(storage, "json/one.raw", 40);
        Path manifest = work.resolve("json.csv");
        Files.writeString(manifest, "name,path,bytes\njson-one.raw,json/one.raw,40\njson-two.raw,json/two.raw,41\n");
        Run run = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--manifest", manifest.toString(), "--json");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out().strip().lines()).hasSize(1);
        com.fasterxml.jackson.databind.JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.out());
        assertThat(document.get("found").asLong()).isEqualTo(2);
        assertThat(document.get("registered").asLong()).isEqualTo(1);
        assertThat(document.get("missing").asLong()).isEqualTo(1);
        assertThat(document.get("problems").get(0).asText()).startsWith("legacy:json-two.raw: no file at");
        assertThat(document.get("names_from").asText()).isEqualTo("manifest");

        put(storage, "json/dry/three.raw", 3);
        Run dry = laguna("import", "--rse", "OLD_DISK", "--scope", "legacy", "--prefix", "json/dry", "--dry-run", "--json");
        assertThat(dry.exit()).as(dry.err()).isZero();
        com.fasterxml.jackson.databind.JsonNode sample = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dry.out());
        assertThat(sample.at("/sample/0/name").asText()).isEqualTo("json/dry/three.raw");
        assertThat(sample.get("names_from").asText()).isEqualTo("path");
    }

    /** Writes a file of that many bytes at a path below a storage directory. */
    private static void put(Path base, String relative, int bytes) throws Exception {
        Path file = base.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, "x".repeat(bytes).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The adler32 of the content {@link #put} writes for that size. */
    private static String adler32(int bytes) {
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        adler.update("x".repeat(bytes).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return String.format("%08x", adler.getValue());
    }

    /** Where the hash layout puts a file: {@code scope/xx/yy/name} from the md5 of {@code scope:name}. */
    private static String hashLayout(String scope, String name) throws Exception {
        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                .digest((scope + ":" + name).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return scope + "/" + md5.substring(0, 2) + "/" + md5.substring(2, 4) + "/" + name;
    }
}
