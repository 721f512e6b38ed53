package org.laguna.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Scenario {@code did-get}: authenticated {@code GET /dids/{scope}/{name}} under concurrent load.
 * Registers 1,000 datasets, then {@code --threads} client threads (default 32, one shared
 * {@code java.net.http} client, HTTP/1.1 keep-alive) each send requests with the same token for
 * DIDs chosen in turn, until R requests are done (R = N bounded to 2,000..200,000; after 1,000
 * requests of warm-up). Every answer must be 200. Figures: requests/s, p50 and p99 latency.
 *
 * <p>Options: {@code --threads T} (default 32), {@code --requests R}, {@code --heap SIZE} (default 512m).
 */
public final class DidGetBenchmark implements Scenario {
    private static final int DIDS = 1_000;

    @Override
    public boolean lagunaOnly() {
        return false;
    }

    @Override
    public Figures run(BenchContext context) throws Exception {
        int threads = context.intOption("threads", 32);
        int requests = context.intOption("requests", Math.clamp(context.files(), 2_000, 200_000));
        Server server = context.server("512m");
        BenchHttp http = server.login();
        String scope = context.scope();
        http.send("POST", "/accounts/" + context.option("account", "root") + "/scopes/" + scope, Map.of());
        List<Map<String, Object>> dids = new ArrayList<>();
        for (int i = 0; i < DIDS; i++) {
            dids.add(Map.of("scope", scope, "name", "ds." + i, "type", "DATASET"));
        }
        http.send("POST", "/dids", dids);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = http.url() + "/dids/" + scope + "/ds.";
        String token = http.token();
        run(client, base, token, threads, 1_000, new long[1_000]);
        long[] latencies = new long[requests];
        long start = System.nanoTime();
        run(client, base, token, threads, requests, latencies);
        double seconds = BenchContext.seconds(start);
        Arrays.sort(latencies);
        context.log("%,d requests from %d threads in %.2f s", requests, threads, seconds);
        return new Figures()
                .add("GET /dids/{scope}/{name}", requests / seconds, "requests/s")
                .add("latency p50", latencies[requests / 2] / 1e6, "ms")
                .add("latency p99", latencies[(int) Math.min(requests - 1L, (long) Math.ceil(requests * 0.99) - 1)] / 1e6, "ms")
                .addServer(server);
    }

    /** Sends {@code count} requests from {@code threads} threads, writing each one's latency (ns) into {@code latencies}. */
    private static void run(HttpClient client, String base, String token, int threads, int count, long[] latencies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < count) {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(base + (i % DIDS)))
                                .header("X-Rucio-Auth-Token", token).GET().build();
                        long sent = System.nanoTime();
                        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        latencies[i] = System.nanoTime() - sent;
                        if (response.statusCode() != 200) {
                            throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
    }
}
