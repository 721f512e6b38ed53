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
 * End-to-end small-file replication between two RSEs, POSIX (default) or S3 (an in-process
 * s3proxy, filesystem-backed, one bucket per RSE): N files of a given size written to a source RSE
 * and registered, attached to a dataset, then one rule asking for a copy on a second RSE. The
 * server (its own JVM, all daemons) moves the bytes with its conveyor and built-in transfer tool,
 * verifying each file's size and adler32. Printed: files/s and MB/s from the rule's creation to the
 * rule being OK.
 *
 * <p>Options: {@code --files N} (default 10,000), {@code --size BYTES} (default 10,240),
 * {@code --heap SIZE} (server -Xmx, default 512m), {@code --storage posix|s3} (default posix).
 */
public final class ReplicationBenchmark {
    private ReplicationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Options.parse(args);
        int files = Integer.parseInt(options.getOrDefault("files", "10000"));
        int size = Integer.parseInt(options.getOrDefault("size", "10240"));
        String heap = options.getOrDefault("heap", "512m");
        boolean s3 = switch (options.getOrDefault("storage", "posix")) {
            case "posix" -> false;
            case "s3" -> true;
            default -> throw new IllegalArgumentException("--storage must be posix or s3");
        };
        String password = "bench-" + System.nanoTime();
        Path home = Files.createTempDirectory("laguna-bench-replication");
        // s3proxy's filesystem store keeps bucket B's objects as files under <basedir>/B
        Path source = home.resolve(s3 ? "storage/src" : "storage/source");
        Path destination = home.resolve(s3 ? "storage/dst" : "storage/destination");
        System.out.printf(Locale.ROOT, "replication benchmark: %,d files of %,d bytes, %s, server heap %s%n", files, size,
                s3 ? "S3 to S3 (s3proxy)" : "POSIX to POSIX", heap);
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
        S3Server s3Server = s3 ? S3Server.start(home.resolve("storage"), List.of("src", "dst"), home) : null;
        String from = s3 ? "SOURCE_S3" : "SOURCE_POSIX";
        String to = s3 ? "DEST_S3" : "DEST_POSIX";
        try (ServerProcess server = ServerProcess.start(home, heap, password)) {
            BenchHttp http = new BenchHttp(server.url());
            http.login("root", password);
            http.send("POST", "/rses/" + from, Map.of("deterministic", false));
            http.send("POST", "/rses/" + to, Map.of());
            if (s3) {
                http.send("POST", "/rses/" + from + "/protocols/s3", s3Server.protocol("src"));
                http.send("POST", "/rses/" + to + "/protocols/s3", s3Server.protocol("dst"));
            } else {
                http.send("POST", "/rses/" + from + "/protocols/file", protocol(source));
                http.send("POST", "/rses/" + to + "/protocols/file", protocol(destination));
            }
            http.send("POST", "/accounts/root/scopes/bench", Map.of());
            http.sendText("POST", "/replicas/import?rse=" + from, manifest.toString());
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
                    "copies", 1, "rse_expression", to))).get(0).asText();
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
                copied = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
            }
            System.out.printf(Locale.ROOT, "rule -> %s with %,d verified copies: %,.0f files/s, %,.1f MB/s (%.1f s)%n",
                    state.path("state").asText(), copied, files / seconds, (double) files * size / 1e6 / seconds, seconds);
            System.out.printf(Locale.ROOT, "server peak heap: %.1f MiB (of -Xmx%s)%n", http.heapPeak() / 1024.0 / 1024.0, heap);
        } finally {
            if (s3Server != null) {
                s3Server.close();
            }
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
