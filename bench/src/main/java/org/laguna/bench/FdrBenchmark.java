package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Scenario {@code fdr}: an FDR-sized run (a full data-replication exercise), everything in one
 * server JVM with all its daemons. 10 POSIX RSEs: one non-deterministic source holding N files
 * of {@code --size} bytes (written by the benchmark, registered through
 * {@code POST /replicas/import}), and 9 deterministic disks. The files are grouped in datasets of
 * {@code --files-per-dataset}; each dataset gets a rule for 2 copies on the 9 disks, so the
 * conveyor makes 2N verified copies. Figures: the set-up time, the seconds from the first rule
 * to all rules OK, copies/s, the wall time of the whole scenario (server start included) and the
 * server's peak RSS and heap. Laguna-only.
 *
 * <p>Options: {@code --size BYTES} (default 1,024), {@code --files-per-dataset F} (default
 * 1,000), {@code --heap SIZE} (default 1g), {@code --timeout SECONDS} (default 7,200).
 */
public final class FdrBenchmark implements Scenario {
    private static final int DISKS = 9;

    @Override
    public Figures run(BenchContext context) throws Exception {
        long wall = System.nanoTime();
        int files = context.files();
        int size = context.intOption("size", 1_024);
        int perDataset = Math.min(files, context.intOption("files-per-dataset", 1_000));
        int datasets = (files + perDataset - 1) / perDataset;
        int timeout = context.intOption("timeout", 7_200);
        Path storage = context.directory("laguna-bench-fdr");
        String scope = context.scope();

        Server server = context.server("1g");
        BenchHttp http = server.login();
        String source = context.rse("FDR_RAW");
        createRses(context, http, storage, source);
        http.send("POST", "/accounts/root/scopes/" + scope, Map.of());

        long start = System.nanoTime();
        registerDatasets(http, storage, source, scope, files, perDataset, size);
        double setup = BenchContext.seconds(start);
        context.log("set-up: %,d files of %,d bytes in %,d datasets written and registered in %.1f s", files, size, datasets, setup);

        start = System.nanoTime();
        replicate(context, http, scope, datasets, timeout);
        double replicate = BenchContext.seconds(start);
        long copies = copiesOnDisks(storage);
        if (copies != 2L * files) {
            throw new IllegalStateException("found " + copies + " copies on the disks, expected " + 2L * files);
        }
        context.log("%,d rules OK with %,d copies in %.1f s", datasets, copies, replicate);
        return new Figures()
                .add("set-up (write + register the files)", setup, "s")
                .add("rules for 2 copies: all OK after", replicate, "s")
                .add("copies", copies / replicate, "files/s")
                .add("wall time (server start to all OK)", BenchContext.seconds(wall), "s")
                .addServer(server);
    }

    /** The raw RSE and the disks, which carry an attribute unique to this run. */
    private static void createRses(BenchContext context, BenchHttp http, Path storage, String source) throws Exception {
        ReplicaBulkBenchmark.createPosixRse(http, source, storage.resolve("raw"), false);
        for (int d = 0; d < DISKS; d++) {
            String disk = context.rse("FDR_DISK" + d);
            ReplicaBulkBenchmark.createPosixRse(http, disk, storage.resolve("disk" + d), true);
            http.send("POST", "/rses/" + disk + "/attr/bench_run", Map.of("value", context.tag()));
        }
    }

    /** Writes the files onto the raw RSE and registers them, in datasets {@code ds<d>} of files {@code d<d>/f<i>}. */
    private static void registerDatasets(BenchHttp http, Path storage, String source, String scope, int files, int perDataset, int size)
            throws Exception {
        int datasets = (files + perDataset - 1) / perDataset;
        for (int d = 0; d < datasets; d++) {
            int count = Math.min(perDataset, files - d * perDataset);
            String prefix = "d" + d + "/f";
            http.sendText("POST", "/replicas/import?rse=" + source,
                    ReplicationBenchmark.writeFiles(storage.resolve("raw"), scope, prefix, count, size));
            http.send("POST", "/dids/" + scope + "/ds" + d, Map.of("type", "DATASET"));
            ReplicaBulkBenchmark.attach(http, scope, "ds" + d, prefix, count, 10_000);
        }
    }

    /** A rule for 2 copies on the disks per dataset, and waits until every rule is OK. */
    private static void replicate(BenchContext context, BenchHttp http, String scope, int datasets, int timeout) throws Exception {
        List<String> rules = new ArrayList<>();
        for (int d = 0; d < datasets; d++) {
            rules.add(RuleBenchmark.addRule(http, scope, "ds" + d, 2, "bench_run=" + context.tag(), "DATASET"));
        }
        for (String rule : rules) {
            JsonNode state = ReplicationBenchmark.awaitSettled(http, rule, timeout);
            if (!state.path("state").asText().equals("OK")) {
                throw new IllegalStateException("rule " + rule + " ended " + state.path("state").asText() + ": " + state);
            }
        }
    }

    /** The files on all disks. */
    private static long copiesOnDisks(Path storage) throws IOException {
        long copies = 0;
        for (int d = 0; d < DISKS; d++) {
            Path disk = storage.resolve("disk" + d);
            if (Files.isDirectory(disk)) {
                try (var walk = Files.walk(disk)) {
                    copies += walk.filter(Files::isRegularFile).count();
                }
            }
        }
        return copies;
    }
}
