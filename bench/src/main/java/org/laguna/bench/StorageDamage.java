package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Chaos part 4: N files replicated POSIX to POSIX under a rule, then 1 % of the copies (at least
 * one) deleted from the destination's storage and as many corrupted (overwritten with other bytes
 * of another size), behind the server's back. Nobody is told: the auditor (every 5 s here) finds
 * the lost and the altered copies, the replica-recoverer declares the suspicious ones bad, and the
 * judge-repairer copies them again from the source. Figures: damaged, detected (distinct copies
 * declared suspicious or bad), repaired (intact on storage again), and the time it took.
 */
final class StorageDamage {
    private final ChaosRig rig;

    StorageDamage(ChaosRig rig) {
        this.rig = rig;
    }

    void run() throws Exception {
        BenchContext context = rig.context();
        Path storage = context.directory("laguna-chaos-damage");
        ChaosFiles files = ChaosFiles.write(storage.resolve("source"), "run", rig.files(), rig.size());
        ChaosDatabase db = rig.database();
        Path home = rig.home(Map.of());
        Path destination = storage.resolve("destination");
        try (ServerProcess server = rig.server(home, db)) {
            BenchHttp http = server.login();
            rig.posixPair(http, files, storage.resolve("source"), destination, "chaos");
            String rule = RuleBenchmark.addRule(http, "chaos", "all", 1, "DEST", "DATASET");
            JsonNode state = rig.settle(http, rule);
            if (!state.path("state").asText().equals("OK")) {
                throw new IllegalStateException("the rule ended " + state.path("state").asText() + " before any damage");
            }
            int each = Math.max(1, files.count() / 100);
            List<Path> victims = victims(destination, 2 * each, new Random(context.intOption("seed", 12)));
            for (int i = 0; i < victims.size(); i++) {
                if (i < each) {
                    Files.delete(victims.get(i));
                } else {
                    Files.write(victims.get(i), ("corrupted " + i).getBytes(StandardCharsets.UTF_8));
                }
            }
            long damaged = System.nanoTime();
            context.log("deleted %,d and corrupted %,d copies on the destination", each, victims.size() - each);
            ChaosFiles.Check check = files.check(destination);
            while (!check.intact() || ChaosRig.locksNotOk(db, rule) > 0) {
                if (BenchContext.seconds(damaged) > rig.timeoutSeconds()) {
                    break;
                }
                Thread.sleep(1_000);
                check = files.check(destination);
            }
            double seconds = BenchContext.seconds(damaged);
            long detected = db.count("select count(*) from (select distinct b.scope, b.name from bad_replicas b join rses s "
                    + "on s.id = b.rse_id where s.rse = 'DEST') t");
            long repaired = victims.size() - check.missing() - check.wrong();
            context.log("storage after the repair: %s", check);
            rig.figure("4 damage: copies deleted on storage", each, "files");
            rig.figure("4 damage: copies corrupted on storage", victims.size() - each, "files");
            rig.figure("4 damage: detected (declared suspicious or bad)", detected, "files");
            rig.figure("4 damage: repaired (intact on storage again)", repaired, "files");
            rig.figure("4 damage: all detected and repaired after", seconds, "s");
            rig.require(detected >= victims.size() && check.intact(), "damage: every damaged copy detected (" + detected
                    + " of " + victims.size() + ") and repaired (" + check + ")");
        }
    }

    /** {@code count} distinct copies on storage, chosen at random. */
    private static List<Path> victims(Path destination, int count, Random random) throws Exception {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(destination)) {
            walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).forEach(all::add);
        }
        Collections.shuffle(all, random);
        return all.subList(0, Math.min(count, all.size()));
    }
}
