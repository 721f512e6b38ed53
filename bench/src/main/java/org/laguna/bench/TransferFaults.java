package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chaos part 3: N files replicated S3 to S3 (s3proxy in this JVM) through a {@link FailingProxy}
 * that answers 503 to 10 % ({@code --failure-rate}) of the storage requests, reads and writes
 * alike. Figures: whether the rule ends OK, the requests failed by the proxy, and attempts per file
 * (mean and max, from the finished transfers' history).
 */
final class TransferFaults {
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
        FailingProxy proxy = context.closeAtEnd(FailingProxy.start(s3.port(), rate, context.intOption("seed", 12)));
        ChaosDatabase db = rig.database();
        Map<String, String> settings = new HashMap<>(S3Server.keys(List.of("SOURCE", "DEST")));
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
            JsonNode state = rig.settle(http, rule);
            double seconds = BenchContext.seconds(start);
            ChaosFiles.Check check = files.check(storage.resolve("dst"));
            boolean ok = state.path("state").asText().equals("OK") && check.intact();
            double mean = db.number("select avg(retry_count + 1) from requests_history where state = 'DONE'");
            long max = db.count("select max(retry_count + 1) from requests_history where state = 'DONE'");
            long failedFiles = db.count("select count(distinct name) from requests_history where state = 'DONE' and retry_count > 0");
            context.log("storage after the failures: %s; rule %s", check, state.path("state").asText());
            rig.figure("3 failures: storage requests answered 503", proxy.failed(), "requests");
            rig.figure("3 failures: share of storage requests failed", 100.0 * proxy.failed() / Math.max(1, proxy.requests()), "%");
            rig.figure("3 failures: all rules OK, every copy verified (1 = yes)", ok ? 1 : 0, "");
            rig.figure("3 failures: files that needed more than one attempt", failedFiles, "files");
            rig.figure("3 failures: attempts per file, mean", mean, "attempts");
            rig.figure("3 failures: attempts per file, max", max, "attempts");
            rig.figure("3 failures: rule OK after", seconds, "s");
            rig.require(ok, "transfer failures: every rule OK with every copy intact (" + check + ")");
        }
    }
}
