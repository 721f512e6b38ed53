package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario {@code subscriptions}: a subscription on a scope (every new dataset gets a rule for one
 * copy on a destination RSE), then N files in D new datasets, registered, created and attached as
 * a production system does it, against a server in its own JVM (default {@code -Xmx512m}) with
 * its daemons running except the conveyor (nothing is copied). Figures: the seconds from the last
 * attachment until the transmogrifier has made all D rules, and until the judge-evaluator has
 * given them the locks of all N files; the server's peak heap.
 *
 * <p>Options: {@code --datasets D} (default N/100), {@code --heap SIZE}, {@code --timeout SECONDS}
 * for each wait (default 3,600).
 */
public final class SubscriptionBenchmark implements Scenario {
    @Override
    public Figures run(BenchContext context) throws Exception {
        int files = context.files();
        int datasets = context.intOption("datasets", Math.max(1, files / 100));
        int timeout = context.intOption("timeout", 3_600);
        context.log("a subscription over %,d new files in %,d datasets", files, datasets);
        Figures figures = new Figures();
        Server server = context.server("512m", "--without", "conveyor");
        BenchHttp http = server.login();
        String source = context.rse("SOURCE_DISK");
        String destination = context.rse("SUB_DEST");
        String scope = context.scope();
        ReplicaBulkBenchmark.createPosixRse(http, source, context.directory("laguna-bench-subscription"), false);
        http.send("POST", "/rses/" + destination, Map.of());
        http.send("POST", "/rses/" + destination + "/attr/bench_run", Map.of("value", context.tag()));
        http.send("POST", "/accounts/root/scopes/" + scope, Map.of());
        String name = "bench-" + context.tag();
        http.send("POST", "/subscriptions/root/" + name, Map.of("options", Map.of(
                "filter", Map.of("scope", List.of(scope), "did_type", List.of("DATASET")),
                "replication_rules", List.of(Map.of("copies", 1, "rse_expression", "bench_run=" + context.tag())),
                "comments", "bench", "lifetime", 1, "retroactive", false, "dry_run", false)));

        long start = System.nanoTime();
        RuleBenchmark.importFiles(http, source, scope, "f/", files);
        createAndAttach(http, scope, files, datasets);
        context.log("set-up: %,d files registered, %,d datasets created and attached in %.1f s", files, datasets, seconds(start));

        start = System.nanoTime();
        long deadline = start + timeout * 1_000_000_000L;
        while (ruleCount(http, name) < datasets) {
            await(deadline, "the subscription's " + datasets + " rules");
        }
        double rules = seconds(start);
        while (lockCount(http, name) < files) {
            await(deadline, "locks on all " + files + " files");
        }
        double locks = seconds(start);
        context.log("after the last attachment: %.1f s until %,d rules exist, %.1f s until they lock all %,d files",
                rules, datasets, locks, files);
        figures.add("all subscription rules exist after the last attachment", rules, "s");
        figures.add("and lock every file", locks, "s");
        figures.addIfKnown("server peak heap", server.heapPeakBytes() / 1024.0 / 1024.0, "MiB");
        return figures.addServer(server);
    }

    /** Runs this scenario alone: {@code ./laguna bench subscriptions [options]}. */
    public static void main(String[] args) throws Exception {
        Bench.main(Bench.prepend("subscriptions", args));
    }

    private static void createAndAttach(BenchHttp http, String scope, int files, int datasets) throws Exception {
        List<Map<String, Object>> made = new ArrayList<>();
        for (int d = 0; d < datasets; d++) {
            made.add(Map.of("scope", scope, "name", "ds" + d, "type", "DATASET"));
        }
        for (int i = 0; i < made.size(); i += 10_000) {
            http.send("POST", "/dids", made.subList(i, Math.min(made.size(), i + 10_000)));
        }
        List<Map<String, Object>> attachments = new ArrayList<>();
        int attached = 0;
        for (int d = 0; d < datasets; d++) {
            int from = (int) ((long) files * d / datasets);
            int to = (int) ((long) files * (d + 1) / datasets);
            List<Map<String, Object>> children = new ArrayList<>();
            for (int f = from; f < to; f++) {
                children.add(Map.of("scope", scope, "name", "f/" + f));
            }
            attachments.add(Map.of("scope", scope, "name", "ds" + d, "dids", children));
            attached += children.size();
            if (attached >= 10_000 || d == datasets - 1) {
                http.send("POST", "/dids/attachments", Map.of("attachments", attachments));
                attachments.clear();
                attached = 0;
            }
        }
    }

    private static long ruleCount(BenchHttp http, String name) throws Exception {
        long count = 0;
        for (String line : http.send("GET", "/subscriptions/root/" + name + "/rules/states", null).split("\n")) {
            if (!line.isBlank()) {
                count += BenchHttp.JSON.readTree(line).get(3).asLong();
            }
        }
        return count;
    }

    private static long lockCount(BenchHttp http, String name) throws Exception {
        long count = 0;
        for (String line : http.send("GET", "/subscriptions/root/" + name + "/rules", null).split("\n")) {
            if (!line.isBlank()) {
                JsonNode rule = BenchHttp.JSON.readTree(line);
                count += rule.path("locks_ok_cnt").asLong() + rule.path("locks_replicating_cnt").asLong()
                        + rule.path("locks_stuck_cnt").asLong();
            }
        }
        return count;
    }

    private static void await(long deadline, String what) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("still waiting for " + what);
        }
        Thread.sleep(200);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
