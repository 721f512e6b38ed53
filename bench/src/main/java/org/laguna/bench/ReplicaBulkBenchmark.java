package org.laguna.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scenario {@code replicas}: registers N file replicas in bulk through the REST API
 * ({@code POST /replicas}, then attaches them to one dataset) and lists them back
 * ({@code POST /replicas/list} on the dataset, streamed). Figures: files/s for each phase and the
 * server's peak heap and RSS. Uses only Rucio's API, so it also runs against {@code --target-url}.
 *
 * <p>Options: {@code --batch N} (default 10,000), {@code --heap SIZE} (server -Xmx, default 256m), {@code --as-user NAME}
 * (the replicas are registered, attached and listed by a new non-administrator account, see {@link BenchContext#worker}).
 */
public final class ReplicaBulkBenchmark implements Scenario {
    @Override
    public boolean lagunaOnly() {
        return false;
    }

    @Override
    public Figures run(BenchContext context) throws Exception {
        int files = context.files();
        int batch = context.intOption("batch", 10_000);
        Server server = context.server("256m");
        BenchHttp http = server.login();
        String rse = context.rse("BENCH_DISK");
        String scope = context.scope();
        Path storage = context.directory("laguna-bench-rse");
        createPosixRse(http, rse, storage, true);
        http = context.worker(http, scope);
        http.send("POST", "/dids/" + scope + "/dataset", Map.of("type", "DATASET"));

        long start = System.nanoTime();
        registerReplicas(http, rse, scope, "file.", files, batch);
        double registerSeconds = BenchContext.seconds(start);
        context.log("registered %,d replicas in %.1f s", files, registerSeconds);

        start = System.nanoTime();
        attach(http, scope, "dataset", "file.", files, batch);
        double attachSeconds = BenchContext.seconds(start);
        context.log("attached them to a dataset in %.1f s", attachSeconds);

        start = System.nanoTime();
        long listed = http.countLines("POST", "/replicas/list",
                Map.of("dids", List.of(Map.of("scope", scope, "name", "dataset")), "all_states", false));
        double listSeconds = BenchContext.seconds(start);
        if (listed != files) {
            throw new IllegalStateException("listed " + listed + " files, expected " + files);
        }
        return new Figures()
                .add("register (POST /replicas)", files / registerSeconds, "files/s")
                .add("attach to dataset (POST /dids/.../dids)", files / attachSeconds, "files/s")
                .add("list dataset replicas (streamed)", listed / listSeconds, "files/s")
                .addServer(server);
    }

    /** An RSE with a {@code file} protocol at {@code storage}, read/write/delete on LAN and WAN. */
    static void createPosixRse(BenchHttp http, String rse, Path storage, boolean deterministic) throws Exception {
        http.send("POST", "/rses/" + rse, Map.of("deterministic", deterministic));
        http.send("POST", "/rses/" + rse + "/protocols/file", posixProtocol(storage));
    }

    static Map<String, Object> posixProtocol(Path prefix) {
        return Map.of("hostname", "localhost", "port", 0, "prefix", prefix.toString() + "/", "impl", "rucio.rse.protocols.posix.Default",
                "domains", Map.of("lan", Map.of("read", 1, "write", 1, "delete", 1),
                        "wan", Map.of("read", 1, "write", 1, "delete", 1)));
    }

    /** Registers files {@code prefix0 .. prefix(count-1)} with replicas on {@code rse} ({@code POST /replicas}). */
    static void registerReplicas(BenchHttp http, String rse, String scope, String prefix, int count, int batch) throws Exception {
        for (int offset = 0; offset < count; offset += batch) {
            List<Map<String, Object>> replicas = new ArrayList<>();
            for (int i = offset; i < Math.min(count, offset + batch); i++) {
                Map<String, Object> file = new LinkedHashMap<>();
                file.put("scope", scope);
                file.put("name", prefix + i);
                file.put("bytes", 1024L + i);
                file.put("adler32", String.format(Locale.ROOT, "%08x", i));
                replicas.add(file);
            }
            http.send("POST", "/replicas", Map.of("rse", rse, "files", replicas));
        }
    }

    /** Attaches files {@code prefix0 .. prefix(count-1)} to a dataset, {@code batch} per request. */
    static void attach(BenchHttp http, String scope, String dataset, String prefix, int count, int batch) throws Exception {
        for (int offset = 0; offset < count; offset += batch) {
            List<Map<String, Object>> dids = new ArrayList<>();
            for (int i = offset; i < Math.min(count, offset + batch); i++) {
                dids.add(Map.of("scope", scope, "name", prefix + i));
            }
            http.send("POST", "/dids/" + scope + "/" + dataset + "/dids", Map.of("dids", dids));
        }
    }

    /** Runs this scenario alone: {@code ./laguna bench replicas [options]}. */
    public static void main(String[] args) throws Exception {
        Bench.main(Bench.prepend("replicas", args));
    }
}
