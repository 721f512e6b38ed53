package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

/**
 * The conveyor with {@code transfer.tool=fts3} against a loopback HTTP server that answers like
 * FTS3's REST API (no FTS3 runs here): a submission ({@code POST /jobs}) is answered with a job id
 * and its files are copied between the POSIX PFNs at once, and the job's state
 * ({@code GET /jobs/ID,...}) is FINISHED with every file FINISHED under its request id, in the shape
 * of FTS3's recorded answers.
 */
class Fts3ConveyorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static HttpServer fts3;
    private static final Map<String, ArrayNode> jobs = new ConcurrentHashMap<>();
    private static final List<JsonNode> submissions = new CopyOnWriteArrayList<>();
    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        fts3 = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fts3.createContext("/jobs", Fts3ConveyorTest::handle);
        fts3.start();
        server = TestServer.start(Map.of("transfer.tool", "fts3", "transfer.fts3.url", "http://127.0.0.1:" + fts3.getAddress().getPort(),
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
            fts3.stop(0);
        }
    }

    private static void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && path.equals("/jobs")) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                submissions.add(body);
                String id = UUID.randomUUID().toString();
                ArrayNode files = JSON.createArrayNode();
                int fileId = 1;
                for (JsonNode file : body.get("files")) {
                    String source = file.get("sources").get(0).asText();
                    String destination = file.get("destinations").get(0).asText();
                    Path to = Path.of(URI.create(destination).getPath());
                    Files.createDirectories(to.getParent());
                    Files.copy(Path.of(URI.create(source).getPath()), to, StandardCopyOption.REPLACE_EXISTING);
                    ObjectNode status = files.addObject();
                    status.put("file_id", fileId++).put("file_state", "FINISHED").put("source_surl", source).put("dest_surl", destination)
                            .put("start_time", "2026-11-25T14:01:12").put("finish_time", "2026-11-25T14:02:40").put("reason", "")
                            .put("filesize", file.path("filesize").asLong());
                    status.set("file_metadata", file.get("metadata"));
                }
                jobs.put(id, files);
                answer(exchange, 200, "{\"job_id\": \"" + id + "\"}");
            } else if (exchange.getRequestMethod().equals("GET") && path.startsWith("/jobs/")) {
                ArrayNode answer = JSON.createArrayNode();
                for (String id : path.substring("/jobs/".length()).split(",")) {
                    ArrayNode files = jobs.get(id);
                    if (files != null) {
                        ObjectNode job = answer.addObject();
                        job.put("job_id", id).put("job_state", "FINISHED").put("job_type", "N").put("http_status", "200 Ok");
                        job.set("files", files);
                    }
                }
                if (answer.isEmpty()) {
                    answer(exchange, 404, "{\"status\": \"404 Not Found\", \"message\": \"No job with the id " + path + "\"}");
                } else {
                    answer(exchange, 200, JSON.writeValueAsString(answer.size() == 1 ? answer.get(0) : answer));
                }
            } else {
                answer(exchange, 400, "{\"status\": \"400 Bad Request\", \"message\": \"not expected here\"}");
            }
        }
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
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
