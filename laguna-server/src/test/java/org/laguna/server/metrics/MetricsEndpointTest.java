package org.laguna.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * {@code /metrics} tells an operator what the server and the catalogue are doing: HTTP requests
 * by route and status with latency buckets, the database pool, rules by state, transfer requests
 * and finished transfers by link and activity, and each daemon's backlog; the shipped Grafana
 * dashboard asks only for series the server exports.
 */
class MetricsEndpointTest {
    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(Map.of("metrics.catalogue-refresh", "0"));
        root = server.root();
        storage = Files.createTempDirectory("laguna-metrics");
        server.createScope("obs", "root");
        for (String rse : List.of("METRICS_SOURCE", "METRICS_TARGET")) {
            PosixRses.addUnder(root, rse, storage);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String scrape() {
        Rest.Response metrics = root.get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        return metrics.body();
    }

    /** The value of the one series whose line starts with this name and labels. */
    private static double value(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).mapToDouble(line -> Double.parseDouble(line.substring(
                line.lastIndexOf(' ') + 1))).findFirst().orElseThrow(() -> new AssertionError("no series " + series + " in\n" + metrics));
    }

    @Test
    void httpRequestsAreTimedByRouteAndStatus() {
        assertThat(root.get("/rses").status()).isEqualTo(200);
        assertThat(root.get("/dids/obs/no-such-did").status()).isEqualTo(404);
        assertThat(root.get("/no/such/endpoint").status()).isEqualTo(404);

        String metrics = scrape();

        assertThat(value(metrics, "laguna_http_requests_seconds_count{method=\"GET\",route=\"/rses\",status=\"200\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "laguna_http_requests_seconds_count{method=\"GET\",route=\"/dids/<rest>\",status=\"404\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "laguna_http_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics).contains("laguna_http_requests_seconds_bucket{method=\"GET\",route=\"/rses\",status=\"200\",le=\"0.1\"}");
    }

    @Test
    void theDatabasePoolIsReported() {
        String metrics = scrape();

        assertThat(value(metrics, "laguna_db_pool_connections{state=\"total\"}")).isGreaterThan(0);
        assertThat(value(metrics, "laguna_db_pool_max_connections")).isGreaterThanOrEqualTo(value(metrics,
                "laguna_db_pool_connections{state=\"total\"}"));
        assertThat(metrics).contains("laguna_db_pool_connections{state=\"active\"}", "laguna_db_pool_connections{state=\"pending\"}");
    }

    /** Uploads the files to the source RSE, puts them in a dataset and adds a rule for a copy on the target RSE. */
    private void datasetUnderRule(String dataset, List<String> files, String activity) throws Exception {
        List<Map<String, String>> dids = new ArrayList<>();
        for (String name : files) {
            Path file = work.resolve(name);
            Files.writeString(file, "metrics file " + name);
            Run upload = CliRunner.asRoot(server, "upload", "--rse", "METRICS_SOURCE", "--scope", "obs", file.toString());
            assertThat(upload.exit()).as(upload.err()).isZero();
            dids.add(Map.of("scope", "obs", "name", name));
        }
        assertThat(root.post("/dids/obs/" + dataset, Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(root.post("/dids/obs/" + dataset + "/dids", Map.of("dids", dids)).status()).isEqualTo(201);
        Rest.Response rule = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "obs", "name", dataset)), "copies", 1,
                "rse_expression", "METRICS_TARGET", "activity", activity));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
    }

    private static double valueOrZero(String metrics, String series) {
        return metrics.lines().anyMatch(line -> line.startsWith(series + " ")) ? value(metrics, series) : 0;
    }

    @Test
    void rulesRequestsFinishedTransfersAndBacklogsFollowTheCatalogue() throws Exception {
        String before = scrape();
        String replicating = "laguna_rules{state=\"REPLICATING\"}";
        String submitter = "laguna_daemon_backlog_items{daemon=\"conveyor-submitter\"}";

        datasetUnderRule("obs-dataset", List.of("obs-file-0", "obs-file-1", "obs-file-2"), "Metrics Test");

        String queued = scrape();
        assertThat(value(queued, replicating)).isEqualTo(valueOrZero(before, replicating) + 1);
        assertThat(value(queued, "laguna_transfers_requests{activity=\"Metrics Test\",destination=\"METRICS_TARGET\",source=\"\","
                + "state=\"QUEUED\"}")).isEqualTo(3);
        assertThat(value(queued, submitter)).isEqualTo(valueOrZero(before, submitter) + 3);
        assertThat(value(queued, "laguna_daemon_backlog_oldest_seconds{daemon=\"conveyor-submitter\"}")).isGreaterThanOrEqualTo(0);

        server.drainTransfers();

        String done = scrape();
        assertThat(value(done, submitter)).isZero();
        String link = "{activity=\"Metrics Test\",destination=\"METRICS_TARGET\",source=\"METRICS_SOURCE\",state=\"DONE\"}";
        assertThat(value(done, "laguna_transfers_finished" + link)).isEqualTo(3);
        assertThat(value(done, "laguna_transfers_finished_bytes" + link)).isEqualTo(3 * "metrics file obs-file-0".length());
        assertThat(done).doesNotContain("laguna_transfers_requests{activity=\"Metrics Test\"");
    }

    @Test
    void theGrafanaDashboardAsksOnlyForSeriesTheServerExports() throws Exception {
        Path dashboard = Path.of("..", "docs", "grafana", "laguna-dashboard.json");
        JsonNode json = new ObjectMapper().readTree(dashboard.toFile());
        List<String> expressions = new ArrayList<>();
        json.findValues("expr").forEach(e -> expressions.add(e.asText()));
        assertThat(expressions).as("the dashboard's queries").hasSizeGreaterThan(8);
        Set<String> asked = new TreeSet<>();
        Matcher names = Pattern.compile("laguna_[a-z_]+").matcher(String.join("\n", expressions));
        while (names.find()) {
            asked.add(names.group().replaceAll("_(bucket|count|sum|total)$", ""));
        }
        datasetUnderRule("dash-done", List.of("dash-file-0"), "Dashboard");
        server.drainTransfers();
        datasetUnderRule("dash-queued", List.of("dash-file-1"), "Dashboard");
        String metrics = scrape();
        Set<String> exported = new TreeSet<>();
        metrics.lines().filter(l -> l.startsWith("# TYPE ")).forEach(l -> exported.add(l.split(" ")[2].replaceAll("_total$", "")));
        exported.addAll(DAEMON_SERIES);

        assertThat(exported).as("series exported by the server").containsAll(asked);
    }

    /**
     * Series exported only by some processes: the daemons' own, where daemons run (ServerDaemonsTest),
     * and the outbox backlog per destination, where hermes has destinations (EventsToBrokerTest).
     */
    private static final Set<String> DAEMON_SERIES = Set.of("laguna_daemon_cycles", "laguna_daemon_items", "laguna_daemon_failures",
            "laguna_daemon_cycle_duration_seconds", "laguna_daemon_cycle_duration_seconds_max", "laguna_outbox_backlog");
}
