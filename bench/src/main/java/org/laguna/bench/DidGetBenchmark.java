package org.laguna.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * <p>With {@code --auth jwt} the requests carry a JWT access token of an OIDC provider started
 * in the benchmark (mock-oauth2-server on loopback, trusted through {@code auth.oidc.*}) instead
 * of a Laguna token; {@code --auth both} measures both on the same server (after a round of each to
 * warm the server up) and reports their ratio. {@code --auth laguna} is the default.
 *
 * <p>Options: {@code --threads T} (default 32), {@code --requests R}, {@code --heap SIZE} (default 512m),
 * {@code --auth laguna|jwt|both}, {@code --as-user NAME} (the GETs are made by a new non-administrator account, see
 * {@link BenchContext#worker}).
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
        String auth = context.option("auth", "laguna");
        if (!List.of("laguna", "jwt", "both").contains(auth)) {
            throw new IllegalArgumentException("--auth must be laguna, jwt or both, got " + auth);
        }
        Optional<BenchIssuer> issuer = auth.equals("laguna") ? Optional.empty() : Optional.of(context.closeAtEnd(BenchIssuer.start()));
        Server server = context.server("512m", issuer.map(BenchIssuer::serverProperties).orElse(Map.of()));
        if (issuer.isPresent() && server instanceof Server.Remote) {
            throw new Scenario.Skipped("--auth " + auth + " needs a server started by the benchmark (it must trust the benchmark's issuer)");
        }
        BenchHttp http = server.login();
        String scope = context.scope();
        BenchHttp worker = context.worker(http, scope);
        List<Map<String, Object>> dids = new ArrayList<>();
        for (int i = 0; i < DIDS; i++) {
            dids.add(Map.of("scope", scope, "name", "ds." + i, "type", "DATASET"));
        }
        http.send("POST", "/dids", dids);

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String base = http.url() + "/dids/" + scope + "/ds.";
        if (issuer.isPresent()) {
            http.send("POST", "/accounts/" + context.option("account", "root") + "/identities", Map.of("identity", issuer.get().identity(),
                    "authtype", "OIDC", "email", "bench@example.org"));
        }
        String token = auth.equals("jwt") ? issuer.orElseThrow().token() : worker.token();
        if (!auth.equals("both")) {
            Figures figures = new Figures();
            measure(context, client, base, token, threads, requests, figures, "");
            return figures.addServer(server);
        }
        // both: a first round of each warms the server up (JIT, pools, caches) so neither kind gains from coming second
        String jwt = issuer.orElseThrow().token();
        measure(context, client, base, token, threads, requests, new Figures(), " (warm-up)");
        measure(context, client, base, jwt, threads, requests, new Figures(), " (JWT, warm-up)");
        Figures figures = new Figures();
        double lagunaRate = measure(context, client, base, token, threads, requests, figures, "");
        double jwtRate = measure(context, client, base, jwt, threads, requests, figures, " (JWT)");
        return figures.add("JWT / Laguna token throughput", 100 * jwtRate / lagunaRate, "%").addServer(server);
    }

    /** Warms up, then measures {@code requests} GETs with one token; adds rate and latencies to the figures, returns the rate. */
    private static double measure(BenchContext context, HttpClient client, String base, String token, int threads, int requests,
            Figures figures, String label) throws Exception {
        run(client, base, token, threads, 1_000, new long[1_000]);
        long[] latencies = new long[requests];
        long start = System.nanoTime();
        run(client, base, token, threads, requests, latencies);
        double seconds = BenchContext.seconds(start);
        Arrays.sort(latencies);
        context.log("%,d requests%s from %d threads in %.2f s", requests, label, threads, seconds);
        figures.add("GET /dids/{scope}/{name}" + label, requests / seconds, "requests/s")
                .add("latency p50" + label, latencies[requests / 2] / 1e6, "ms")
                .add("latency p99" + label, latencies[(int) Math.min(requests - 1L, (long) Math.ceil(requests * 0.99) - 1)] / 1e6, "ms");
        return requests / seconds;
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
