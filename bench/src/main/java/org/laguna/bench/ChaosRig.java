package org.laguna.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the parts of the chaos scenario share: the options, a fresh database per part on the
 * external PostgreSQL, server homes with short daemon schedules, the figures and the conditions
 * that failed.
 */
final class ChaosRig {
    static final String HEAP = "768m";
    private final BenchContext context;
    private final String adminUrl;
    private final Duration heartbeatTimeout;
    private final Figures figures = new Figures();
    private final List<String> failures = new ArrayList<>();
    private int databases;

    ChaosRig(BenchContext context, String adminUrl) {
        this.context = context;
        this.adminUrl = adminUrl;
        this.heartbeatTimeout = Duration.ofSeconds(context.intOption("heartbeat-timeout", 10));
    }

    BenchContext context() {
        return context;
    }

    int files() {
        return context.files();
    }

    int size() {
        return context.intOption("size", 4_096);
    }

    int timeoutSeconds() {
        return context.intOption("timeout", 3_600);
    }

    Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    Figures figures() {
        return figures;
    }

    List<String> failures() {
        return failures;
    }

    /** Records a figure and prints it at once, so that a long run shows its results as it goes. */
    void figure(String name, double value, String unit) {
        figures.add(name, value, unit);
        context.log("%-55s %12s %s", name, Bench.format(value), unit);
    }

    /** Records a condition of the summary; a false one fails the scenario. */
    void require(boolean holds, String condition) {
        if (!holds) {
            failures.add(condition);
            context.log("NOT MET: %s", condition);
        }
    }

    /** A fresh database for one part, dropped when the scenario ends. */
    ChaosDatabase database() throws Exception {
        return context.closeAtEnd(ChaosDatabase.create(adminUrl, "laguna_chaos_" + context.tag() + "_" + (++databases)));
    }

    /**
     * A new home whose {@code laguna.properties} has short daemon schedules (1 s sleep and heartbeat, the
     * heartbeat timeout of {@code --heartbeat-timeout}, quick retries, an auditor every 5 s, a copy declared
     * bad at its first suspicion) and the given extra settings.
     */
    Path home(Map<String, String> extra) throws Exception {
        Map<String, String> properties = new TreeMap<>(Map.of(
                "daemon.sleep", "PT1S",
                "daemon.heartbeat-interval", "PT1S",
                "daemon.heartbeat-timeout", heartbeatTimeout.toString(),
                "transfer.retry-delay", "PT1S",
                "transfer.retry-delay-max", "PT4S",
                "transfer.max-attempts", "12",
                "transfer.stuck-retry-delay", "PT20S",
                "auditor.interval", "PT5S",
                "replica.suspicious-threshold", "1"));
        properties.putAll(extra);
        Path home = context.directory("laguna-chaos-home");
        StringBuilder text = new StringBuilder();
        properties.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(home.resolve("laguna.properties"), text);
        return home;
    }

    /** A {@code laguna server} on the database, with extra server arguments; the caller closes or kills it. */
    ServerProcess server(Path home, ChaosDatabase database, String... args) throws Exception {
        return ServerProcess.start(home, context.option("heap", HEAP), password(), List.of(args), database.url());
    }

    String password() {
        return "chaos-" + context.tag();
    }

    /** A POSIX source RSE holding the files (imported), a deterministic POSIX destination, a dataset of all files. */
    void posixPair(BenchHttp http, ChaosFiles files, Path source, Path destination, String scope) throws Exception {
        ReplicaBulkBenchmark.createPosixRse(http, "SOURCE", source, false);
        ReplicaBulkBenchmark.createPosixRse(http, "DEST", destination, true);
        catalogue(http, files, "SOURCE", scope);
    }

    /** Registers the files on {@code rse} from their manifest and attaches them to dataset {@code scope:all}. */
    void catalogue(BenchHttp http, ChaosFiles files, String rse, String scope) throws Exception {
        http.send("POST", "/accounts/root/scopes/" + scope, Map.of());
        http.sendText("POST", "/replicas/import?rse=" + rse, files.manifest(scope, "run"));
        http.send("POST", "/dids/" + scope + "/all", Map.of("type", "DATASET"));
        ReplicaBulkBenchmark.attach(http, scope, "all", "run/f", files.count(), 10_000);
    }

    /** Waits for a rule to be OK (or STUCK), polling a server that may be replaced meanwhile. */
    JsonNode settle(BenchHttp http, String rule) throws Exception {
        return ReplicationBenchmark.awaitSettled(http, rule, timeoutSeconds());
    }

    /** Locks of a rule not OK, from the catalogue. */
    static long locksNotOk(ChaosDatabase db, String rule) throws Exception {
        return db.count("select count(*) from locks where rule_id = ?::uuid and state <> 'OK'", rule);
    }

    /** Locks of a rule that are STUCK. */
    static long locksStuck(ChaosDatabase db) throws Exception {
        return db.count("select count(*) from locks where state = 'STUCK'");
    }

    /** Files of the catalogue without an AVAILABLE replica on {@code rse}, out of {@code files}. */
    static long unavailable(ChaosDatabase db, String rse, int files) throws Exception {
        return files - db.count("select count(*) from replicas r join rses s on s.id = r.rse_id where s.rse = ? and r.state = 'AVAILABLE'",
                rse);
    }

    /** Replicas on {@code rse} that share a path with another replica there. */
    static long sharedPaths(ChaosDatabase db, String rse) throws Exception {
        return db.count("select coalesce(sum(n - 1), 0) from (select count(*) n from replicas r join rses s on s.id = r.rse_id "
                + "where s.rse = ? and r.path is not null group by r.path having count(*) > 1) t", rse);
    }

    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }
}
