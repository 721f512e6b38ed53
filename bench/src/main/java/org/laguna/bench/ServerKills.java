package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/**
 * Chaos part 1: {@code kill -9} of the {@code laguna server} process at random moments of an
 * N-file POSIX replication, each time restarted on the same home and database. After the last
 * restart: files lost (in the catalogue or on storage), files duplicated (two copies or two
 * replicas with one path on the destination), locks stuck, and the time to the rule being OK.
 */
final class ServerKills {
    private final ChaosRig rig;

    ServerKills(ChaosRig rig) {
        this.rig = rig;
    }

    void run() throws Exception {
        BenchContext context = rig.context();
        int kills = context.intOption("kills", 3);
        Path storage = context.directory("laguna-chaos-kill");
        ChaosFiles files = ChaosFiles.write(storage.resolve("source"), "run", rig.files(), rig.size());
        ChaosDatabase db = rig.database();
        Path home = rig.home(Map.of());
        ServerProcess server = rig.server(home, db);
        try {
            BenchHttp http = server.login();
            rig.posixPair(http, files, storage.resolve("source"), storage.resolve("destination"), "chaos");
            String rule = RuleBenchmark.addRule(http, "chaos", "all", 1, "DEST", "DATASET");
            double[] moments = moments(kills, new Random(context.intOption("seed", 12)));
            context.log("killing the server at %s of the copies done", Arrays.toString(moments));
            int done = 0;
            for (double moment : moments) {
                if (!awaitProgress(db, rule, files.count(), moment)) {
                    break;
                }
                server.kill();
                done++;
                server = rig.server(home, db);
            }
            long restarted = System.nanoTime();
            JsonNode state = rig.settle(server.login(), rule);
            double recovery = BenchContext.seconds(restarted);
            report(db, files, storage.resolve("destination"), state, done, recovery);
        } finally {
            server.close();
        }
    }

    /** {@code kills} fractions of the work, sorted, between 5 % and 90 %. */
    private static double[] moments(int kills, Random random) {
        double[] moments = new double[kills];
        for (int i = 0; i < kills; i++) {
            moments[i] = Math.round((0.05 + random.nextDouble() * 0.85) * 100) / 100.0;
        }
        Arrays.sort(moments);
        return moments;
    }

    /** Waits until that fraction of the rule's locks is OK; false when the rule finished first. */
    private boolean awaitProgress(ChaosDatabase db, String rule, int files, double fraction) throws Exception {
        long deadline = System.nanoTime() + rig.timeoutSeconds() * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            long notOk = ChaosRig.locksNotOk(db, rule);
            long total = db.count("select count(*) from locks where rule_id = ?::uuid", rule);
            if (total == files && notOk == 0) {
                return false;
            }
            if (total == files && files - notOk >= fraction * files) {
                return true;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the replication made no progress in " + rig.timeoutSeconds() + " s");
    }

    private void report(ChaosDatabase db, ChaosFiles files, Path destination, JsonNode state, int kills, double recovery)
            throws Exception {
        ChaosFiles.Check check = files.check(destination);
        long lostInCatalogue = ChaosRig.unavailable(db, "DEST", files.count());
        long lost = Math.max(lostInCatalogue, check.missing() + check.wrong());
        long duplicated = check.duplicated() + ChaosRig.sharedPaths(db, "DEST");
        long stuck = ChaosRig.locksStuck(db);
        rig.context().log("storage after the kills: %s; rule %s", check, state.path("state").asText());
        rig.figure("1 kill -9: server kills", kills, "kills");
        rig.figure("1 kill -9: files lost", lost, "files");
        rig.figure("1 kill -9: files duplicated", duplicated, "files");
        rig.figure("1 kill -9: part files left", check.partFiles(), "files");
        rig.figure("1 kill -9: locks stuck", stuck, "locks");
        rig.figure("1 kill -9: all rules OK after last restart", recovery, "s");
        rig.require(lost == 0, "kill -9: no file lost (" + lost + ")");
        rig.require(duplicated == 0, "kill -9: no file duplicated (" + duplicated + ")");
        rig.require(stuck == 0 && state.path("state").asText().equals("OK"), "kill -9: every rule OK, no lock stuck (" + stuck + ")");
    }
}
