package org.laguna.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.replica.ReplicaRecoverer;
import org.laguna.core.rule.JudgeRepairer;
import org.laguna.core.transfer.ConveyorPoller;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.AuditRows;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * Lost and corrupted copies found by Laguna itself, on real PostgreSQL and POSIX storage: the
 * conveyor and downloads declare bad sources suspicious, the replica-recoverer turns enough
 * declarations into a bad replica that the judge-repairer re-creates, and a last copy is reported,
 * never declared bad.
 */
class SuspiciousReplicasTest {
    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("replica.suspicious-threshold", "3"));
        root = server.root();
        storage = Files.createTempDirectory("laguna-suspicious");
        server.createScope("exp", "root");
        for (String rse : List.of("NEAR_DISK", "FAR_DISK", "TARGET_DISK", "SPARE_DISK")) {
            PosixRses.addUnder(root, rse, storage);
        }
        assertThat(root.post("/rses/NEAR_DISK/distances/TARGET_DISK", Map.of("distance", 1)).status()).isEqualTo(201);
        assertThat(root.post("/rses/FAR_DISK/distances/TARGET_DISK", Map.of("distance", 5)).status()).isEqualTo(201);
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

    private static String rule(String name, String rse) {
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", name)), "copies", 1,
                "rse_expression", rse));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    private static String ruleState(String id) {
        return root.get("/rules/" + id).json().get("state").asText();
    }

    /** The same size, other bytes: only a checksum tells. */
    private static void corrupt(String rse, String name) throws Exception {
        Path file = PosixRses.stored(storage, rse, name);
        byte[] bytes = Files.readAllBytes(file);
        bytes[0] ^= 0x5a;
        Files.write(file, bytes);
    }

    private static String pfn(String name, String rse) {
        JsonNode file = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "exp", "name", name)), "rse_expression", rse))
                .lines().get(0);
        return file.get("pfns").fieldNames().next();
    }

    private static List<String> records(String name, String rse) {
        return server.core().database().readOnly(tx -> tx.query("select b.state || ' ' || coalesce(b.reason, '') from bad_replicas b "
                + "join rses r on r.id = b.rse_id where b.name = ? and r.rse = ? order by b.created_at", rs -> rs.getString(1), name, rse));
    }

    private static String replicaState(String name, String rse) {
        return server.core().database().readOnly(tx -> tx.queryOne("select p.state from replicas p join rses r on r.id = p.rse_id "
                + "where p.name = ? and r.rse = ?", rs -> rs.getString(1), name, rse)).orElse(null);
    }

    private static void recover() {
        LagunaCore core = server.core();
        new ReplicaRecoverer(core.database(), core.clock(), core.recoveryConfig()).runOnce(WorkSlice.ALL);
    }

    private static JsonNode suspicious(String name) {
        for (JsonNode replica : root.get("/replicas/suspicious?rse_expression=NEAR_DISK").json()) {
            if (replica.get("name").asText().equals(name)) {
                return replica;
            }
        }
        return null;
    }

    @Test
    void aCorruptedSourceIsDeclaredSuspiciousThenBadAndRecreatedFromAGoodCopy() throws Exception {
        upload("NEAR_DISK", "corrupt.dat", "the right bytes, twice");
        String near = rule("corrupt.dat", "NEAR_DISK");
        String far = rule("corrupt.dat", "FAR_DISK");
        drain();
        assertThat(ruleState(far)).isEqualTo("OK");
        corrupt("NEAR_DISK", "corrupt.dat");

        String target = rule("corrupt.dat", "TARGET_DISK");
        drain();
        assertThat(ruleState(target)).isEqualTo("OK");
        assertThat(Files.readString(PosixRses.stored(storage, "TARGET_DISK", "corrupt.dat"))).isEqualTo("the right bytes, twice");
        assertThat(records("corrupt.dat", "NEAR_DISK")).singleElement().asString().startsWith("SUSPICIOUS transfer: CHECKSUM_MISMATCH");
        assertThat(records("corrupt.dat", "FAR_DISK")).isEmpty();

        // below the threshold nothing happens
        recover();
        assertThat(replicaState("corrupt.dat", "NEAR_DISK")).isEqualTo("AVAILABLE");
        for (int i = 0; i < 2; i++) {
            Rest.Response declared = root.post("/replicas/suspicious", Map.of("pfns", List.of(pfn("corrupt.dat", "NEAR_DISK")),
                    "reason", "read back wrong"));
            assertThat(declared.status()).as(declared.body()).isEqualTo(201);
            assertThat(declared.json().isEmpty()).as(declared.body()).isTrue();
        }
        JsonNode listed = suspicious("corrupt.dat");
        assertThat(listed.get("cnt").asInt()).isEqualTo(3);
        assertThat(listed.get("rse").asText()).isEqualTo("NEAR_DISK");
        assertThat(listed.get("last_copy").asBoolean()).isFalse();

        recover();
        assertThat(replicaState("corrupt.dat", "NEAR_DISK")).isEqualTo("BAD");
        assertThat(records("corrupt.dat", "NEAR_DISK")).last().asString().startsWith("BAD replica-recoverer: declared suspicious 3 times");
        new JudgeRepairer(server.core().services().rules(), TransferConfig.DEFAULTS.stuckRetryDelay()).runOnce(WorkSlice.ALL);
        drain();
        assertThat(replicaState("corrupt.dat", "NEAR_DISK")).isEqualTo("AVAILABLE");
        assertThat(ruleState(near)).isEqualTo("OK");
        assertThat(Files.readString(PosixRses.stored(storage, "NEAR_DISK", "corrupt.dat"))).isEqualTo("the right bytes, twice");
        assertThat(suspicious("corrupt.dat")).as("handled declarations are no longer listed").isNull();
        List<JsonNode> recovered = root.get("/replicas/bad/states?state=RECOVERED&rse=NEAR_DISK").lines();
        assertThat(recovered).extracting(r -> r.get("name").asText()).contains("corrupt.dat");
        assertThat(recovered.getFirst().fieldNames()).as("Rucio's fields, in its order").toIterable()
                .containsExactly("scope", "name", "rse", "rse_id", "state", "reason", "created_at", "updated_at");
        assertThat(recovered.getFirst().get("state").asText()).isEqualTo("RECOVERED");
        assertThat(root.get("/replicas/bad/states?state=SUSPICIOUS&limit=1").lines()).hasSize(1);
        JsonNode summary = root.get("/replicas/bad/summary?rse_expression=NEAR_DISK").lines().stream()
                .filter(r -> r.get("reason").asText().startsWith("replica-recoverer")).findFirst().orElseThrow();
        assertThat(summary.get("rse").asText()).isEqualTo("NEAR_DISK");
        assertThat(summary.get("RECOVERED").asLong()).isEqualTo(1);
        assertThat(summary.fieldNames()).as("Rucio's fields, in its order").toIterable().containsExactly("rse", "rse_id", "created_at",
                "reason", "BAD", "DELETED", "LOST", "RECOVERED", "SUSPICIOUS", "TEMPORARY_UNAVAILABLE");
        assertThat(summary.get("BAD").isIntegralNumber()).isTrue();

        String replica = "name=corrupt.dat,rse=NEAR_DISK,scope=exp";
        assertOneDaemonRow(ConveyorPoller.NAME, "declare_suspicious_file_replicas", replica, "transfer: CHECKSUM_MISMATCH");
        assertOneDaemonRow(ReplicaRecoverer.NAME, "declare_bad_file_replicas", replica, "replica-recoverer: declared suspicious 3 times");
        assertOneDaemonRow(JudgeRepairer.NAME, "repair_bad_replica", replica, "RECOVERED: copied anew from another replica");
    }

    /** The daemon wrote one audit log row of the action on the replica, as its own actor, with a detail that starts so. */
    private static void assertOneDaemonRow(String daemon, String action, String replica, String detail) {
        assertThat(AuditRows.of(server.core().database(), daemon, action, replica))
                .extracting(AuditRows.Row::target, AuditRows.Row::identity, AuditRows.Row::authMethod, AuditRows.Row::outcome)
                .containsExactly(tuple(replica, daemon, "daemon", "SUCCESS"));
        assertThat(AuditRows.of(server.core().database(), daemon, action, replica).getFirst().detail()).startsWith(detail);
    }

    @Test
    void aVanishedSourceIsDeclaredSuspicious() throws Exception {
        upload("NEAR_DISK", "vanished.dat", "copied twice");
        rule("vanished.dat", "FAR_DISK");
        drain();
        Files.delete(PosixRses.stored(storage, "NEAR_DISK", "vanished.dat"));
        String target = rule("vanished.dat", "TARGET_DISK");
        drain();
        assertThat(ruleState(target)).isEqualTo("OK");
        assertThat(records("vanished.dat", "NEAR_DISK")).singleElement().asString().startsWith("SUSPICIOUS transfer: NOT_FOUND");
    }

    @Test
    void theLastCopyOfAFileIsReportedNeverDeclaredBad() throws Exception {
        upload("NEAR_DISK", "single.dat", "only one copy");
        rule("single.dat", "NEAR_DISK");
        corrupt("NEAR_DISK", "single.dat");
        String pfn = pfn("single.dat", "NEAR_DISK");
        for (int i = 0; i < 3; i++) {
            Run declared = CliRunner.asRoot(server, "replica", "declare-suspicious", pfn, "--reason", "checksum");
            assertThat(declared.exit()).as(declared.err()).isZero();
        }
        String logFile = System.getProperty("org.slf4j.simpleLogger.logFile");
        Path log = logFile == null ? null : Path.of(logFile);
        long before = log != null && Files.exists(log) ? Files.size(log) : 0;
        recover();
        recover();
        if (log != null) {
            // under the build's test settings the server's log goes to this file: the lines of the two recoveries are its tail
            byte[] all = Files.readAllBytes(log);
            List<String> warnings = new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8).lines()
                    .filter(line -> line.contains(" WARN " + ReplicaRecoverer.class.getName() + " ")).toList();
            assertThat(warnings).singleElement().asString().contains("exp:single.dat", "last available copy");
        }
        assertThat(replicaState("single.dat", "NEAR_DISK")).isEqualTo("AVAILABLE");
        assertThat(records("single.dat", "NEAR_DISK")).allMatch(r -> r.startsWith("SUSPICIOUS"));
        new JudgeRepairer(server.core().services().rules(), TransferConfig.DEFAULTS.stuckRetryDelay()).runOnce(WorkSlice.ALL);
        assertThat(PosixRses.stored(storage, "NEAR_DISK", "single.dat")).exists();

        Run listed = CliRunner.asRoot(server, "replica", "suspicious", "list", "--rse", "NEAR_DISK", "--json");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("single.dat").containsPattern("\"last_copy\"\\s*:\\s*true");
    }

    @Test
    void aDownloadWithAWrongChecksumReportsTheReplicaSuspicious() throws Exception {
        upload("SPARE_DISK", "download.dat", "what the catalogue knows");
        byte[] wrong = "what the catalogue knowz".getBytes(StandardCharsets.UTF_8);
        Files.write(PosixRses.stored(storage, "SPARE_DISK", "download.dat"), wrong);
        Run download = CliRunner.asRoot(server, "download", "--dir", work.resolve("out").toString(), "exp:download.dat");
        assertThat(download.exit()).isNotZero();
        assertThat(records("download.dat", "SPARE_DISK")).singleElement().asString().startsWith("SUSPICIOUS download: adler32 is");
    }

    @Test
    void badAndSuspiciousListingsRejectMalformedFilters() {
        Rest.Response listed = root.get("/replicas/suspicious?younger_than=yesterday");
        assertThat(listed.status()).isEqualTo(400);
        assertThat(listed.exceptionClass()).isNotBlank();
        Rest.Response states = root.get("/replicas/bad/states?state=FINE");
        assertThat(states.status()).isEqualTo(400);
        assertThat(root.get("/replicas/bad/summary?from_date=someday").status()).isEqualTo(400);
    }
}
