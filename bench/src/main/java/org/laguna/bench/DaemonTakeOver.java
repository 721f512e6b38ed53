package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Chaos part 2: one API process ({@code laguna server --no-daemons}) and two {@code laguna daemon}
 * processes on one external PostgreSQL; while they replicate N files, one daemon process is killed
 * with {@code kill -9}. Figures: when the survivor started taking over the dead process's transfers
 * (its engine's SUBMITTED requests), when that share was finished, when the rule was OK, and the
 * heartbeat timeout the take-over must start within.
 */
final class DaemonTakeOver {
    /** Every daemon, the conveyor as one loop. */
    static final List<String> DAEMONS = List.of("conveyor", "judge-evaluator", "judge-injector", "judge-repairer", "judge-cleaner",
            "replica-recoverer", "reaper", "undertaker", "token-cleaner", "auditor");

    private final ChaosRig rig;

    DaemonTakeOver(ChaosRig rig) {
        this.rig = rig;
    }

    void run() throws Exception {
        BenchContext context = rig.context();
        Path storage = context.directory("laguna-chaos-daemons");
        ChaosFiles files = ChaosFiles.write(storage.resolve("source"), "run", rig.files(), rig.size());
        ChaosDatabase db = rig.database();
        Path home = rig.home(Map.of());
        try (ServerProcess api = rig.server(home, db, "--no-daemons")) {
            BenchHttp http = api.login();
            rig.posixPair(http, files, storage.resolve("source"), storage.resolve("destination"), "chaos");
            ServerProcess victim = context.closeAtEnd(ServerProcess.daemon(home, "512m", DAEMONS, db.url()));
            context.closeAtEnd(ServerProcess.daemon(home, "512m", DAEMONS, db.url()));
            String rule = RuleBenchmark.addRule(http, "chaos", "all", 1, "DEST", "DATASET");
            String engine = awaitEngineAtWork(db, victim.pid());
            victim.kill();
            long killed = System.nanoTime();
            double killedAt = System.currentTimeMillis() / 1000.0;
            long inFlight = submitted(db, engine);
            double expired = db.number("select extract(epoch from updated_at) from heartbeats where daemon = 'transfer-engine' "
                    + "and payload = ?", engine) + rig.heartbeatTimeout().toMillis() / 1000.0 - killedAt;
            context.log("killed daemon process %d with %,d transfers of its engine %s in flight", victim.pid(), inFlight, engine);
            double takeOver = -1;
            double shareDone = -1;
            while (shareDone < 0) {
                long left = submitted(db, engine);
                if (takeOver < 0 && (left < inFlight)) {
                    takeOver = BenchContext.seconds(killed);
                }
                if (left == 0) {
                    shareDone = BenchContext.seconds(killed);
                }
                if (BenchContext.seconds(killed) > rig.timeoutSeconds()) {
                    throw new IllegalStateException(left + " transfers of the dead engine still not taken over");
                }
                Thread.sleep(50);
            }
            JsonNode state = rig.settle(http, rule);
            rig.figure("2 daemon kill: dead engine's heartbeat expired after the kill", expired, "s");
            report(db, files, storage.resolve("destination"), state, inFlight, new double[] {expired, takeOver, shareDone},
                    BenchContext.seconds(killed));
        }
    }

    /** The engine id of the daemon process {@code pid}, once its engine holds submitted transfers. */
    private String awaitEngineAtWork(ChaosDatabase db, long pid) throws Exception {
        long deadline = System.nanoTime() + rig.timeoutSeconds() * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            String engine = db.text("select payload from heartbeats where daemon = 'transfer-engine' and pid = ?", pid);
            if (engine != null && submitted(db, engine) > 0) {
                return engine;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the daemon process " + pid + " never copied a file");
    }

    private static long submitted(ChaosDatabase db, String engine) throws Exception {
        return db.count("select count(*) from requests where external_host = ? and state = 'SUBMITTED'", engine);
    }

    /**
     * The take-over cannot start before the dead engine's heartbeat has expired, which is up to one
     * heartbeat timeout after the kill (less by the age of its last beat); the requirement is that it
     * starts within one heartbeat timeout of that moment, so that no transfer waits for long-period
     * staleness. {@code times} are, in seconds after the kill: heartbeat expired, take-over started,
     * dead share finished.
     */
    private void report(ChaosDatabase db, ChaosFiles files, Path destination, JsonNode state, long inFlight, double[] times,
                        double ruleOk) throws Exception {
        double expired = times[0];
        double takeOver = times[1];
        double shareDone = times[2];
        ChaosFiles.Check check = files.check(destination);
        long lost = Math.max(ChaosRig.unavailable(db, "DEST", files.count()), check.missing() + check.wrong());
        long duplicated = check.duplicated() + ChaosRig.sharedPaths(db, "DEST");
        double timeout = rig.heartbeatTimeout().toMillis() / 1000.0;
        rig.context().log("storage after the take-over: %s; rule %s", check, state.path("state").asText());
        rig.figure("2 daemon kill: transfers in flight in the dead process", inFlight, "files");
        rig.figure("2 daemon kill: take-over started after the kill", takeOver, "s");
        rig.figure("2 daemon kill: take-over started after the heartbeat expired", Math.max(0, takeOver - expired), "s");
        rig.figure("2 daemon kill: daemon.heartbeat-timeout", timeout, "s");
        rig.figure("2 daemon kill: dead process's share finished after", shareDone, "s");
        rig.figure("2 daemon kill: all rules OK after the kill", ruleOk, "s");
        rig.figure("2 daemon kill: files lost", lost, "files");
        rig.figure("2 daemon kill: files duplicated", duplicated, "files");
        rig.require(takeOver - expired <= timeout, "daemon kill: take-over within one heartbeat timeout of the heartbeat's expiry ("
                + ChaosRig.seconds(takeOver - expired) + " > " + ChaosRig.seconds(timeout) + ")");
        rig.require(lost == 0 && duplicated == 0 && state.path("state").asText().equals("OK"),
                "daemon kill: rule OK, nothing lost (" + lost + ") or duplicated (" + duplicated + ")");
    }
}
