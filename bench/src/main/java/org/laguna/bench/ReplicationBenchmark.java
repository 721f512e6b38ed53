package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.Adler32;

/**
 * End-to-end small-file replication between POSIX RSEs: N files of a given size written to a
 * source RSE and registered, attached to a dataset, then one rule asking for a copy on a second
 * RSE. The server (its own JVM, all daemons) moves the bytes with its built-in conveyor, verifying
 * each file's adler32. Printed: files/s and MB/s from the rule's creation to the rule being OK.
 *
 * <p>Options: {@code --files N} (default 10,000), {@code --size BYTES} (default 10,240),
 * {@code --heap SIZE} (server -Xmx, default 512m).
 */
public final class ReplicationBenchmark {
    private ReplicationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        int files = Integer.parseInt(options.getOrDefault("files", "10000"));
        int size = Integer.parseInt(options.getOrDefault("size", "10240"));
        String heap = options.getOrDefault("heap", "512m");
        String password = "bench-" + System.nanoTime();
        Path home = Files.createTempDirectory("laguna-bench-replication");
        Path source = home.resolve("storage/source");
        Path destination = home.resolve("storage/destination");
        System.out.printf(Locale.ROOT, "replication benchmark: %,d files of %,d bytes, POSIX to POSIX, server heap %s%n", files, size, heap);
        long start = System.nanoTime();
        Random random = new Random(42);
        byte[] content = new byte[size];
        StringBuilder manifest = new StringBuilder();
        for (int i = 0; i < files; i++) {
            random.nextBytes(content);
            Path file = source.resolve("run/f" + i);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            Adler32 adler = new Adler32();
            adler.update(content);
            manifest.append("{\"scope\":\"bench\",\"name\":\"f").append(i).append("\",\"bytes\":").append(size)
                    .append(",\"adler32\":\"").append(String.format(Locale.ROOT, "%08x", adler.getValue()))
                    .append("\",\"path\":\"run/f").append(i).append("\"}\n");
        }
        System.out.printf(Locale.ROOT, "set-up: %,d files written in %.1f s%n", files, seconds(start));
        try (ServerProcess server = ServerProcess.start(home, heap, password)) {
            BenchHttp http = new BenchHttp(server.url());
            http.login("root", password);
            http.send("POST", "/rses/SOURCE_POSIX", Map.of("deterministic", false));
            http.send("POST", "/rses/SOURCE_POSIX/protocols/file", protocol(source));
            http.send("POST", "/rses/DEST_POSIX", Map.of());
            http.send("POST", "/rses/DEST_POSIX/protocols/file", protocol(destination));
            http.send("POST", "/accounts/root/scopes/bench", Map.of());
            http.sendText("POST", "/replicas/import?rse=SOURCE_POSIX", manifest.toString());
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
                    "copies", 1, "rse_expression", "DEST_POSIX"))).get(0).asText();
            JsonNode state;
            while (true) {
                state = BenchHttp.JSON.readTree(http.send("GET", "/rules/" + rule, null));
                String s = state.path("state").asText();
                if (s.equals("OK") || s.equals("STUCK")) {
                    break;
                }
                Thread.sleep(100);
            }
            double seconds = seconds(start);
            long copied;
            try (var walk = Files.walk(destination)) {
                copied = walk.filter(Files::isRegularFile).count();
            }
            System.out.printf(Locale.ROOT, "rule -> %s with %,d verified copies: %,.0f files/s, %,.1f MB/s (%.1f s)%n",
                    state.path("state").asText(), copied, files / seconds, (double) files * size / 1e6 / seconds, seconds);
            System.out.printf(Locale.ROOT, "server peak heap: %.1f MiB (of -Xmx%s)%n", http.heapPeak() / 1024.0 / 1024.0, heap);
        }
    }

    private static Map<String, Object> protocol(Path prefix) {
        return Map.of("hostname", "localhost", "port", 0, "prefix", prefix.toString() + "/", "impl", "rucio.rse.protocols.posix.Default",
                "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1)));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
