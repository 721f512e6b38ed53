package org.laguna.bench;

import java.util.List;
import java.util.Map;

/**
 * Scenario {@code list}: list_replicas over an N-file dataset. Set-up through Rucio's API
 * ({@code POST /replicas}, then attach to a dataset); then the dataset's replicas are listed with
 * {@code POST /replicas/list}, once as NDJSON and once as Metalink (what {@code rucio download}
 * asks for), each streamed and counted as it arrives. Figures: files/s for each form and the
 * server's peak heap (default {@code -Xmx256m}: the listing must stream, not collect).
 *
 * <p>Options: {@code --heap SIZE} (default 256m).
 */
public final class ListReplicasBenchmark implements Scenario {
    @Override
    public boolean lagunaOnly() {
        return false;
    }

    @Override
    public Figures run(BenchContext context) throws Exception {
        int files = context.files();
        Server server = context.server("256m");
        BenchHttp http = server.login();
        String rse = context.rse("LIST_DISK");
        String scope = context.scope();
        ReplicaBulkBenchmark.createPosixRse(http, rse, context.directory("laguna-bench-rse"), true);
        http.send("POST", "/accounts/" + context.option("account", "root") + "/scopes/" + scope, Map.of());
        http.send("POST", "/dids/" + scope + "/dataset", Map.of("type", "DATASET"));
        long start = System.nanoTime();
        ReplicaBulkBenchmark.registerReplicas(http, rse, scope, "file.", files, 10_000);
        ReplicaBulkBenchmark.attach(http, scope, "dataset", "file.", files, 10_000);
        context.log("set-up: %,d replicas registered and attached in %.1f s", files, BenchContext.seconds(start));

        Map<String, Object> request = Map.of("dids", List.of(Map.of("scope", scope, "name", "dataset")), "all_states", false);
        Figures figures = new Figures();
        start = System.nanoTime();
        long listed = http.countStreamed("POST", "/replicas/list", request, "application/x-json-stream", null);
        double seconds = BenchContext.seconds(start);
        check(listed, files, "NDJSON");
        figures.add("list_replicas, NDJSON", listed / seconds, "files/s");
        context.log("NDJSON: %,d files in %.2f s", listed, seconds);

        start = System.nanoTime();
        listed = http.countStreamed("POST", "/replicas/list", request, "application/metalink4+xml", "<file ");
        seconds = BenchContext.seconds(start);
        check(listed, files, "Metalink");
        figures.add("list_replicas, Metalink", listed / seconds, "files/s");
        context.log("Metalink: %,d files in %.2f s", listed, seconds);
        return figures.addServer(server);
    }

    private static void check(long listed, int files, String form) {
        if (listed != files) {
            throw new IllegalStateException(form + " listed " + listed + " files, expected " + files);
        }
    }
}
