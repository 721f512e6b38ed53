package org.laguna.bench;

import java.util.List;

/**
 * Scenario {@code chaos}: the reliability suite, on loopback, each part on a fresh database of an
 * external PostgreSQL (the machine's at 127.0.0.1:5432 as {@code postgres}, or
 * {@code --chaos-database JDBC} naming an administrative database; each database is dropped after
 * the run):
 *
 * <ol>
 *   <li>{@link ServerKills}: {@code kill -9} of the server during an N-file replication;</li>
 *   <li>{@link DaemonTakeOver}: two {@code laguna daemon} processes and an API process, one daemon killed;</li>
 *   <li>{@link TransferFaults}: 10 % of the storage requests answered 503;</li>
 *   <li>{@link StorageDamage}: copies deleted and corrupted on storage, found and repaired by the daemons;</li>
 *   <li>and 6. {@link ApiChaos}: a REST fuzz over every route and the authorization matrix.</li>
 * </ol>
 *
 * The scenario fails (its figures are still shown) unless nothing was lost or duplicated, no
 * answer was 5xx, the matrix had no mismatch and the take-over started within one heartbeat
 * timeout. Options: {@code --parts 1,2,3,4,5} (default all; 5 runs the fuzz and the matrix),
 * {@code --size BYTES} (4,096), {@code --kills N} (3), {@code --heartbeat-timeout S} (10),
 * {@code --failure-rate R} (0.10), {@code --fuzz-requests N} (max(N, 5,000)), {@code --seed N},
 * {@code --timeout S} (3,600 per wait).
 */
public final class ChaosBenchmark implements Scenario {
    static final String DEFAULT_DATABASE = "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres";

    @Override
    public Figures run(BenchContext context) throws Exception {
        String admin = context.option("chaos-database", DEFAULT_DATABASE);
        if (!ChaosDatabase.reachable(admin)) {
            throw new Skipped("needs an external PostgreSQL where it may create databases: " + admin + " does not answer");
        }
        ChaosRig rig = new ChaosRig(context, admin);
        List<String> parts = List.of(context.option("parts", "1,2,3,4,5").split(","));
        for (String part : parts) {
            long start = System.nanoTime();
            context.log("-- part %s", part.strip());
            switch (part.strip()) {
                case "1" -> new ServerKills(rig).run();
                case "2" -> new DaemonTakeOver(rig).run();
                case "3" -> new TransferFaults(rig).run();
                case "4" -> new StorageDamage(rig).run();
                case "5", "6" -> new ApiChaos(rig).run();
                default -> throw new IllegalArgumentException("--parts takes 1 to 6, got " + part);
            }
            context.log("-- part %s took %.1f s", part.strip(), BenchContext.seconds(start));
        }
        if (!rig.failures().isEmpty()) {
            throw new Failed("not met: " + String.join("; ", rig.failures()), rig.figures());
        }
        return rig.figures();
    }

    /** Runs this scenario alone: {@code ./laguna bench chaos [options]}. */
    public static void main(String[] args) throws Exception {
        Bench.main(Bench.prepend("chaos", args));
    }
}
