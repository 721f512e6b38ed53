package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.testing.TestDatabase;
import org.laguna.core.transfer.Conveyor;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.laguna.transfer.fts3.LoopbackFts3;

/**
 * The conveyor with {@code transfer.tool=fts3} against {@link LoopbackFts3}, a loopback HTTP
 * server that answers like FTS3's REST API (no FTS3 runs here) and copies a job's files between
 * the local paths of their PFNs at once.
 */
class Fts3ConveyorTest {
    private static LoopbackFts3 fts3;
    private static List<JsonNode> submissions;
    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        fts3 = LoopbackFts3.start();
        submissions = fts3.submissions();
        server = TestServer.start(Map.of("transfer.tool", "fts3", "transfer.fts3.url", fts3.url(),
                "transfer.fts3.token", "token-for-the-loopback-fts3"));
        root = server.root();
        storage = Files.createTempDirectory("laguna-fts3-conveyor");
        server.createScope("exp", "root");
        PosixRses.addUnder(root, "FTS_SRC", storage);
        PosixRses.addUnder(root, "FTS_DST", storage);
        // for multi-hop: a destination reached only through davs, and an RSE with both file and davs over the same directory
        // (the loopback FTS3 copies by the PFNs' paths, whatever their scheme)
        davs("DAVS_DST", storage.resolve("davs_dst"));
        PosixRses.addUnder(root, "FTS_HUB", storage);
        davs("FTS_HUB", storage.resolve("fts_hub"));
        root.post("/rses/FTS_HUB/attr/available_for_multihop", Map.of("value", true));
        assertThat(root.post("/rses/FTS_SRC/distances/FTS_HUB", Map.of("distance", 1)).status()).isEqualTo(201);
        assertThat(root.post("/rses/FTS_HUB/distances/DAVS_DST", Map.of("distance", 1)).status()).isEqualTo(201);
    }

    private static void davs(String rse, Path prefix) {
        root.post("/rses/" + rse, Map.of());
        assertThat(root.post("/rses/" + rse + "/protocols/davs", Map.of("hostname", "localhost", "port", 443, "prefix", prefix.toString(),
                "impl", "rucio.rse.protocols.gfal.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))))
                .status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (fts3 != null) {
            fts3.close();
        }
    }

    @Test
    void theConveyorMovesARequestThroughFts3ToDoneAndTheReplicaToAvailable() throws Exception {
        assertThat(server.core().transferTool().name()).isEqualTo("fts3");
        Path file = work.resolve("through-fts3.dat");
        Files.writeString(file, "moved by fts3 ".repeat(1_000));
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "FTS_SRC", "--scope", "exp", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", "through-fts3.dat")), "copies", 1,
                "rse_expression", "FTS_DST"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String rule = added.json().get(0).asText();
        Conveyor conveyor = new Conveyor(server.core().conveyorContext());
        for (int i = 0; i < 200 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // submit, poll, finish
        }
        assertThat(root.get("/rules/" + rule).json().get("state").asText()).isEqualTo("OK");
        assertThat(submissions).hasSize(1);
        JsonNode submitted = submissions.getFirst();
        assertThat(submitted.at("/params/verify_checksum").asText()).as("FTS3 verifies the checksums").isEqualTo("both");
        assertThat(submitted.at("/files/0/checksum").asText()).startsWith("adler32:");
        String requestId = submitted.at("/files/0/metadata/request_id").asText();
        JsonNode request = root.get("/requests/history/exp/through-fts3.dat/FTS_DST").json();
        assertThat(request.get("state").asText()).isEqualTo("DONE");
        assertThat(request.get("source_rse").asText()).isEqualTo("FTS_SRC");
        String replica = server.core().database().readOnly(tx -> tx.queryOne("select p.state from replicas p join rses r on r.id = p.rse_id "
                + "where p.name = 'through-fts3.dat' and r.rse = 'FTS_DST'", rs -> rs.getString(1))).orElseThrow();
        assertThat(replica).isEqualTo("AVAILABLE");
        assertThat(Files.readString(PosixRses.stored(storage, "FTS_DST", "through-fts3.dat"))).isEqualTo(Files.readString(file));
        long done = server.core().database().readOnly(tx -> tx.count("select count(*) from requests_history where id = ?::uuid "
                + "and state = 'DONE'", requestId));
        assertThat(done).as("FTS3 reported the file under its request id").isEqualTo(1);
    }

    @Test
    void aMultihopPathGoesToFts3AsOneMultihopJobAndBothHopsFinish() throws Exception {
        Path file = work.resolve("fts3-hops.dat");
        Files.writeString(file, "two hops through fts3 ".repeat(500));
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "FTS_SRC", "--scope", "exp", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", "fts3-hops.dat")), "copies", 1,
                "rse_expression", "DAVS_DST"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String rule = added.json().get(0).asText();
        int before = submissions.size();
        Conveyor conveyor = new Conveyor(server.core().conveyorContext());
        for (int i = 0; i < 200 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // submit, poll, finish
        }
        assertThat(root.get("/rules/" + rule).json().get("state").asText()).isEqualTo("OK");
        assertThat(submissions).hasSize(before + 1);
        JsonNode job = submissions.getLast();
        assertThat(job.at("/params/multihop").asBoolean()).isTrue();
        assertThat(job.get("files")).hasSize(2);
        assertThat(job.at("/files/0/sources/0").asText()).startsWith("file:");
        assertThat(job.at("/files/0/destinations/0").asText()).startsWith("file:").contains("fts_hub");
        assertThat(job.at("/files/1/sources/0").asText()).startsWith("davs:").contains("fts_hub");
        assertThat(job.at("/files/1/destinations/0").asText()).startsWith("davs:").contains("davs_dst");
        assertThat(job.at("/files/0/metadata/dst_rse").asText()).isEqualTo("FTS_HUB");
        List<String> history = server.core().database().readOnly(tx -> tx.query("select r.rse || ' ' || h.state from requests_history h "
                + "join rses r on r.id = h.dest_rse_id where h.name = 'fts3-hops.dat'", rs -> rs.getString(1)));
        assertThat(history).containsExactlyInAnyOrder("FTS_HUB DONE", "DAVS_DST DONE");
        String hub = server.core().database().readOnly(tx -> tx.queryOne("select p.state || ' ' || (p.tombstone is not null) from replicas p "
                + "join rses r on r.id = p.rse_id where p.name = 'fts3-hops.dat' and r.rse = 'FTS_HUB'", rs -> rs.getString(1))).orElseThrow();
        assertThat(hub).isEqualTo("AVAILABLE true");
        assertThat(Files.readString(PosixRses.stored(storage, "DAVS_DST", "fts3-hops.dat"))).isEqualTo(Files.readString(file));
    }

    @Test
    void aServerWithFts3ButNoUrlRefusesToStartWithAClearMessage() throws Exception {
        Path home = Files.createDirectories(work.resolve("home"));
        Files.writeString(home.resolve("laguna.properties"), "transfer.tool=fts3\n");
        String database = TestDatabase.createDatabase();
        Run run = assertTimeoutPreemptively(Duration.ofSeconds(120),
                () -> CliRunner.run("server", "--home", home.toString(), "--database-url", database, "--port", "0"));
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("transfer.fts3.url is required").doesNotContain("\tat ").doesNotContain("Exception");
    }
}
