package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.Reaper;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.S3Rses;
import org.laguna.server.testing.TestServer;
import org.laguna.storage.s3.S3ProxyServer;

/**
 * Multi-hop transfers through the conveyor with the built-in tool, on real PostgreSQL, POSIX
 * storage and S3 (s3proxy, in-process): a source with only a {@code file} protocol, destinations
 * with only {@code s3} (schemes the path finder never pairs), and an intermediate RSE that has both
 * over the same bytes (its POSIX prefix is s3proxy's directory of its S3 prefix).
 */
class MultihopConveyorTest {
    private static final String ACCESS = "laguna-access";
    private static final String SECRET = "multihop-s3-secret";
    private static S3ProxyServer proxy;
    private static Path s3Base;
    private static TestServer server;
    private static Rest root;
    private static Path storage;
    private static Conveyor conveyor;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3ProxyServer.start("bucket", ACCESS, SECRET);
        s3Base = proxy.directory();
        Map<String, String> settings = new HashMap<>();
        for (String rse : List.of("HUB_DISK", "PLAIN_HUB", "S3_DEST", "S3_LONELY")) {
            settings.put("storage." + rse + ".access_key", ACCESS);
            settings.put("storage." + rse + ".secret_key", SECRET);
        }
        // the built-in tool would stream file -> s3 in one hop; here it plans as a third-party-copy tool does
        settings.put("transfer.builtin.bridge-protocols", "false");
        server = TestServer.start(settings);
        root = server.root();
        storage = Files.createTempDirectory("laguna-multihop-posix");
        server.createScope("exp", "root");
        PosixRses.addUnder(root, "FILE_SRC", storage);
        for (String hub : List.of("HUB_DISK", "PLAIN_HUB")) {
            String dir = hub.toLowerCase(java.util.Locale.ROOT);
            PosixRses.add(root, hub, s3Base.resolve("bucket").resolve(dir));
            s3(hub, "/bucket/" + dir);
        }
        s3("S3_DEST", "/bucket/dest");
        s3("S3_LONELY", "/bucket/lonely");
        root.post("/rses/HUB_DISK/attr/available_for_multihop", Map.of("value", true));
        distance("FILE_SRC", "HUB_DISK");
        distance("HUB_DISK", "S3_DEST");
        distance("FILE_SRC", "PLAIN_HUB");
        distance("PLAIN_HUB", "S3_LONELY");
        LagunaCore core = server.core();
        conveyor = new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS.withTimings(2, Duration.ZERO, Duration.ofMinutes(15)),
                core.transferTool()));
    }

    private static void s3(String rse, String prefix) {
        assertThat(S3Rses.add(root, rse, proxy.port(), prefix).status()).isEqualTo(201);
    }

    private static void distance(String from, String to) {
        assertThat(root.post("/rses/" + from + "/distances/" + to, Map.of("distance", 1)).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    private void upload(String name, String content) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, content);
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "FILE_SRC", "--scope", "exp", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
    }

    private static String rule(String name, String rse) {
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", name)), "copies", 1,
                "rse_expression", rse));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    private static JsonNode show(String id) {
        return root.get("/rules/" + id).json();
    }

    private static void drain() {
        for (int i = 0; i < 500 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // until nothing is queued, moving or waiting to be finished
        }
    }

    /** The file of that name under a directory of s3proxy's store (an S3 prefix), or null. */
    private static Path inBucket(String dir, String name) {
        Path base = s3Base.resolve("bucket").resolve(dir);
        if (!Files.exists(base)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(base)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> history(String name) {
        return server.core().database().readOnly(tx -> tx.query("select r.rse || ' ' || h.state from requests_history h "
                + "join rses r on r.id = h.dest_rse_id where h.name = ? order by h.updated_at, r.rse", rs -> rs.getString(1), name));
    }

    /** The events about a file (type, then its payload), in the order they were written. */
    private static List<Map.Entry<String, JsonNode>> events(String name) {
        return server.core().database().readOnly(tx -> tx.query("select event_type, payload::text from messages where ordering_key = ? "
                + "order by id", rs -> Map.entry(rs.getString(1), json(rs.getString(2))), "exp:" + name));
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> transfers(List<Map.Entry<String, JsonNode>> events) {
        return events.stream().filter(e -> e.getKey().startsWith("transfer-"))
                .map(e -> e.getKey() + " " + e.getValue().get("dst-rse").asText()).toList();
    }

    @Test
    void eachHopWritesItsOwnTransferEventsAndARetriedPathIsQueuedAgain() throws Exception {
        upload("evhop.dat", "events hop by hop");
        rule("evhop.dat", "S3_DEST");
        drain();
        List<Map.Entry<String, JsonNode>> events = events("evhop.dat");
        assertThat(transfers(events)).containsSubsequence("transfer-queued S3_DEST", "transfer-queued HUB_DISK",
                "transfer-submitted HUB_DISK", "transfer-done HUB_DISK");
        assertThat(transfers(events)).contains("transfer-submitted S3_DEST", "transfer-done S3_DEST");
        JsonNode hopQueued = events.stream().filter(e -> e.getKey().equals("transfer-queued")
                && e.getValue().get("dst-rse").asText().equals("HUB_DISK")).findFirst().orElseThrow().getValue();
        assertThat(hopQueued.get("request-id").asText()).matches("[0-9a-f]{32}");
        assertThat(hopQueued.get("state").asText()).isEqualTo("queued");
        assertThat(hopQueued.get("retry-count").asInt()).isZero();
        assertThat(hopQueued.get("scope").asText()).isEqualTo("exp");
        assertThat(hopQueued.get("name").asText()).isEqualTo("evhop.dat");
        assertThat(hopQueued.get("file-size").asLong()).isEqualTo("events hop by hop".length());

        upload("evbad.dat", "the catalogue's content");
        Files.writeString(PosixRses.stored(storage, "FILE_SRC", "evbad.dat"), "something else entirely");
        rule("evbad.dat", "S3_DEST");
        drain();
        List<Map.Entry<String, JsonNode>> failing = events("evbad.dat");
        assertThat(transfers(failing)).containsSubsequence("transfer-queued S3_DEST", "transfer-queued HUB_DISK", "transfer-failed HUB_DISK",
                "transfer-queued S3_DEST", "transfer-queued HUB_DISK", "transfer-failed HUB_DISK");
        assertThat(transfers(failing).stream().filter(t -> t.equals("transfer-failed S3_DEST"))).as("both attempts of the path").hasSize(2);
        JsonNode hopFailed = failing.stream().filter(e -> e.getKey().equals("transfer-failed")
                && e.getValue().get("dst-rse").asText().equals("HUB_DISK")).findFirst().orElseThrow().getValue();
        assertThat(hopFailed.get("reason").asText()).isNotBlank();
        assertThat(hopFailed.get("src-rse").asText()).isEqualTo("FILE_SRC");
        List<Integer> retries = failing.stream().filter(e -> e.getKey().equals("transfer-queued")
                && e.getValue().get("dst-rse").asText().equals("S3_DEST")).map(e -> e.getValue().get("retry-count").asInt()).toList();
        assertThat(retries).as("queued again for the retry, counted").containsExactly(0, 1);
    }

    @Test
    void aFileWithoutACommonSchemeGoesThroughTheIntermediateRse() throws Exception {
        String content = "hop by hop ".repeat(3_000);
        upload("hop.dat", content);
        String id = rule("hop.dat", "S3_DEST");
        Instant before = Instant.now();
        drain();
        JsonNode done = show(id);
        assertThat(done.get("state").asText()).as(done.toString()).isEqualTo("OK");
        Path copy = inBucket("dest", "hop.dat");
        assertThat(copy).as("the bytes arrived in S3").isNotNull();
        assertThat(Files.readString(copy)).isEqualTo(content);
        assertThat(history("hop.dat")).containsExactlyInAnyOrder("HUB_DISK DONE", "S3_DEST DONE");
        JsonNode request = root.get("/requests/history/exp/hop.dat/S3_DEST").json();
        assertThat(request.get("source_rse").asText()).isEqualTo("HUB_DISK");
        Map<String, Object> hub = server.core().database().readOnly(tx -> tx.queryOne("select p.state, p.tombstone, p.lock_cnt, p.adler32 "
                + "from replicas p join rses r on r.id = p.rse_id where p.name = 'hop.dat' and r.rse = 'HUB_DISK'", rs -> Map.<String, Object>of(
                "state", rs.getString(1), "tombstone", rs.getTimestamp(2).toInstant(), "locks", rs.getInt(3), "adler32", rs.getString(4)))).orElseThrow();
        assertThat(hub.get("state")).isEqualTo("AVAILABLE");
        assertThat(hub.get("locks")).isEqualTo(0);
        assertThat(hub.get("adler32")).isNotNull();
        assertThat((Instant) hub.get("tombstone")).as("an intermediate replica is removed by the reaper after a while")
                .isAfter(before.plus(Duration.ofMinutes(110))).isBefore(Instant.now().plus(Duration.ofMinutes(121)));
        assertThat(inBucket("hub_disk", "hop.dat")).as("the intermediate copy").isNotNull();
        long left = server.core().database().readOnly(tx -> tx.count("select count(*) from requests where name = 'hop.dat'"));
        assertThat(left).isZero();

        // once its tombstone has passed, the reaper removes the intermediate copy (here from a greedy RSE)
        root.post("/rses/HUB_DISK/attr/greedyDeletion", Map.of("value", true));
        LagunaCore core = server.core();
        core.database().inTransactionVoid(tx -> tx.update("update replicas set tombstone = now() - interval '1 second' "
                + "where name = 'hop.dat' and rse_id = (select id from rses where rse = 'HUB_DISK')"));
        assertThat(new Reaper(core.database(), core.storage(), core.services().rses().repository(), core.clock()).runOnce(WorkSlice.ALL))
                .isPositive();
        assertThat(inBucket("hub_disk", "hop.dat")).isNull();
        assertThat(inBucket("dest", "hop.dat")).as("the locked copy at the destination stays").isNotNull();
        root.delete("/rses/HUB_DISK/attr/greedyDeletion", null);
    }

    @Test
    void withoutAnRseAvailableForMultihopTheRequestFailsSayingThereIsNoPath() throws Exception {
        upload("nopath.dat", "nowhere to go");
        String id = rule("nopath.dat", "S3_LONELY");
        drain();
        JsonNode stuck = show(id);
        assertThat(stuck.get("state").asText()).isEqualTo("STUCK");
        assertThat(stuck.get("error").asText()).contains("No transfer path from [FILE_SRC] to S3_LONELY");
        String failed = server.core().database().readOnly(tx -> tx.queryOne("select state || ' ' || err_msg from requests "
                + "where name = 'nopath.dat'", rs -> rs.getString(1))).orElseThrow();
        assertThat(failed).startsWith("FAILED No transfer path").contains("available_for_multihop");
        assertThat(root.get("/rules/" + id + "/analysis").body()).contains("No transfer path");
        assertThat(inBucket("lonely", "nopath.dat")).isNull();
        assertThat(inBucket("plain_hub", "nopath.dat")).as("nothing was copied to an RSE not available for multi-hop").isNull();
    }

    @Test
    void aFailedFirstHopFailsThePathWithItsReasonAndLeavesNoIntermediateReplica() throws Exception {
        upload("badhop.dat", "the catalogue's content");
        Files.writeString(PosixRses.stored(storage, "FILE_SRC", "badhop.dat"), "something else entirely");
        String id = rule("badhop.dat", "S3_DEST");
        drain();
        JsonNode stuck = show(id);
        assertThat(stuck.get("state").asText()).isEqualTo("STUCK");
        assertThat(stuck.get("error").asText()).contains("earlier hop").contains("FILE_SRC -> HUB_DISK");
        JsonNode failed = root.get("/requests/exp/badhop.dat/S3_DEST").json();
        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("retry_count").asInt()).as("the final request counts the attempts").isEqualTo(2);
        assertThat(history("badhop.dat")).containsExactly("HUB_DISK FAILED", "HUB_DISK FAILED");
        long replicas = server.core().database().readOnly(tx -> tx.count("select count(*) from replicas p join rses r on r.id = p.rse_id "
                + "where p.name = 'badhop.dat' and r.rse = 'HUB_DISK'"));
        assertThat(replicas).isZero();
        assertThat(inBucket("dest", "badhop.dat")).isNull();
    }
}
