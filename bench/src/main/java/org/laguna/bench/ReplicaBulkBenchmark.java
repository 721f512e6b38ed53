package org.laguna.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Registers N file replicas in bulk through the REST API ({@code POST /replicas}, then attaches
 * them to one dataset) and lists them back ({@code POST /replicas/list} on the dataset, streamed),
 * against a server in its own JVM with a fixed heap. Prints files/s for each phase and the
 * server's peak heap.
 *
 * <p>Options: {@code --files N} (default 1,000,000), {@code --batch N} (default 10,000),
 * {@code --heap SIZE} (server -Xmx, default 256m).
 */
public final class ReplicaBulkBenchmark {
    private ReplicaBulkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        int files = Integer.parseInt(options.getOrDefault("files", "1000000"));
        int batch = Integer.parseInt(options.getOrDefault("batch", "10000"));
        String heap = options.getOrDefault("heap", "256m");
        String password = "bench-" + System.nanoTime();
        Path home = Files.createTempDirectory("laguna-bench");
        System.out.printf(Locale.ROOT, "replica bulk benchmark: %,d files, batches of %,d, server heap %s%n", files, batch, heap);
        try (ServerProcess server = ServerProcess.start(home, heap, password)) {
            BenchHttp http = new BenchHttp(server.url());
            http.login("root", password);
            http.send("POST", "/rses/BENCH_DISK", Map.of());
            http.send("POST", "/rses/BENCH_DISK/protocols/file", Map.of("hostname", "localhost", "port", 0,
                    "prefix", home.resolve("rse").toString() + "/", "impl", "rucio.rse.protocols.posix.Default",
                    "domains", Map.of("lan", Map.of("read", 1, "write", 1, "delete", 1),
                            "wan", Map.of("read", 1, "write", 1, "delete", 1))));
            http.send("POST", "/accounts/root/scopes/bench", Map.of());
            http.send("POST", "/dids/bench/dataset", Map.of("type", "DATASET"));

            long start = System.nanoTime();
            for (int offset = 0; offset < files; offset += batch) {
                List<Map<String, Object>> replicas = new ArrayList<>();
                for (int i = offset; i < Math.min(files, offset + batch); i++) {
                    Map<String, Object> file = new LinkedHashMap<>();
                    file.put("scope", "bench");
                    file.put("name", "file." + i);
                    file.put("bytes", 1024L + i);
                    file.put("adler32", String.format(Locale.ROOT, "%08x", i));
                    replicas.add(file);
                }
                http.send("POST", "/replicas", Map.of("rse", "BENCH_DISK", "files", replicas));
            }
            double registerSeconds = seconds(start);

            start = System.nanoTime();
            for (int offset = 0; offset < files; offset += batch) {
                List<Map<String, Object>> dids = new ArrayList<>();
                for (int i = offset; i < Math.min(files, offset + batch); i++) {
                    dids.add(Map.of("scope", "bench", "name", "file." + i));
                }
                long batchStart = System.nanoTime();
                http.send("POST", "/dids/bench/dataset/dids", Map.of("dids", dids));
                if (System.getenv("LAGUNA_BENCH_VERBOSE") != null) {
                    System.out.printf(Locale.ROOT, "  attach batch at %,d: %.2f s%n", offset, seconds(batchStart));
                }
            }
            double attachSeconds = seconds(start);

            start = System.nanoTime();
            long listed = http.countLines("POST", "/replicas/list",
                    Map.of("dids", List.of(Map.of("scope", "bench", "name", "dataset")), "all_states", false));
            double listSeconds = seconds(start);
            if (listed != files) {
                throw new IllegalStateException("listed " + listed + " files, expected " + files);
            }
            long peak = http.heapPeak();

            System.out.printf(Locale.ROOT, "register replicas (POST /replicas):      %,10.0f files/s  (%,d files in %.1f s)%n",
                    files / registerSeconds, files, registerSeconds);
            System.out.printf(Locale.ROOT, "attach to dataset (POST .../dids):       %,10.0f files/s  (%.1f s)%n",
                    files / attachSeconds, attachSeconds);
            System.out.printf(Locale.ROOT, "list replicas of the dataset (streamed): %,10.0f files/s  (%,d files in %.1f s)%n",
                    listed / listSeconds, listed, listSeconds);
            System.out.printf(Locale.ROOT, "server peak heap: %.1f MiB (of -Xmx%s)%n", peak / 1024.0 / 1024.0, heap);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
