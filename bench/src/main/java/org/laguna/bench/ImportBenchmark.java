package org.laguna.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Imports an N-entry manifest (sizes and checksums given) through {@code POST /replicas/import} in
 * chunks of 100,000 lines, against a server in its own JVM, and prints files/s. A second pass over
 * the same manifest measures the idempotent re-run (everything already registered).
 *
 * <p>Options: {@code --files N} (default 1,000,000), {@code --heap SIZE} (default 512m).
 */
public final class ImportBenchmark {
    private ImportBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        int files = Integer.parseInt(options.getOrDefault("files", "1000000"));
        String heap = options.getOrDefault("heap", "512m");
        int chunk = 100_000;
        int parallel = Integer.parseInt(options.getOrDefault("parallel", "2"));
        String password = "bench-" + System.nanoTime();
        Path home = Files.createTempDirectory("laguna-bench-import");
        System.out.printf(Locale.ROOT, "import benchmark: %,d manifest entries, chunks of %,d, %d requests in parallel, server heap %s%n",
                files, chunk, parallel, heap);
        try (ServerProcess server = ServerProcess.start(home, heap, password)) {
            BenchHttp http = new BenchHttp(server.url());
            http.login("root", password);
            http.send("POST", "/rses/IMPORT_DISK", Map.of("deterministic", false));
            http.send("POST", "/rses/IMPORT_DISK/protocols/file", Map.of("hostname", "localhost", "port", 0,
                    "prefix", home.resolve("rse").toString(), "impl", "rucio.rse.protocols.posix.Default",
                    "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
            http.send("POST", "/accounts/root/scopes/legacy", Map.of());
            for (String pass : new String[] {"first import", "re-run (all present)"}) {
                long start = System.nanoTime();
                java.util.concurrent.atomic.AtomicLong registered = new java.util.concurrent.atomic.AtomicLong();
                try (var pool = java.util.concurrent.Executors.newFixedThreadPool(parallel)) {
                    java.util.List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
                    for (int offset = 0; offset < files; offset += chunk) {
                        int from = offset;
                        jobs.add(pool.submit(() -> {
                            StringBuilder body = new StringBuilder(chunk * 110);
                            for (int i = from; i < Math.min(files, from + chunk); i++) {
                                body.append("{\"scope\":\"legacy\",\"name\":\"raw/file.").append(i).append("\",\"bytes\":").append(1000 + i)
                                        .append(",\"adler32\":\"").append(String.format(Locale.ROOT, "%08x", i))
                                        .append("\",\"path\":\"2019/raw/file.").append(i).append("\"}\n");
                            }
                            String summary = http.sendText("POST", "/replicas/import?rse=IMPORT_DISK", body.toString());
                            registered.addAndGet(BenchHttp.JSON.readTree(summary).path("registered").asLong());
                            return null;
                        }));
                    }
                    for (var job : jobs) {
                        job.get();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "%-22s %,10.0f files/s  (%,d entries in %.1f s, %,d registered)%n",
                        pass + ":", files / seconds, files, seconds, registered.get());
            }
            System.out.printf(Locale.ROOT, "server peak heap: %.1f MiB (of -Xmx%s)%n", http.heapPeak() / 1024.0 / 1024.0, heap);
        }
    }
}
