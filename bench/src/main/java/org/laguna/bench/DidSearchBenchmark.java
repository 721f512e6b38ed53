package org.laguna.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Scenario {@code search}: DID metadata search over N DIDs. Registers N datasets with metadata
 * through Rucio's bulk {@code POST /dids} (10,000 a request): {@code run_number} = i mod 1000,
 * {@code datatype} AOD or ESD by thousands, and a custom key {@code campaign} = c(i mod 100).
 * Then runs filtered {@code GET /dids/{scope}/dids/search} queries, one at a time, each answer
 * streamed and its hits checked against what was registered:
 * <ul>
 *   <li>two indexed columns: {@code run_number=K&datatype=AOD} (about N/2000 hits);
 *   <li>a custom (JSON) metadata key: {@code campaign=cK} (about N/100 hits);
 *   <li>a name pattern: {@code name=ds.K*}.
 * </ul>
 * Figures: registration DIDs/s and queries/s for each kind.
 *
 * <p>Options: {@code --queries Q} per kind (default 50), {@code --heap SIZE} (default 512m).
 */
public final class DidSearchBenchmark implements Scenario {
    @Override
    public boolean lagunaOnly() {
        return false;
    }

    @Override
    public Figures run(BenchContext context) throws Exception {
        int count = context.files();
        int queries = context.intOption("queries", 50);
        Server server = context.server("512m");
        BenchHttp http = server.login();
        String scope = context.scope();
        http.send("POST", "/accounts/" + context.option("account", "root") + "/scopes/" + scope, Map.of());

        long start = System.nanoTime();
        for (int offset = 0; offset < count; offset += 10_000) {
            List<Map<String, Object>> dids = new ArrayList<>();
            for (int i = offset; i < Math.min(count, offset + 10_000); i++) {
                Map<String, Object> did = new LinkedHashMap<>();
                did.put("scope", scope);
                did.put("name", "ds." + i);
                did.put("type", "DATASET");
                did.put("meta", Map.of("run_number", i % 1000, "datatype", datatype(i), "campaign", "c" + (i % 100)));
                dids.add(did);
            }
            http.send("POST", "/dids", dids);
        }
        double registerSeconds = BenchContext.seconds(start);
        context.log("registered %,d datasets with metadata in %.1f s", count, registerSeconds);
        Figures figures = new Figures().add("register DIDs with metadata (POST /dids)", count / registerSeconds, "DIDs/s");

        String base = "/dids/" + scope + "/dids/search?type=dataset&";
        figures.add("search run_number=K&datatype=AOD", measure(context, http, queries, "columns",
                k -> base + "run_number=" + (k % 1000) + "&datatype=AOD",
                k -> i -> i % 1000 == k % 1000 && datatype(i).equals("AOD"), count), "queries/s");
        figures.add("search campaign=cK (custom key)", measure(context, http, queries, "custom key",
                k -> base + "campaign=c" + (k % 100),
                k -> i -> i % 100 == k % 100, count), "queries/s");
        figures.add("search name=ds.K*", measure(context, http, queries, "name pattern",
                k -> base + "name=" + URLEncoder.encode("ds." + (k * 7 % Math.max(1, count / 100)) + "*", StandardCharsets.UTF_8),
                k -> i -> Integer.toString(i).startsWith(Integer.toString(k * 7 % Math.max(1, count / 100))), count), "queries/s");
        return figures.addServer(server);
    }

    private interface Query {
        String path(int k);
    }

    private interface Expected {
        IntPredicate hits(int k);
    }

    private static double measure(BenchContext context, BenchHttp http, int queries, String kind, Query query, Expected expected, int count)
            throws Exception {
        long[] wanted = new long[queries];
        for (int k = 0; k < queries; k++) {
            IntPredicate matches = expected.hits(k);
            for (int i = 0; i < count; i++) {
                if (matches.test(i)) {
                    wanted[k]++;
                }
            }
        }
        long[] found = new long[queries];
        long start = System.nanoTime();
        for (int k = 0; k < queries; k++) {
            found[k] = http.countStreamed("GET", query.path(k), null, null, null);
        }
        double seconds = BenchContext.seconds(start);
        long hits = 0;
        for (int k = 0; k < queries; k++) {
            if (found[k] != wanted[k]) {
                throw new IllegalStateException(query.path(k) + " found " + found[k] + " DIDs, expected " + wanted[k]);
            }
            hits += found[k];
        }
        context.log("%s: %d queries in %.2f s, %,.1f hits a query", kind, queries, seconds, (double) hits / queries);
        return queries / seconds;
    }

    private static String datatype(int i) {
        return (i / 1000) % 2 == 0 ? "AOD" : "ESD";
    }
}
