package org.laguna.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.rule.JudgeRepairer;
import org.laguna.core.rule.ReplicaArrivals;
import org.laguna.core.rule.Undertaker;
import org.laguna.core.transfer.Reaper;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * The events of the catalogue's later life, each written with its cause and with Rucio's payload:
 * {@code deletion-failed} when storage refuses the reaper, {@code ERASE} when the undertaker removes
 * an expired DID, {@code RULE_PROGRESS} for rules with {@code notify} P, {@code LOST} when a bad
 * replica had no other copy.
 */
class LifecycleEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        root = server.root();
        server.createScope("exp", "root");
        storage = Files.createTempDirectory("laguna-lifecycle-events");
        PosixRses.addUnder(root, "EV_BROKEN", storage);
        assertThat(root.post("/rses/EV_SRC", Map.of()).status()).isEqualTo(201);
        assertThat(root.post("/rses/EV_DST", Map.of()).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The payloads of the pending events of a type about a key, oldest first. */
    private static List<JsonNode> events(String type, String key) {
        return server.core().database().readOnly(tx -> tx.query("select payload::text from messages where event_type = ? and ordering_key = ? "
                + "order by id", rs -> read(rs.getString(1)), type, key));
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void register(String rse, String... names) {
        List<Map<String, Object>> files = Arrays.stream(names)
                .<Map<String, Object>>map(n -> Map.of("scope", "exp", "name", n, "bytes", 10, "adler32", "0000000a")).toList();
        Rest.Response added = root.post("/replicas", Map.of("rse", rse, "files", files));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    private static void dataset(String name, String... files) {
        assertThat(root.post("/dids/exp/" + name, Map.of("type", "DATASET")).status()).isEqualTo(201);
        List<Map<String, String>> dids = Arrays.stream(files).map(f -> Map.of("scope", "exp", "name", f)).toList();
        assertThat(root.post("/dids/exp/" + name + "/dids", Map.of("dids", dids)).status()).isEqualTo(201);
    }

    private static UUID rseId(String rse) {
        return server.core().database().readOnly(tx -> tx.queryOne("select id from rses where rse = ?",
                rs -> rs.getObject(1, UUID.class), rse).orElseThrow());
    }

    @Test
    void storageThatRefusesADeletionGivesDeletionFailedWithTheReason() throws Exception {
        Path file = Files.createTempFile("evdel", ".dat");
        Files.writeString(file, "twelve bytes");
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "EV_BROKEN", "--scope", "exp", "--name", "evdel.dat", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        Path stored = PosixRses.stored(storage, "EV_BROKEN", "evdel.dat");
        Files.delete(stored);
        Files.createDirectories(stored.resolve("inside"));
        root.post("/rses/EV_BROKEN/attr/greedyDeletion", Map.of("value", true));
        server.core().database().inTransactionVoid(tx -> tx.update("update replicas set tombstone = now() - interval '1 hour' "
                + "where name = 'evdel.dat'"));
        LagunaCore core = server.core();
        new Reaper(core.database(), core.storage(), core.services().rses().repository(), core.clock()).runOnce(WorkSlice.ALL);

        assertThat(events("deletion-done", "exp:evdel.dat")).isEmpty();
        List<JsonNode> failed = events("deletion-failed", "exp:evdel.dat");
        assertThat(failed).hasSize(1);
        JsonNode payload = failed.getFirst();
        assertThat(payload.get("scope").asText()).isEqualTo("exp");
        assertThat(payload.get("name").asText()).isEqualTo("evdel.dat");
        assertThat(payload.get("rse").asText()).isEqualTo("EV_BROKEN");
        assertThat(payload.get("bytes").asLong()).isEqualTo(12);
        assertThat(payload.get("file-size").asLong()).isEqualTo(12);
        assertThat(payload.get("url").asText()).endsWith("evdel.dat");
        assertThat(payload.get("protocol").asText()).isEqualTo("file");
        assertThat(payload.get("reason").asText()).isNotBlank();
        assertThat(payload.get("duration").isNumber()).isTrue();
        assertThat(payload.has("datatype")).isTrue();
    }

    @Test
    void theUndertakerErasingAnExpiredDatasetWritesErase() {
        assertThat(root.post("/dids/exp/evexpired", Map.of("type", "DATASET")).status()).isEqualTo(201);
        server.core().database().inTransactionVoid(tx -> tx.update("update dids set expired_at = now() - interval '1 minute' "
                + "where scope = 'exp' and name = 'evexpired'"));
        new Undertaker(server.core().services().rules()).runOnce(WorkSlice.ALL);

        assertThat(root.get("/dids/exp/evexpired").status()).isEqualTo(404);
        List<JsonNode> erased = events("ERASE", "exp:evexpired");
        assertThat(erased).hasSize(1);
        assertThat(erased.getFirst().get("account").asText()).isEqualTo("root");
        assertThat(erased.getFirst().get("scope").asText()).isEqualTo("exp");
        assertThat(erased.getFirst().get("name").asText()).isEqualTo("evexpired");
    }

    @Test
    void aRuleWithNotifyProgressOnAClosedDatasetTellsEachTenthAndTheEnd() {
        register("EV_SRC", "pg.0", "pg.1", "pg.2", "pg.3");
        dataset("pgds", "pg.0", "pg.1", "pg.2", "pg.3");
        assertThat(root.put("/dids/exp/pgds/status", Map.of("open", false)).status()).isEqualTo(200);
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", "pgds")), "copies", 1,
                "rse_expression", "EV_DST", "notify", "P"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String rule = added.json().get(0).asText();
        UUID dst = rseId("EV_DST");

        for (int i = 0; i < 4; i++) {
            String name = "pg." + i;
            server.core().database().inTransactionVoid(tx -> ReplicaArrivals.arrived(tx, List.of("exp"), List.of(name), List.of(dst),
                    server.core().clock().instant()));
        }

        List<JsonNode> progress = events("RULE_PROGRESS", "exp:pgds");
        assertThat(progress).extracting(p -> p.get("progress").asInt()).as("25% is in the tenth 20, 75% in 70")
                .containsExactly(20, 50, 70, 100);
        assertThat(progress).allSatisfy(p -> {
            assertThat(p.get("rule_id").asText()).isEqualTo(rule);
            assertThat(p.get("scope").asText()).isEqualTo("exp");
            assertThat(p.get("name").asText()).isEqualTo("pgds");
        });
        assertThat(events("RULE_OK", "exp:pgds")).hasSize(1);
    }

    @Test
    void aBadReplicaWithNoOtherCopyIsLostForEachDatasetItIsIn() {
        register("EV_SRC", "lost.1", "lost.2");
        dataset("lostds", "lost.1");
        Rest.Response declared = root.post("/replicas/bad", Map.of("reason", "disk died", "replicas", List.of(
                Map.of("scope", "exp", "name", "lost.1", "rse", "EV_SRC"), Map.of("scope", "exp", "name", "lost.2", "rse", "EV_SRC"))));
        assertThat(declared.status()).as(declared.body()).isEqualTo(201);
        new JudgeRepairer(server.core().services().rules(), Duration.ofHours(1)).runOnce(WorkSlice.ALL);

        List<JsonNode> lost = events("LOST", "exp:lost.1");
        assertThat(lost).hasSize(1);
        assertThat(lost.getFirst().get("scope").asText()).isEqualTo("exp");
        assertThat(lost.getFirst().get("name").asText()).isEqualTo("lost.1");
        assertThat(lost.getFirst().get("dataset_scope").asText()).isEqualTo("exp");
        assertThat(lost.getFirst().get("dataset_name").asText()).isEqualTo("lostds");
        List<JsonNode> alone = events("LOST", "exp:lost.2");
        assertThat(alone).hasSize(1);
        assertThat(alone.getFirst().get("dataset_name").isNull()).as("in no dataset").isTrue();
    }
}
