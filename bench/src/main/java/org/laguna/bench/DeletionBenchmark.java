package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * End-to-end deletion from a POSIX RSE: N real files written and registered, attached to a
 * dataset and protected by a rule; the rule is removed, which gives every replica a tombstone;
 * then the RSE is switched to greedy deletion and the server's reaper (its own JVM, all daemons,
 * {@code daemon.sleep=PT0.2S}) deletes the files from disk and the replicas from the catalogue.
 * Printed: replicas/s from switching greedy deletion on until the RSE's usage counter (source
 * rucio) shows no file, and the files left on disk.
 *
 * <p>Options: {@code --files N} (default 10,000), {@code --size BYTES} (default 1,024),
 * {@code --heap SIZE} (server -Xmx, default 512m).
 */
public final class DeletionBenchmark {
    private DeletionBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        int files = Integer.parseInt(options.getOrDefault("files", "10000"));
        int size = Integer.parseInt(options.getOrDefault("size", "1024"));
        String heap = options.getOrDefault("heap", "512m");
        String password = "bench-" + System.nanoTime();
        Path home = Files.createTempDirectory("laguna-bench-deletion");
        Path storage = home.resolve("storage/posix");
        Files.writeString(home.resolve("laguna.properties"), "daemon.sleep=PT0.2S\n");
        System.out.printf(Locale.ROOT, "deletion benchmark: %,d files of %,d bytes on a POSIX RSE, server heap %s%n", files, size, heap);
        long start = System.nanoTime();
        byte[] content = new byte[size];
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < files; i++) {
            Path file = storage.resolve("run/" + (i % 100) + "/f" + i);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            manifest.append("{\"scope\":\"bench\",\"name\":\"f").append(i).append("\",\"bytes\":").append(size)
                    .append(",\"path\":\"run/").append(i % 100).append("/f").append(i).append("\"}\n");
        }
        System.out.printf(Locale.ROOT, "set-up: %,d files written in %.1f s%n", files, seconds(start));
        try (ServerProcess server = ServerProcess.start(home, heap, password)) {
            BenchHttp http = new BenchHttp(server.url());
            http.login("root", password);
            http.send("POST", "/rses/POSIX_DISK", Map.of("deterministic", false));
            http.send("POST", "/rses/POSIX_DISK/protocols/file", Map.of("hostname", "localhost", "port", 0,
                    "prefix", storage + "/", "impl", "rucio.rse.protocols.posix.Default",
                    "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
            http.send("POST", "/accounts/root/scopes/bench", Map.of());
            for (int offset = 0; offset < manifest.length(); ) {
                // chunks of about 100,000 lines
                int end = offset;
                for (int lines = 0; lines < 100_000 && end < manifest.length(); lines++) {
                    end = manifest.indexOf("\n", end) + 1;
                }
                http.sendText("POST", "/replicas/import?rse=POSIX_DISK", manifest.substring(offset, end));
                offset = end;
            }
            http.send("POST", "/dids/bench/run", Map.of("type", "DATASET"));
            for (int offset = 0; offset < files; offset += 10_000) {
                List<Map<String, Object>> dids = new ArrayList<>();
                for (int i = offset; i < Math.min(files, offset + 10_000); i++) {
                    dids.add(Map.of("scope", "bench", "name", "f" + i));
                }
                http.send("POST", "/dids/bench/run/dids", Map.of("dids", dids));
            }
            start = System.nanoTime();
            String rule = BenchHttp.JSON.readTree(http.send("POST", "/rules/", Map.of("dids", List.of(Map.of("scope", "bench", "name", "run")),
                    "copies", 1, "rse_expression", "POSIX_DISK"))).get(0).asText();
            while (!BenchHttp.JSON.readTree(http.send("GET", "/rules/" + rule, null)).path("state").asText().equals("OK")) {
                Thread.sleep(100);
            }
            http.send("DELETE", "/rules/" + rule, Map.of());
            while (ruleExists(http, rule)) {
                Thread.sleep(100);
            }
            System.out.printf(Locale.ROOT, "rule added and removed, %,d replicas with tombstones in %.1f s%n", files, seconds(start));

            start = System.nanoTime();
            http.send("POST", "/rses/POSIX_DISK/attr/greedyDeletion", Map.of("value", true));
            long left;
            while ((left = rucioFiles(http)) > 0) {
                Thread.sleep(50);
            }
            double seconds = seconds(start);
            long onDisk;
            try (var walk = Files.walk(storage)) {
                onDisk = walk.filter(Files::isRegularFile).count();
            }
            System.out.printf(Locale.ROOT, "reaper (greedy): %,d replicas deleted from disk and catalogue: %,.0f replicas/s (%.1f s), "
                    + "%,d files left on disk, %,d replicas left%n", files, files / seconds, seconds, onDisk, left);
            System.out.printf(Locale.ROOT, "server peak heap: %.1f MiB (of -Xmx%s)%n", http.heapPeak() / 1024.0 / 1024.0, heap);
        }
    }

    private static boolean ruleExists(BenchHttp http, String rule) throws IOException, InterruptedException {
        return http.status("GET", "/rules/" + rule) != 404;
    }

    private static long rucioFiles(BenchHttp http) throws IOException, InterruptedException {
        JsonNode usage = BenchHttp.JSON.readTree(http.send("GET", "/rses/POSIX_DISK/usage?source=rucio", null).lines()
                .findFirst().orElseThrow());
        return usage.path("files").asLong();
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
