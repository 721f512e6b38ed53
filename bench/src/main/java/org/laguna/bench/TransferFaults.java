package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chaos part 3: N files replicated S3 to S3 (s3proxy in this JVM) through a {@link FailingProxy}
 * that answers 503 for 10 % ({@code --failure-rate}) of the storage objects, reads and writes
 * alike, during 3 s ({@code --failure-window-ms}; 0: 10 % of the requests) from their first request:
 * long enough for the S3 client's own retries to fail too, so that the transfer attempts fail. Figures: whether the rule ends OK, the requests failed by the proxy, and attempts per file
 * (mean and max, from the finished transfers' history).
 */
final class TransferFaults {
    private static final int MAX_ATTEMPTS = 12;
    /** Copies at once on the one link (and in all), {@code --link-limit}: the default 16 of the server is too few here. */
    private static final int LINK_LIMIT = 128;

    private final ChaosRig rig;

    TransferFaults(ChaosRig rig) {
        this.rig = rig;
    }

    void run() throws Exception {
        BenchContext context = rig.context();
        double rate = Double.parseDouble(context.option("failure-rate", "0.10"));
        Path storage = context.directory("laguna-chaos-s3");
        ChaosFiles files = ChaosFiles.write(storage.resolve("src"), "run", rig.files(), rig.size());
        S3Server s3 = context.closeAtEnd(S3Server.start(storage, List.of("src", "dst")));
        Duration window = Duration.ofMillis(context.intOption("failure-window-ms", 3_000));
        FailingProxy proxy = context.closeAtEnd(FailingProxy.start(s3.port(), rate, window, context.intOption("seed", 12)));
        ChaosDatabase db = rig.database();
        Map<String, String> settings = new HashMap<>(S3Server.keys(List.of("SOURCE", "DEST")));
        settings.put("transfer.max-attempts", Integer.toString(MAX_ATTEMPTS));
        // a copy of a failing object holds its slot while the S3 client retries the 503s with back-off (seconds), so with the
        // default 16 copies per link a fifth of the files, failing, would take most of the slots and the others would wait
        String copies = Integer.toString(context.intOption("link-limit", LINK_LIMIT));
        settings.put("transfer.builtin.link-limit", copies);
        settings.put("transfer.builtin.threads", copies);
        Path home = rig.home(settings);
        try (ServerProcess server = rig.server(home, db)) {
            BenchHttp http = server.login();
            http.send("POST", "/rses/SOURCE", Map.of("deterministic", false));
            http.send("POST", "/rses/SOURCE/protocols/s3", s3.protocol("src", proxy.port()));
            http.send("POST", "/rses/DEST", Map.of());
            http.send("POST", "/rses/DEST/protocols/s3", s3.protocol("dst", proxy.port()));
            rig.catalogue(http, files, "SOURCE", "chaos");
            long start = System.nanoTime();
            String rule = RuleBenchmark.addRule(http, "chaos", "all", 1, "DEST", "DATASET");
            Map<String, Integer> retries = new HashMap<>();
            JsonNode state = settle(http, db, rule, retries);
            double seconds = BenchContext.seconds(start);
            ChaosFiles.Check check = files.check(storage.resolve("dst"));
            boolean ok = state.path("state").asText().equals("OK") && check.intact();
            double mean = (files.count() + retries.values().stream().mapToLong(Integer::longValue).sum()) / (double) files.count();
            long max = 1 + retries.values().stream().mapToLong(Integer::longValue).max().orElse(0);
            long failedFiles = retries.size();
            context.log("storage after the failures: %s; rule %s", check, state.path("state").asText());
            rig.figure("3 failures: storage requests answered 503", proxy.failed(), "requests");
            rig.figure("3 failures: storage objects made to fail", proxy.failedObjects(), "objects");
            rig.figure("3 failures: share of storage requests failed", 100.0 * proxy.failed() / Math.max(1, proxy.requests()), "%");
            rig.figure("3 failures: all rules OK, every copy verified (1 = yes)", ok ? 1 : 0, "");
            rig.figure("3 failures: files that needed more than one attempt", failedFiles, "files");
            rig.figure("3 failures: attempts per file, mean", mean, "attempts");
            rig.figure("3 failures: attempts per file, max", max, "attempts");
            rig.figure("3 failures: rule OK after", seconds, "s");
            rig.require(max < MAX_ATTEMPTS, "transfer failures: no file used all its attempts (" + max + ")");
            rig.require(ok, "transfer failures: every rule OK with every copy intact (" + check + ")");
        }
    }

    /**
     * Waits for the rule to settle while noting each request's failed attempts ({@code retry_count}, which the
     * transfer history does not keep), polled often enough to see each one before the 1 s pause ends.
     */
    private JsonNode settle(BenchHttp http, ChaosDatabase db, String rule, Map<String, Integer> retries) throws Exception {
        long deadline = System.nanoTime() + rig.timeoutSeconds() * 1_000_000_000L;
        while (true) {
            db.forEach("select name, retry_count from requests where retry_count > 0", (name, count) -> retries.merge(name, count, Math::max));
            JsonNode state = BenchHttp.JSON.readTree(http.send("GET", "/rules/" + rule, null));
            String s = state.path("state").asText();
            if (s.equals("OK") || s.equals("STUCK") || System.nanoTime() > deadline) {
                return state;
            }
            Thread.sleep(200);
        }
    }
}
