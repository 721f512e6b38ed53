package org.laguna.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.LagunaCore;
import org.laguna.core.audit.Auditor;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.rule.JudgeRepairer;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.AuditRows;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * The storage consistency check on real POSIX storage: dark files (on storage only), lost files (in
 * the catalogue only), young files and part files of transfers, through {@code laguna rse check}
 * and the auditor daemon.
 */
class StorageCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("auditor.dark-grace", "P3D"));
        root = server.root();
        storage = Files.createTempDirectory("laguna-check");
        server.createScope("exp", "root");
        for (String rse : List.of("CHECK_DISK", "MIRROR_DISK", "DUMP_DISK")) {
            PosixRses.addUnder(root, rse, storage);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void drain() {
        server.drainTransfers();
    }

    private void upload(String rse, String name, String content) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, content);
        Run upload = CliRunner.asRoot(server, "upload", "--rse", rse, "--scope", "exp", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
    }

    private static void rule(String name, String rse) {
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", name)), "copies", 1,
                "rse_expression", rse));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    private static Path onDisk(String rse, String relative, String content, Duration age) throws Exception {
        Path file = storage.resolve(rse.toLowerCase(java.util.Locale.ROOT)).resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    private static JsonNode check(String rse, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("rse", "check", rse, "--json"));
        args.addAll(List.of(more));
        Run run = CliRunner.asRoot(server, args.toArray(String[]::new));
        assertThat(run.exit()).as(run.err()).isZero();
        return JSON.readTree(run.out());
    }

    private static String replicaState(String name, String rse) {
        return server.core().database().readOnly(tx -> tx.queryOne("select p.state from replicas p join rses r on r.id = p.rse_id "
                + "where p.name = ? and r.rse = ?", rs -> rs.getString(1), name, rse)).orElse(null);
    }

    @Test
    void findsDarkAndLostFilesAndWithFixDeletesOldDarkFilesAndRepairsLostOnes() throws Exception {
        upload("CHECK_DISK", "kept.dat", "still there");
        upload("CHECK_DISK", "lost.dat", "gone from one disk");
        rule("lost.dat", "CHECK_DISK");
        rule("lost.dat", "MIRROR_DISK");
        drain();
        upload("CHECK_DISK", "gone.dat", "gone for good");
        Files.delete(PosixRses.stored(storage, "CHECK_DISK", "lost.dat"));
        Files.delete(PosixRses.stored(storage, "CHECK_DISK", "gone.dat"));
        Path darkOld = onDisk("CHECK_DISK", "exp/00/11/dark-old.dat", "nobody knows me", Duration.ofDays(10));
        Path darkYoung = onDisk("CHECK_DISK", "exp/00/11/dark-young.dat", "just written", Duration.ofMinutes(5));
        Path part = onDisk("CHECK_DISK", "exp/00/11/.moving.dat.0123.laguna-part", "half a transfer", Duration.ofDays(10));

        JsonNode report = check("CHECK_DISK");
        assertThat(report.fieldNames()).toIterable().containsExactly("rse", "source", "started_at", "storage_files", "catalogue_files",
                "dark", "dark_deleted", "dark_young", "part_files", "lost", "lost_declared_bad", "lost_last_copies", "size_mismatches",
                "dark_sample", "lost_sample", "note");
        assertThat(report.get("source").asText()).isEqualTo("listing");
        assertThat(report.get("storage_files").asLong()).as("the listing hides part files").isEqualTo(3);
        assertThat(report.get("catalogue_files").asLong()).isEqualTo(3);
        assertThat(report.get("dark").asLong()).isEqualTo(1);
        assertThat(report.get("dark_sample").get(0).asText()).isEqualTo("exp/00/11/dark-old.dat");
        assertThat(report.get("dark_young").asLong()).isEqualTo(1);
        assertThat(report.get("dark_deleted").asLong()).isZero();
        assertThat(report.get("lost").asLong()).isEqualTo(2);
        assertThat(report.get("lost_declared_bad").asLong()).isEqualTo(2);
        assertThat(report.get("lost_last_copies").asLong()).isEqualTo(1);
        assertThat(darkOld).exists();
        assertThat(replicaState("lost.dat", "CHECK_DISK")).isEqualTo("BAD");
        assertThat(replicaState("gone.dat", "CHECK_DISK")).isEqualTo("BAD");
        assertThat(replicaState("kept.dat", "CHECK_DISK")).isEqualTo("AVAILABLE");

        JsonNode fixed = check("CHECK_DISK", "--fix");
        assertThat(fixed.get("dark_deleted").asLong()).isEqualTo(1);
        assertThat(fixed.get("lost").asLong()).as("already declared bad").isZero();
        assertThat(darkOld).doesNotExist();
        assertThat(darkYoung).exists();
        assertThat(part).exists();

        new JudgeRepairer(server.core().services().rules(), TransferConfig.DEFAULTS.stuckRetryDelay()).runOnce(WorkSlice.ALL);
        drain();
        assertThat(replicaState("lost.dat", "CHECK_DISK")).isEqualTo("AVAILABLE");
        assertThat(Files.readString(PosixRses.stored(storage, "CHECK_DISK", "lost.dat"))).isEqualTo("gone from one disk");
    }

    @Test
    void aGzipDumpStandsInForTheListingAndUnknownAgesAreKept() throws Exception {
        upload("DUMP_DISK", "dumped.dat", "listed in the dump");
        upload("DUMP_DISK", "missing.dat", "not in the dump");
        rule("missing.dat", "DUMP_DISK");
        rule("missing.dat", "MIRROR_DISK");
        drain();
        Path base = storage.resolve("dump_disk");
        Path dumped;
        try (Stream<Path> files = Files.walk(base)) {
            dumped = files.filter(p -> p.getFileName().toString().equals("dumped.dat")).findFirst().orElseThrow();
        }
        Path dump = work.resolve("dump.txt.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dump))) {
            out.write((dumped + "\nexp/aa/bb/never-stored.dat\n\nexp/aa/bb/.moving.dat.0123.laguna-part\n").getBytes(StandardCharsets.UTF_8));
        }
        JsonNode report = check("DUMP_DISK", "--dump", dump.toString(), "--fix");
        assertThat(report.get("source").asText()).isEqualTo("dump");
        assertThat(report.get("storage_files").asLong()).isEqualTo(3);
        assertThat(report.get("part_files").asLong()).isEqualTo(1);
        assertThat(report.get("dark").asLong()).isZero();
        assertThat(report.get("dark_young").asLong()).as("no age known: kept").isEqualTo(1);
        assertThat(report.get("lost").asLong()).isEqualTo(1);
        assertThat(report.get("lost_sample").get(0).asText()).isEqualTo("exp:missing.dat");
        assertThat(report.get("lost_last_copies").asLong()).isZero();
    }

    @Test
    void onlyAdministratorsCheckAnRse() {
        Rest user = server.createUser("jdoe", "secret-password");
        Rest.Response refused = user.post("/rses/CHECK_DISK/check", null);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.exceptionClass()).isEqualTo("AccessDenied");
        Rest.Response unknown = root.post("/rses/NO_SUCH_DISK/check", null);
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void theAuditorRecordsEachReplicaItDeclaresInTheAuditLogWithItselfAsActor() throws Exception {
        PosixRses.addUnder(root, "AUDITED_DISK", storage);
        upload("AUDITED_DISK", "audited-kept.dat", "still there");
        upload("AUDITED_DISK", "audited-lost.dat", "gone from the disk");
        upload("AUDITED_DISK", "audited-resized.dat", "written once");
        Files.delete(PosixRses.stored(storage, "AUDITED_DISK", "audited-lost.dat"));
        Files.writeString(PosixRses.stored(storage, "AUDITED_DISK", "audited-resized.dat"), "written once, then more");
        LagunaCore core = server.core();
        Auditor auditor = new Auditor(core.database(), core.storageCheck(), core.clock(), core.recoveryConfig(), false);

        for (int i = 0; i < 10 && auditor.runOnce(WorkSlice.ALL) > 0; i++) {
            // one RSE per cycle
        }

        assertThat(AuditRows.of(core.database(), Auditor.NAME, "declare_bad_file_replicas", "rse=AUDITED_DISK"))
                .extracting(AuditRows.Row::target, AuditRows.Row::identity, AuditRows.Row::authMethod, AuditRows.Row::outcome)
                .containsExactly(tuple("name=audited-lost.dat,rse=AUDITED_DISK,scope=exp", Auditor.NAME, "daemon", "SUCCESS"));
        assertThat(AuditRows.of(core.database(), Auditor.NAME, "declare_suspicious_file_replicas", "rse=AUDITED_DISK"))
                .singleElement().satisfies(row -> {
                    assertThat(row.target()).isEqualTo("name=audited-resized.dat,rse=AUDITED_DISK,scope=exp");
                    assertThat(row.detail()).startsWith("auditor: ").contains("bytes on storage");
                });
    }

    @Test
    void theAuditorChecksEachRseOncePerInterval() {
        LagunaCore core = server.core();
        Auditor auditor = new Auditor(core.database(), core.storageCheck(), core.clock(), core.recoveryConfig(), false);
        for (int i = 0; i < 10 && auditor.runOnce(WorkSlice.ALL) > 0; i++) {
            // one RSE per cycle
        }
        assertThat(auditor.runOnce(WorkSlice.ALL)).as("nothing due again within the interval").isZero();
        long checked = core.database().readOnly(tx -> tx.count("select count(*) from rse_checks c join rses r on r.id = c.rse_id "
                + "where r.rse in ('CHECK_DISK', 'MIRROR_DISK', 'DUMP_DISK') and c.report->>'storage_files' is not null"));
        assertThat(checked).isEqualTo(3);
    }
}
