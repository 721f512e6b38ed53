package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.laguna.core.rse.Lfn2Pfn;

/**
 * {@code check}: N replicas registered on a deterministic POSIX RSE, then the storage consistency
 * check ({@code POST /rses/{rse}/check}) from a gzip dump of their paths in hash order, with
 * {@value #LOST} of them left out (lost: declared bad) and {@value #DARK} paths the catalogue does
 * not know (dark). The server runs at {@code -Xmx256m} without the auditor: the check must sort and
 * merge both sides on disk, not in memory.
 */
public final class StorageCheckBenchmark implements Scenario {
    static final int LOST = 10;
    static final int DARK = 10;

    @Override
    public boolean lagunaOnly() {
        return true;
    }

    @Override
    public Figures run(BenchContext context) throws Exception {
        int files = context.files();
        Server server = context.server("256m", "--without", "auditor");
        BenchHttp http = server.login();
        String rse = context.rse("CHECK_DISK");
        String scope = context.scope();
        Path storage = context.directory("laguna-bench-check");
        ReplicaBulkBenchmark.createPosixRse(http, rse, storage, true);
        http.send("POST", "/accounts/" + context.option("account", "root") + "/scopes/" + scope, Map.of());
        long start = System.nanoTime();
        ReplicaBulkBenchmark.registerReplicas(http, rse, scope, "file.", files, 10_000);
        context.log("registered %,d replicas in %.1f s", files, BenchContext.seconds(start));

        Path dump = context.directory("laguna-bench-dump").resolve("dump.txt.gz");
        try (BufferedWriter out = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(dump)),
                StandardCharsets.UTF_8))) {
            for (int i = LOST; i < files; i++) {
                out.write(Lfn2Pfn.path(Lfn2Pfn.DEFAULT_ALGORITHM, scope, "file." + i));
                out.write('\n');
            }
            for (int i = 0; i < DARK; i++) {
                out.write(scope + "/zz/zz/dark." + i + "\n");
            }
        }
        context.log("wrote a dump of %,d paths (%,d bytes gzip)", files - LOST + DARK, Files.size(dump));

        start = System.nanoTime();
        JsonNode report = BenchHttp.JSON.readTree(http.sendFile("POST", "/rses/" + rse + "/check", dump));
        double seconds = BenchContext.seconds(start);
        context.log("checked in %.1f s: %s", seconds, report);
        if (report.get("lost").asLong() != Math.min(LOST, files) || report.get("dark_young").asLong() != DARK) {
            throw new IllegalStateException("expected " + LOST + " lost and " + DARK + " dark files, got " + report);
        }
        return new Figures()
                .add("check from a dump (sort + merge)", files / seconds, "files/s")
                .add("check took", seconds, "s")
                .addServer(server);
    }

    /** Runs this scenario alone: {@code ./laguna bench check [options]}. */
    public static void main(String[] args) throws Exception {
        Bench.main(Bench.prepend("check", args));
    }
}
