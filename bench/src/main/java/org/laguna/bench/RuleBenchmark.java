package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A replication rule over a big dataset and over a container of many datasets, against a server
 * in its own JVM with a fixed heap, its daemons running as in production.
 *
 * <p>Scenario 1: N files on one RSE, attached to one dataset; a rule for 2 copies on two other
 * RSEs. The rule is created in state INJECT and the judge-injector expands it in batches into
 * 2N locks, 2N COPYING replicas and 2N QUEUED transfer requests; printed: the seconds from the
 * request to the rule leaving INJECT, and the server's peak heap.
 *
 * <p>Then the rule is removed: the judge-cleaner releases its locks in batches, tombstoning the
 * replicas and cancelling the queued requests; printed: the seconds until the rule is gone.
 *
 * <p>Scenario 2: a container of D datasets of F files each; a rule with grouping DATASET (each
 * dataset on one RSE of two). Printed: the seconds until its locks exist.
 *
 * <p>Options: {@code --files N} (default 1,000,000), {@code --datasets D} (default 10,000),
 * {@code --files-per-dataset F} (default 10), {@code --heap SIZE} (server -Xmx, default 512m).
 */
public final class RuleBenchmark {
    private RuleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        int files = Integer.parseInt(options.getOrDefault("files", "1000000"));
        int datasets = Integer.parseInt(options.getOrDefault("datasets", "10000"));
        int perDataset = Integer.parseInt(options.getOrDefault("files-per-dataset", "10"));
        String heap = options.getOrDefault("heap", "512m");
        String password = "bench-" + System.nanoTime();
        Path home = Files.createTempDirectory("laguna-bench-rules");
        System.out.printf(Locale.ROOT, "rule benchmark: a %,d-file dataset (2 copies) and a container of %,d datasets x %,d files, "
                + "server heap %s%n", files, datasets, perDataset, heap);
        // the source RSE holds no bytes: the conveyor would only fail the requests, so it stays off
        try (ServerProcess server = ServerProcess.start(home, heap, password, List.of("--without", "conveyor"))) {
            BenchHttp http = new BenchHttp(server.url());
            http.login("root", password);
            http.send("POST", "/rses/SOURCE_DISK", Map.of("deterministic", false));
            http.send("POST", "/rses/SOURCE_DISK/protocols/file", Map.of("hostname", "localhost", "port", 0,
                    "prefix", home.resolve("source").toString(), "impl", "rucio.rse.protocols.posix.Default",
                    "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
            for (String rse : List.of("DEST_A", "DEST_B")) {
                http.send("POST", "/rses/" + rse, Map.of());
                http.send("POST", "/rses/" + rse + "/attr/tier", Map.of("value", "1"));
            }
            http.send("POST", "/accounts/root/scopes/bench", Map.of());

            // scenario 1: one big dataset
            long start = System.nanoTime();
            importFiles(http, "big/", files);
            http.send("POST", "/dids/bench/big", Map.of("type", "DATASET"));
            for (int offset = 0; offset < files; offset += 10_000) {
                List<Map<String, Object>> dids = new ArrayList<>();
                for (int i = offset; i < Math.min(files, offset + 10_000); i++) {
                    dids.add(Map.of("scope", "bench", "name", "big/" + i));
                }
                http.send("POST", "/dids/bench/big/dids", Map.of("dids", dids));
            }
            System.out.printf(Locale.ROOT, "set-up: %,d files registered and attached in %.1f s%n", files, seconds(start));
            start = System.nanoTime();
            String rule = addRule(http, "big", 2, "tier=1", "DATASET");
            double created = seconds(start);
            JsonNode done = awaitInjected(http, rule);
            double total = seconds(start);
            long locks = done.path("locks_ok_cnt").asLong() + done.path("locks_replicating_cnt").asLong();
            if (locks != 2L * files) {
                throw new IllegalStateException("expected " + 2L * files + " locks, the rule has " + locks);
            }
            System.out.printf(Locale.ROOT, "rule on a %,d-file dataset, 2 copies:  %6.1f s to %,d locks, replicas and requests "
                    + "(%,.0f locks/s; POST /rules answered in %.2f s; state %s)%n", files, total, locks, locks / total, created,
                    done.path("state").asText());
            long peak = http.heapPeak();
            System.out.printf(Locale.ROOT, "server peak heap: %.1f MiB (of -Xmx%s)%n", peak / 1024.0 / 1024.0, heap);

            start = System.nanoTime();
            http.send("DELETE", "/rules/" + rule, Map.of());
            while (http.status("GET", "/rules/" + rule) != 404) {
                Thread.sleep(200);
            }
            total = seconds(start);
            System.out.printf(Locale.ROOT, "remove that rule (judge-cleaner):       %6.1f s to release %,d locks (%,.0f locks/s)%n",
                    total, locks, locks / total);

            // scenario 2: a container of many datasets
            start = System.nanoTime();
            importFiles(http, "c/", datasets * perDataset);
            List<Map<String, Object>> newDatasets = new ArrayList<>();
            for (int d = 0; d < datasets; d++) {
                newDatasets.add(Map.of("scope", "bench", "name", "c/ds" + d, "type", "DATASET"));
            }
            for (int i = 0; i < newDatasets.size(); i += 10_000) {
                http.send("POST", "/dids", newDatasets.subList(i, Math.min(newDatasets.size(), i + 10_000)));
            }
            http.send("POST", "/dids/bench/container", Map.of("type", "CONTAINER"));
            List<Map<String, Object>> attachments = new ArrayList<>();
            for (int d = 0; d < datasets; d++) {
                List<Map<String, Object>> children = new ArrayList<>();
                for (int f = 0; f < perDataset; f++) {
                    children.add(Map.of("scope", "bench", "name", "c/" + (d * perDataset + f)));
                }
                attachments.add(Map.of("scope", "bench", "name", "c/ds" + d, "dids", children));
                if (attachments.size() * perDataset >= 10_000 || d == datasets - 1) {
                    http.send("POST", "/dids/attachments", Map.of("attachments", attachments));
                    attachments.clear();
                }
            }
            List<Map<String, Object>> members = new ArrayList<>();
            for (int d = 0; d < datasets; d++) {
                members.add(Map.of("scope", "bench", "name", "c/ds" + d));
                if (members.size() == 10_000 || d == datasets - 1) {
                    http.send("POST", "/dids/bench/container/dids", Map.of("dids", members));
                    members.clear();
                }
            }
            System.out.printf(Locale.ROOT, "set-up: container of %,d datasets (%,d files) in %.1f s%n", datasets, datasets * perDataset,
                    seconds(start));
            start = System.nanoTime();
            String containerRule = addRule(http, "container", 1, "tier=1", "DATASET");
            done = awaitInjected(http, containerRule);
            total = seconds(start);
            System.out.printf(Locale.ROOT, "rule on a container of %,d datasets:   %6.1f s to %,d locks, each dataset on one RSE "
                    + "(state %s)%n", datasets, total, done.path("locks_replicating_cnt").asLong(), done.path("state").asText());
            System.out.printf(Locale.ROOT, "server peak heap: %.1f MiB (of -Xmx%s)%n", http.heapPeak() / 1024.0 / 1024.0, heap);
        }
    }

    private static void importFiles(BenchHttp http, String prefix, int count) throws Exception {
        int chunk = 100_000;
        for (int offset = 0; offset < count; offset += chunk) {
            StringBuilder body = new StringBuilder(chunk * 100);
            for (int i = offset; i < Math.min(count, offset + chunk); i++) {
                body.append("{\"scope\":\"bench\",\"name\":\"").append(prefix).append(i).append("\",\"bytes\":").append(10_000)
                        .append(",\"adler32\":\"").append(String.format(Locale.ROOT, "%08x", i))
                        .append("\",\"path\":\"").append(prefix).append(i).append("\"}\n");
            }
            http.sendText("POST", "/replicas/import?rse=SOURCE_DISK", body.toString());
        }
    }

    private static String addRule(BenchHttp http, String name, int copies, String expression, String grouping) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dids", List.of(Map.of("scope", "bench", "name", name)));
        body.put("copies", copies);
        body.put("rse_expression", expression);
        body.put("grouping", grouping);
        return BenchHttp.JSON.readTree(http.send("POST", "/rules/", body)).get(0).asText();
    }

    private static JsonNode awaitInjected(BenchHttp http, String rule) throws Exception {
        while (true) {
            JsonNode state = BenchHttp.JSON.readTree(http.send("GET", "/rules/" + rule, null));
            if (!"INJECT".equals(state.path("state").asText())) {
                return state;
            }
            Thread.sleep(200);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
