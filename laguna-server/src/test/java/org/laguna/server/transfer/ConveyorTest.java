package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** The built-in transfer engine moving real bytes between POSIX RSEs for rules. */
@ExtendWith(ServerPerClass.class)
class ConveyorTest {
    private static TestServer server;
    private static Rest root;
    private static Path storage;
    private static Conveyor conveyor;

    @TempDir
    Path work;

    @BeforeAll
    static void start(TestServer started) throws Exception {
        server = started;
        root = server.root();
        storage = Files.createTempDirectory("laguna-conveyor-rse");
        server.createScope("exp", "root");
        for (String rse : List.of("SRC_DISK", "DST_DISK")) {
            PosixRses.addUnder(root, rse, storage);
        }
        LagunaCore core = server.core();
        conveyor = new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS.withTimings(2, Duration.ZERO, Duration.ofMinutes(15)),
                core.transferTool()));
    }

    private Path upload(String name, String content) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, content);
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "SRC_DISK", "--scope", "exp", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        return file;
    }

    private static String rule(String name) {
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", name)), "copies", 1,
                "rse_expression", "DST_DISK"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    private static JsonNode show(String id) {
        return root.get("/rules/" + id).json();
    }

    private static Path stored(String rse, String name) {
        return PosixRses.stored(storage, rse, name);
    }

    private static void drain() {
        for (int i = 0; i < 500 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // until nothing is queued
        }
    }

    @Test
    void aRuleNeedingACopyGetsVerifiedBytesAndBecomesOk() throws Exception {
        Path file = upload("copy.dat", "event data ".repeat(5_000));
        String id = rule("copy.dat");
        assertThat(show(id).get("state").asText()).isEqualTo("REPLICATING");
        drain();
        JsonNode done = show(id);
        assertThat(done.get("state").asText()).isEqualTo("OK");
        assertThat(done.get("locks_ok_cnt").asLong()).isEqualTo(1);
        Path copy = stored("DST_DISK", "copy.dat");
        assertThat(copy).isNotNull();
        assertThat(Files.readString(copy)).isEqualTo(Files.readString(file));
        JsonNode replica = root.get("/replicas/exp/copy.dat").lines().getFirst();
        assertThat(replica.path("rses").has("DST_DISK")).as(replica.toString()).isTrue();
        JsonNode request = root.get("/requests/history/exp/copy.dat/DST_DISK").json();
        assertThat(request.get("state").asText()).isEqualTo("DONE");
        assertThat(request.get("source_rse").asText()).isEqualTo("SRC_DISK");
        assertThat(root.get("/requests/history/list?src_rse=SRC_DISK&dst_rse=DST_DISK&request_states=D").lines())
                .extracting(r -> r.get("name").asText()).contains("copy.dat");
        assertThat(root.get("/requests/exp/copy.dat/DST_DISK").status()).isEqualTo(404);
        assertThat(root.get("/requests/list?src_rse=SRC_DISK").status()).isEqualTo(400);
        assertThat(root.get("/requests/list?src_rse=SRC_DISK&dst_rse=DST_DISK&request_states=Z").status()).isEqualTo(400);
    }

    @Test
    void whenTheRuleGoesTheReaperDeletesTheCopyFromStorageButNeverALockedOne() throws Exception {
        upload("temporary.dat", "needed for a while");
        String id = rule("temporary.dat");
        drain();
        assertThat(show(id).get("state").asText()).isEqualTo("OK");
        Path copy = stored("DST_DISK", "temporary.dat");
        assertThat(copy).exists();
        root.post("/rses/DST_DISK/attr/greedyDeletion", Map.of("value", true));
        root.post("/rses/SRC_DISK/attr/greedyDeletion", Map.of("value", true));
        LagunaCore core = server.core();
        org.laguna.core.transfer.Reaper reaper = new org.laguna.core.transfer.Reaper(core.database(), core.storage(),
                core.services().rses().repository(), core.clock());
        // a locked replica stays, whatever its tombstone says
        core.database().inTransactionVoid(tx -> tx.update("update replicas set tombstone = now() - interval '1 hour' "
                + "where name = 'temporary.dat'"));
        reaper.runOnce(WorkSlice.ALL);
        assertThat(copy).exists();
        assertThat(root.delete("/rules/" + id, Map.of("immediate", true)).status()).isEqualTo(200);
        core.database().inTransactionVoid(tx -> tx.update("update replicas set tombstone = now() - interval '1 second' "
                + "where name = 'temporary.dat' and lock_cnt = 0"));
        assertThat(reaper.runOnce(WorkSlice.ALL)).isPositive();
        assertThat(copy).doesNotExist();
        assertThat(stored("SRC_DISK", "temporary.dat")).as("the source copy had a tombstone too and no lock").isNull();
        long left = core.database().readOnly(tx -> tx.count("select count(*) from replicas where name = 'temporary.dat'"));
        assertThat(left).isZero();
        root.delete("/rses/DST_DISK/attr/greedyDeletion", null);
        root.delete("/rses/SRC_DISK/attr/greedyDeletion", null);
    }

    @Test
    void aSourceThatVanishedMakesTheRuleStuckWithTheReason() throws Exception {
        upload("vanished.dat", "soon gone");
        Files.delete(stored("SRC_DISK", "vanished.dat"));
        String id = rule("vanished.dat");
        drain();
        JsonNode stuck = show(id);
        assertThat(stuck.get("state").asText()).isEqualTo("STUCK");
        assertThat(stuck.get("error").asText()).contains("SRC_DISK -> DST_DISK");
        JsonNode analysis = root.get("/rules/" + id + "/analysis").json();
        assertThat(analysis.at("/transfers/0/request_state").asText()).isEqualTo("FAILED");
        JsonNode failed = root.get("/requests/exp/vanished.dat/DST_DISK").json();
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("retry_count").asInt()).isEqualTo(2);
        assertThat(root.get("/requests/list?request_states=FAILED").lines()).extracting(r -> r.get("name").asText())
                .contains("vanished.dat");
        assertThat(analysis.at("/transfers/0/attempts").asInt()).isEqualTo(2);
        assertThat(stored("DST_DISK", "vanished.dat")).isNull();
    }

    @Test
    void bytesThatDoNotMatchTheCatalogueAreNeverMadeAvailable() throws Exception {
        upload("corrupt.dat", "original content!");
        Files.writeString(stored("SRC_DISK", "corrupt.dat"), "corrupted content");
        String id = rule("corrupt.dat");
        drain();
        JsonNode stuck = show(id);
        assertThat(stuck.get("state").asText()).isEqualTo("STUCK");
        assertThat(stuck.get("error").asText()).contains("Checksum mismatch");
        assertThat(stored("DST_DISK", "corrupt.dat")).as("no file left at the destination").isNull();
        JsonNode replica = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "exp", "name", "corrupt.dat")),
                "all_states", true)).lines().getFirst();
        assertThat(replica.at("/states/DST_DISK").asText()).isEqualTo("COPYING");
    }
}
