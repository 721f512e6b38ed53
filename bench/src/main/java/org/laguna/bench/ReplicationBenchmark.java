package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.Adler32;

/**
 * Scenario {@code replication}: end-to-end small-file replication between two RSEs, POSIX
 * (default) or S3 ({@code --storage s3}, as the scenario {@code replication-s3}: an s3proxy in the
 * benchmark's JVM, filesystem-backed, one bucket per RSE). N files of a given size are written to a
 * source RSE and registered, attached to a dataset, then one rule asks for a copy on a second RSE.
 * The server (its own JVM, all daemons) moves the bytes with its conveyor (submitter, poller,
 * finisher) and built-in transfer tool, verifying each file's size and adler32. Figures: files/s
 * and MB/s from the rule's creation to the rule being OK (this includes the conveyor's first idle
 * wake-up, about 1 s). Laguna-only: the server must see the benchmark's directories (or, for S3,
 * get the store's keys in its settings).
 *
 * <p>Options: {@code --size BYTES} (default 10,240), {@code --heap SIZE} (server -Xmx, default
 * 512m), {@code --storage posix|s3} (default posix), {@code --timeout S} (default 3,600).
 */
public final class ReplicationBenchmark implements Scenario {
    @Override
    public Figures run(BenchContext context) throws Exception {
        return switch (context.option("storage", "posix")) {
            case "posix" -> replicate(context, false);
            case "s3" -> replicate(context, true);
            default -> throw new IllegalArgumentException("--storage must be posix or s3");
        };
    }

    /** Replicates {@code --files} files POSIX to POSIX, or S3 to S3 through an s3proxy of this JVM. */
    static Figures replicate(BenchContext context, boolean s3) throws Exception {
        int files = context.files();
        int size = context.intOption("size", 10_240);
        Path storage = context.directory("laguna-bench-storage");
        // s3proxy's filesystem store keeps bucket B's objects as files under <basedir>/B
        Path source = storage.resolve(s3 ? "src" : "source");
        Path destination = storage.resolve(s3 ? "dst" : "destination");
        String scope = context.scope();
        long start = System.nanoTime();
        String manifest = writeFiles(source, scope, "run/f", files, size);
        context.log("set-up: %,d files of %,d bytes written in %.1f s", files, size, BenchContext.seconds(start));

        String kind = s3 ? "S3" : "POSIX";
        String sourceRse = context.rse("SOURCE_" + kind);
        String destinationRse = context.rse("DEST_" + kind);
        Server server;
        S3Server s3Server = null;
        if (s3) {
            s3Server = context.closeAtEnd(S3Server.start(storage, List.of("src", "dst")));
            server = context.server("512m", S3Server.keys(List.of(sourceRse, destinationRse)));
        } else {
            server = context.server("512m");
        }
        BenchHttp http = server.login();
        if (s3) {
            http.send("POST", "/rses/" + sourceRse, Map.of("deterministic", false));
            http.send("POST", "/rses/" + sourceRse + "/protocols/s3", s3Server.protocol("src"));
            http.send("POST", "/rses/" + destinationRse, Map.of());
            http.send("POST", "/rses/" + destinationRse + "/protocols/s3", s3Server.protocol("dst"));
        } else {
            ReplicaBulkBenchmark.createPosixRse(http, sourceRse, source, false);
            ReplicaBulkBenchmark.createPosixRse(http, destinationRse, destination, true);
        }
        http.send("POST", "/accounts/root/scopes/" + scope, Map.of());
        http.sendText("POST", "/replicas/import?rse=" + sourceRse, manifest);
        http.send("POST", "/dids/" + scope + "/run", Map.of("type", "DATASET"));
        ReplicaBulkBenchmark.attach(http, scope, "run", "run/f", files, 10_000);

        start = System.nanoTime();
        String rule = RuleBenchmark.addRule(http, scope, "run", 1, destinationRse, "DATASET");
        JsonNode state = awaitSettled(http, rule, context.intOption("timeout", 3600));
        double seconds = BenchContext.seconds(start);
        long copied;
        try (var walk = Files.walk(destination)) {
            // s3proxy keeps its own metadata in hidden files next to the objects
            copied = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).count();
        }
        context.log("rule -> %s with %,d verified copies in %.1f s", state.path("state").asText(), copied, seconds);
        if (!state.path("state").asText().equals("OK") || copied != files) {
            throw new IllegalStateException("the rule ended " + state.path("state").asText() + " with " + copied + " of " + files
                    + " copies");
        }
        String figure = "replicate " + kind + " -> " + kind;
        Figures figures = new Figures()
                .add(figure, files / seconds, "files/s")
                .add(figure, (double) files * size / 1e6 / seconds, "MB/s")
                .add("rule OK after", seconds, "s");
        if (context.hermesDelivers()) {
            long pendingAtOk = outboxPending(http);
            long drainStart = System.nanoTime();
            while (outboxPending(http) > 0 && BenchContext.seconds(drainStart) < context.intOption("timeout", 3600)) {
                Thread.sleep(200);
            }
            context.log("outbox: %,d events pending when the rule was OK, delivered %.1f s later", pendingAtOk,
                    BenchContext.seconds(drainStart));
            figures.add("outbox pending at rule OK", pendingAtOk, "events").add("outbox drained after rule OK", BenchContext.seconds(drainStart),
                    "s");
        }
        return figures.addServer(server);
    }

    /**
     * Writes {@code count} files of random content under {@code root} at paths {@code prefix0 ..},
     * and returns their import manifest (NDJSON with bytes, adler32 and path) in {@code scope}.
     */
    static String writeFiles(Path root, String scope, String prefix, int count, int size) throws Exception {
        Random random = new Random(42);
        byte[] content = new byte[size];
        StringBuilder manifest = new StringBuilder(count * 100);
        for (int i = 0; i < count; i++) {
            random.nextBytes(content);
            Path file = root.resolve(prefix + i);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
            Adler32 adler = new Adler32();
            adler.update(content);
            manifest.append("{\"scope\":\"").append(scope).append("\",\"name\":\"").append(prefix).append(i)
                    .append("\",\"bytes\":").append(size)
                    .append(",\"adler32\":\"").append(String.format(Locale.ROOT, "%08x", adler.getValue()))
                    .append("\",\"path\":\"").append(prefix).append(i).append("\"}\n");
        }
        return manifest.toString();
    }

    /** The events not yet delivered everywhere ({@code laguna_outbox_pending} of {@code /metrics}). */
    static long outboxPending(BenchHttp http) throws Exception {
        for (String line : http.send("GET", "/metrics", null).split("\n")) {
            if (line.startsWith("laguna_outbox_pending ")) {
                return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
            }
        }
        throw new IllegalStateException("/metrics has no laguna_outbox_pending");
    }

    /** Polls a rule until it is OK or STUCK, at most {@code timeoutSeconds}. */
    static JsonNode awaitSettled(BenchHttp http, String rule, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (true) {
            JsonNode state = BenchHttp.JSON.readTree(http.send("GET", "/rules/" + rule, null));
            String s = state.path("state").asText();
            if (s.equals("OK") || s.equals("STUCK")) {
                return state;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("rule " + rule + " still " + s + " after " + timeoutSeconds + " s: " + state);
            }
            Thread.sleep(100);
        }
    }

    /** Runs this scenario alone: {@code ./laguna bench replication [options]}. */
    public static void main(String[] args) throws Exception {
        Bench.main(Bench.prepend("replication", args));
    }
}
