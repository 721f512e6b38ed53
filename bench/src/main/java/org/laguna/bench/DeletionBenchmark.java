package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Scenario {@code deletion}: end-to-end deletion from a POSIX RSE. N real files are written and
 * registered, attached to a dataset and protected by a rule; the rule is removed, which gives every
 * replica a tombstone; then the RSE is switched to greedy deletion and the server's reaper (its own
 * JVM, all daemons, {@code daemon.sleep=PT0.2S}) deletes the files from disk and the replicas from
 * the catalogue. Figures: replicas/s and seconds from switching greedy deletion on until the RSE's
 * usage counter (source rucio) shows no file, the seconds to add the rule and remove it, the files
 * left on disk (0 expected, else the scenario fails) and the server's memory. Laguna-only: the
 * server must see the benchmark's directory and run with a short daemon interval.
 *
 * <p>Options: {@code --size BYTES} (default 1,024), {@code --heap SIZE} (server -Xmx, default
 * 512m), {@code --timeout S} bound of each wait (default 3,600).
 */
public final class DeletionBenchmark implements Scenario {
    @Override
    public Figures run(BenchContext context) throws Exception {
        int files = context.files();
        int size = context.intOption("size", 1024);
        int timeout = context.intOption("timeout", 3600);
        Path storage = context.directory("laguna-bench-storage");
        String scope = context.scope();
        String manifest = writeFiles(context, storage, scope, files, size);

        Server server = context.server("512m", Map.of("daemon.sleep", "PT0.2S"));
        BenchHttp http = server.login();
        String rse = context.rse("POSIX_DISK");
        ReplicaBulkBenchmark.createPosixRse(http, rse, storage, false);
        http.send("POST", "/accounts/root/scopes/" + scope, Map.of());
        importManifest(http, rse, manifest);
        http.send("POST", "/dids/" + scope + "/run", Map.of("type", "DATASET"));
        ReplicaBulkBenchmark.attach(http, scope, "run", "f", files, 10_000);

        double ruleSeconds = protectAndRelease(http, scope, rse, timeout);
        context.log("rule added and removed, %,d replicas with tombstones in %.1f s", files, ruleSeconds);

        double seconds = deleteGreedily(http, rse, files, timeout);
        long onDisk = filesIn(storage);
        context.log("reaper (greedy): %,d replicas deleted from disk and catalogue in %.1f s, %,d files left on disk",
                files, seconds, onDisk);
        if (onDisk != 0) {
            throw new IllegalStateException(onDisk + " files left on disk after the catalogue showed none");
        }
        return new Figures()
                .add("delete (reaper, greedy)", files / seconds, "replicas/s")
                .add("all replicas deleted after", seconds, "s")
                .add("rule added and removed in", ruleSeconds, "s")
                .add("files left on disk", onDisk, "files")
                .addServer(server);
    }

    /** Writes the files under {@code run/<i % 100>/f<i>}; the import manifest (NDJSON) that registers them. */
    private static String writeFiles(BenchContext context, Path storage, String scope, int files, int size) throws IOException {
        long start = System.nanoTime();
        byte[] content = new byte[size];
        StringBuilder manifest = new StringBuilder(files * 80);
        for (int i = 0; i < files; i++) {
            Path file = storage.resolve("run/" + (i % 100) + "/f" + i);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            manifest.append("{\"scope\":\"").append(scope).append("\",\"name\":\"f").append(i).append("\",\"bytes\":").append(size)
                    .append(",\"path\":\"run/").append(i % 100).append("/f").append(i).append("\"}\n");
        }
        context.log("set-up: %,d files of %,d bytes written in %.1f s", files, size, BenchContext.seconds(start));
        return manifest.toString();
    }

    /** Registers the manifest's files on the RSE, in chunks of about 100,000 lines. */
    private static void importManifest(BenchHttp http, String rse, String manifest) throws Exception {
        for (int offset = 0; offset < manifest.length(); ) {
            int end = offset;
            for (int lines = 0; lines < 100_000 && end < manifest.length(); lines++) {
                end = manifest.indexOf("\n", end) + 1;
            }
            http.sendText("POST", "/replicas/import?rse=" + rse, manifest.substring(offset, end));
            offset = end;
        }
    }

    /** Adds a rule on the dataset {@code run}, waits until it is OK, removes it and waits until it is gone; the seconds taken. */
    private static double protectAndRelease(BenchHttp http, String scope, String rse, int timeout) throws Exception {
        long start = System.nanoTime();
        String rule = RuleBenchmark.addRule(http, scope, "run", 1, rse, "DATASET");
        JsonNode state = ReplicationBenchmark.awaitSettled(http, rule, timeout);
        if (!state.path("state").asText().equals("OK")) {
            throw new IllegalStateException("the protecting rule ended " + state.path("state").asText());
        }
        http.send("DELETE", "/rules/" + rule, Map.of("immediate", true));
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        while (http.status("GET", "/rules/" + rule) != 404) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rule " + rule + " still there " + timeout + " s after its removal");
            }
            Thread.sleep(100);
        }
        return BenchContext.seconds(start);
    }

    /** Switches greedy deletion on and waits until the RSE's usage shows no file; the seconds taken. */
    private static double deleteGreedily(BenchHttp http, String rse, int files, int timeout) throws Exception {
        long start = System.nanoTime();
        http.send("POST", "/rses/" + rse + "/attr/greedyDeletion", Map.of("value", true));
        long deadline = System.nanoTime() + timeout * 1_000_000_000L;
        long left;
        while ((left = rucioFiles(http, rse)) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(left + " of " + files + " replicas still on " + rse + " after " + timeout + " s");
            }
            Thread.sleep(50);
        }
        return BenchContext.seconds(start);
    }

    private static long filesIn(Path storage) throws IOException {
        try (var walk = Files.walk(storage)) {
            return walk.filter(Files::isRegularFile).count();
        }
    }

    private static long rucioFiles(BenchHttp http, String rse) throws IOException, InterruptedException {
        JsonNode usage = BenchHttp.JSON.readTree(http.send("GET", "/rses/" + rse + "/usage?source=rucio", null).lines()
                .findFirst().orElseThrow());
        return usage.path("files").asLong();
    }

    /** Runs this scenario alone: {@code ./laguna bench deletion [options]}. */
    public static void main(String[] args) throws Exception {
        Bench.main(Bench.prepend("deletion", args));
    }
}
