package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario {@code rules}: a replication rule over a big dataset and over a container of many
 * datasets, against a server in its own JVM with a fixed heap (default {@code -Xmx512m}), its
 * daemons running as in production except the conveyor (the files are registered, not written,
 * so there is nothing to copy). Laguna-only (set-up through {@code POST /replicas/import}).
 *
 * <p>Part 1: N files on one RSE, attached to one dataset; a rule for 2 copies on two other
 * RSEs. The rule is created in state INJECT and the judge-injector expands it in batches into
 * 2N locks, 2N COPYING replicas and 2N QUEUED transfer requests; figures: the seconds from the
 * request to the rule leaving INJECT, locks/s, and the server's peak heap.
 *
 * <p>Then the rule is removed: the judge-cleaner releases its locks in batches, tombstoning the
 * replicas and cancelling the queued requests; figure: the seconds until the rule is gone.
 *
 * <p>Part 2: a container of D datasets of F files each; a rule with grouping DATASET (each
 * dataset on one RSE of two). Figure: the seconds until its locks exist.
 *
 * <p>Options: {@code --datasets D} (default N/100), {@code --files-per-dataset F} (default 10),
 * {@code --heap SIZE} (server -Xmx, default 512m), {@code --timeout SECONDS} for each wait (default 3,600).
 */
public final class RuleBenchmark implements Scenario {
    @Override
    public Figures run(BenchContext context) throws Exception {
        int files = context.files();
        int datasets = context.intOption("datasets", Math.max(1, files / 100));
        int perDataset = context.intOption("files-per-dataset", 10);
        int timeout = context.intOption("timeout", 3_600);
        context.log("a %,d-file dataset (2 copies) and a container of %,d datasets x %,d files", files, datasets, perDataset);
        Figures figures = new Figures();
        // the source RSE holds no bytes: the conveyor would only fail the requests, so it stays off
        Server server = context.server("512m", "--without", "conveyor");
        Run run = new Run(context, server.login(), figures, timeout);
        run.setUp();

        // part 1: one big dataset
        run.bigDataset(files);
        Injected rule = run.ruleOnBigDataset(files);
        figures.addIfKnown("server peak heap after injection", server.heapPeakBytes() / 1024.0 / 1024.0, "MiB");
        run.remove(rule);

        // part 2: a container of many datasets
        run.container(datasets, perDataset);
        run.ruleOnContainer(datasets);
        return figures.addServer(server);
    }

    /** A rule the judge-injector expanded, and how many locks it has. */
    private record Injected(String rule, long locks) {
    }

    /** The steps of one run on its catalogue: a source RSE, two destinations and a scope. */
    private static final class Run {
        private final BenchContext context;
        private final BenchHttp http;
        private final Figures figures;
        private final int timeout;
        private final String source;
        private final String scope;
        /** The destinations carry an attribute unique to this run, so the expression matches only them. */
        private final String expression;

        Run(BenchContext context, BenchHttp http, Figures figures, int timeout) {
            this.context = context;
            this.http = http;
            this.figures = figures;
            this.timeout = timeout;
            this.source = context.rse("SOURCE_DISK");
            this.scope = context.scope();
            this.expression = "bench_run=" + context.tag();
        }

        /** The source RSE, the two destinations and the scope. */
        void setUp() throws Exception {
            ReplicaBulkBenchmark.createPosixRse(http, source, context.directory("laguna-bench-source"), false);
            for (String rse : List.of(context.rse("DEST_A"), context.rse("DEST_B"))) {
                http.send("POST", "/rses/" + rse, Map.of());
                http.send("POST", "/rses/" + rse + "/attr/tier", Map.of("value", "1"));
                http.send("POST", "/rses/" + rse + "/attr/bench_run", Map.of("value", context.tag()));
            }
            http.send("POST", "/accounts/root/scopes/" + scope, Map.of());
        }

        /** Registers the files on the source RSE and attaches them to the dataset {@code big}. */
        void bigDataset(int files) throws Exception {
            long start = System.nanoTime();
            importFiles(http, source, scope, "big/", files);
            http.send("POST", "/dids/" + scope + "/big", Map.of("type", "DATASET"));
            ReplicaBulkBenchmark.attach(http, scope, "big", "big/", files, 10_000);
            context.log("set-up: %,d files registered and attached in %.1f s", files, seconds(start));
        }

        /** A rule for 2 copies of {@code big}, timed until the judge-injector expanded it into locks, replicas and requests. */
        Injected ruleOnBigDataset(int files) throws Exception {
            long start = System.nanoTime();
            String rule = addRule(http, scope, "big", 2, expression, "DATASET");
            double created = seconds(start);
            JsonNode done = awaitInjected(http, rule, timeout);
            double total = seconds(start);
            long locks = done.path("locks_ok_cnt").asLong() + done.path("locks_replicating_cnt").asLong();
            if (locks != 2L * files) {
                throw new IllegalStateException("expected " + 2L * files + " locks, the rule has " + locks);
            }
            context.log("rule on a %,d-file dataset, 2 copies: %.1f s to %,d locks, replicas and requests "
                    + "(POST /rules answered in %.2f s; state %s)", files, total, locks, created, done.path("state").asText());
            figures.add("rule on the dataset: to locks+requests", total, "s");
            figures.add("rule on the dataset: locks", locks / total, "locks/s");
            return new Injected(rule, locks);
        }

