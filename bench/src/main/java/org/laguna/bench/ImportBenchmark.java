package org.laguna.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario {@code import}: imports an N-entry manifest (sizes and checksums given) through
 * Laguna's {@code POST /replicas/import} in chunks of 100,000 lines, two requests at a time, and
 * measures files/s. A second pass over the same manifest measures the idempotent re-run
 * (everything already registered). Laguna-only (the import endpoint is not Rucio's).
 *
 * <p>Options: {@code --parallel N} (default 2), {@code --heap SIZE} (default 512m).
 */
public final class ImportBenchmark implements Scenario {
    private static final int CHUNK = 100_000;

    @Override
    public Figures run(BenchContext context) throws Exception {
        int files = context.files();
        int parallel = context.intOption("parallel", 2);
        Server server = context.server("512m");
        BenchHttp http = server.login();
        String rse = context.rse("IMPORT_DISK");
        String scope = context.scope();
        ReplicaBulkBenchmark.createPosixRse(http, rse, context.directory("laguna-bench-rse"), false);
        http.send("POST", "/accounts/root/scopes/" + scope, Map.of());
        Figures figures = new Figures();
        for (String pass : new String[] {"first import", "re-run (all present)"}) {
            long start = System.nanoTime();
            AtomicLong registered = new AtomicLong();
            try (ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
                List<Future<?>> jobs = new ArrayList<>();
                for (int offset = 0; offset < files; offset += CHUNK) {
                    int from = offset;
                    jobs.add(pool.submit(() -> {
                        StringBuilder body = new StringBuilder(CHUNK * 110);
                        for (int i = from; i < Math.min(files, from + CHUNK); i++) {
                            body.append("{\"scope\":\"").append(scope).append("\",\"name\":\"raw/file.").append(i)
                                    .append("\",\"bytes\":").append(1000 + i)
                                    .append(",\"adler32\":\"").append(String.format(Locale.ROOT, "%08x", i))
                                    .append("\",\"path\":\"2019/raw/file.").append(i).append("\"}\n");
                        }
                        String summary = http.sendText("POST", "/replicas/import?rse=" + rse, body.toString());
                        registered.addAndGet(BenchHttp.JSON.readTree(summary).path("registered").asLong());
                        return null;
                    }));
                }
                for (Future<?> job : jobs) {
                    job.get();
                }
            }
            double seconds = BenchContext.seconds(start);
            context.log("%s: %,d entries in %.1f s, %,d registered", pass, files, seconds, registered.get());
            figures.add(pass, files / seconds, "files/s");
        }
        return figures.addServer(server);
    }

    /** Runs this scenario alone: {@code ./laguna bench import [options]}. */
    public static void main(String[] args) throws Exception {
        Bench.main(Bench.prepend("import", args));
    }
}