        /** Removes the rule, timed until the judge-cleaner released its locks and the rule is gone. */
        void remove(Injected injected) throws Exception {
            String rule = injected.rule();
            long start = System.nanoTime();
            http.send("DELETE", "/rules/" + rule, Map.of("immediate", true));
            long deadline = System.nanoTime() + timeout * 1_000_000_000L;
            while (http.status("GET", "/rules/" + rule) != 404) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("rule " + rule + " still there " + timeout + " s after its removal");
                }
                Thread.sleep(200);
            }
            double total = seconds(start);
            context.log("remove that rule (judge-cleaner): %.1f s to release %,d locks", total, injected.locks());
            figures.add("remove the rule (judge-cleaner)", total, "s");
        }

        /** The container {@code container} of datasets {@code c/ds<d>} of files {@code c/<i>}, registered in chunks of 10,000. */
        void container(int datasets, int perDataset) throws Exception {
            long start = System.nanoTime();
            importFiles(http, source, scope, "c/", datasets * perDataset);
            List<Map<String, Object>> newDatasets = new ArrayList<>();
            for (int d = 0; d < datasets; d++) {
                newDatasets.add(Map.of("scope", scope, "name", "c/ds" + d, "type", "DATASET"));
            }
            for (int i = 0; i < newDatasets.size(); i += 10_000) {
                http.send("POST", "/dids", newDatasets.subList(i, Math.min(newDatasets.size(), i + 10_000)));
            }
            http.send("POST", "/dids/" + scope + "/container", Map.of("type", "CONTAINER"));
            attachFiles(datasets, perDataset);
            attachDatasets(datasets);
            context.log("set-up: container of %,d datasets (%,d files) in %.1f s", datasets, datasets * perDataset, seconds(start));
        }

        private void attachFiles(int datasets, int perDataset) throws Exception {
            List<Map<String, Object>> attachments = new ArrayList<>();
            for (int d = 0; d < datasets; d++) {
                List<Map<String, Object>> children = new ArrayList<>();
                for (int f = 0; f < perDataset; f++) {
                    children.add(Map.of("scope", scope, "name", "c/" + (d * perDataset + f)));
                }
                attachments.add(Map.of("scope", scope, "name", "c/ds" + d, "dids", children));
                if (attachments.size() * perDataset >= 10_000 || d == datasets - 1) {
                    http.send("POST", "/dids/attachments", Map.of("attachments", attachments));
                    attachments.clear();
                }
            }
        }

        private void attachDatasets(int datasets) throws Exception {
            List<Map<String, Object>> members = new ArrayList<>();
            for (int d = 0; d < datasets; d++) {
                members.add(Map.of("scope", scope, "name", "c/ds" + d));
                if (members.size() == 10_000 || d == datasets - 1) {
                    http.send("POST", "/dids/" + scope + "/container/dids", Map.of("dids", members));
                    members.clear();
                }
            }
        }

        /** A rule with grouping DATASET on the container, timed until its locks exist. */
        void ruleOnContainer(int datasets) throws Exception {
            long start = System.nanoTime();
            String containerRule = addRule(http, scope, "container", 1, expression, "DATASET");
            JsonNode done = awaitInjected(http, containerRule, timeout);
            double total = seconds(start);
            context.log("rule on a container of %,d datasets: %.1f s to %,d locks, each dataset on one RSE (state %s)",
                    datasets, total, done.path("locks_replicating_cnt").asLong(), done.path("state").asText());
            figures.add("rule on a container (grouping DATASET): to locks", total, "s");
        }
    }

    /** Runs this scenario alone: {@code ./laguna bench rules [options]}. */
    public static void main(String[] args) throws Exception {
        Bench.main(Bench.prepend("rules", args));
    }

    static void importFiles(BenchHttp http, String rse, String scope, String prefix, int count) throws Exception {
        int chunk = 100_000;
        for (int offset = 0; offset < count; offset += chunk) {
            StringBuilder body = new StringBuilder(chunk * 100);
            for (int i = offset; i < Math.min(count, offset + chunk); i++) {
                body.append("{\"scope\":\"").append(scope).append("\",\"name\":\"").append(prefix).append(i).append("\",\"bytes\":").append(10_000)
                        .append(",\"adler32\":\"").append(String.format(Locale.ROOT, "%08x", i))
                        .append("\",\"path\":\"").append(prefix).append(i).append("\"}\n");
            }
            http.sendText("POST", "/replicas/import?rse=" + rse, body.toString());
        }
    }

    static String addRule(BenchHttp http, String scope, String name, int copies, String expression, String grouping) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dids", List.of(Map.of("scope", scope, "name", name)));
        body.put("copies", copies);
        body.put("rse_expression", expression);
        body.put("grouping", grouping);
        return BenchHttp.JSON.readTree(http.send("POST", "/rules/", body)).get(0).asText();
    }

    private static JsonNode awaitInjected(BenchHttp http, String rule, int timeout) throws Exception {
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        while (true) {
            JsonNode state = BenchHttp.JSON.readTree(http.send("GET", "/rules/" + rule, null));
            if (!"INJECT".equals(state.path("state").asText())) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rule " + rule + " still INJECT after " + timeout + " s");
            }
            Thread.sleep(200);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
