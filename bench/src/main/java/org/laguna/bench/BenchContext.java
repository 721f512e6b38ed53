package org.laguna.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * What a scenario gets from the runner: the size ({@code --files}), its options, the server to
 * drive (started on demand, or the remote one given by {@code --target-url}), names unique to this
 * run, and scratch directories. Everything it opened is closed and deleted when the scenario ends.
 */
final class BenchContext implements AutoCloseable {
    private final int files;
    private final Map<String, String> options;
    private final Server.Remote remote;
    private final String databaseUrl;
    private final String tag;
    private final List<AutoCloseable> resources = new ArrayList<>();

    BenchContext(int files, Map<String, String> options, Server.Remote remote, String databaseUrl, String tag) {
        this.files = files;
        this.options = Map.copyOf(options);
        this.remote = remote;
        this.databaseUrl = databaseUrl;
        this.tag = tag;
    }

    /** The chosen size: files, DIDs or requests, as each scenario describes. */
    int files() {
        return files;
    }

    String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    int intOption(String key, int fallback) {
        String value = options.get(key);
        return value == null ? fallback : Integer.parseInt(value.replace("_", "").replace(",", ""));
    }

    /** Whether the scenarios run against a server given by URL rather than one the benchmark starts. */
    boolean remote() {
        return remote != null;
    }

    /**
     * The account a scenario does its measured work as, with the run's scope {@code scope} created.
     * Without {@code --as-user NAME}: {@code admin}, the scope belonging to {@code --account}
     * (default root). With it: a new USER account NAME (followed by the run's tag) that owns the
     * scope and is a member of a new GROUP account, logged in; so a policy file
     * ({@code --policy-file}) is asked as for any non-administrator, groups included.
     */
    BenchHttp worker(BenchHttp admin, String scope) throws Exception {
        String name = options.get("as-user");
        if (name == null) {
            admin.send("POST", "/accounts/" + option("account", "root") + "/scopes/" + scope, Map.of());
            return admin;
        }
        String user = name + tag;
        String group = "benchgroup" + tag;
        String password = "Bench-user-" + tag;
        admin.send("POST", "/accounts/" + user, Map.of("type", "USER", "email", user + "@example.org"));
        admin.send("POST", "/accounts/" + user + "/identities", Map.of("identity", user, "authtype", "USERPASS", "password", password,
                "email", user + "@example.org"));
        admin.send("POST", "/accounts/" + group, Map.of("type", "GROUP"));
        admin.send("POST", "/accounts/" + group + "/members/" + user, Map.of());
        admin.send("POST", "/accounts/" + user + "/scopes/" + scope, Map.of());
        BenchHttp http = new BenchHttp(admin.url());
        http.login(user, user, password);
        log("working as %s, a member of %s", user, group);
        return http;
    }

    /** A short lower-case tag unique to this scenario run; names made from it do not collide in a shared database. */
    String tag() {
        return tag;
    }

    /** An RSE name unique to this run, from a readable base: {@code BASE_TAG}. */
    String rse(String base) {
        return base + "_" + tag.toUpperCase(Locale.ROOT);
    }

    /** A scope unique to this run. */
    String scope() {
        return "bench_" + tag;
    }

    /**
     * The server to drive: the remote one, or a new {@code laguna server} in its own JVM with heap
     * {@code --heap} (default {@code defaultHeap}) and the given server arguments, on the embedded
     * PostgreSQL or on {@code --database-url}. It is stopped when the scenario ends.
     */
    Server server(String defaultHeap, String... serverArgs) throws IOException {
        return server(defaultHeap, Map.of(), serverArgs);
    }

    /**
     * As {@link #server(String, String...)}, with {@code properties} written to the new server's
     * {@code laguna.properties} before it starts (daemon intervals, storage keys). A remote server
     * is returned as it is: scenarios that need such settings are {@link Scenario#lagunaOnly()}.
     * {@code --policy-file FILE} gives every new server that permission policy file ({@code policy.file}).
     */
    Server server(String defaultHeap, Map<String, String> properties, String... serverArgs) throws IOException {
        if (remote != null) {
            return remote;
        }
        String password = databaseUrl == null ? "bench-" + System.nanoTime() : option("password", "laguna-bench");
        Path home = directory("laguna-bench-home");
        String policyFile = options.get("policy-file");
        if (policyFile != null) {
            Map<String, String> withPolicy = new HashMap<>(properties);
            withPolicy.put("policy.file", Path.of(policyFile).toAbsolutePath().toString());
            properties = withPolicy;
        }
        properties = withHermes(properties);
        if (!properties.isEmpty()) {
            StringBuilder text = new StringBuilder();
            new TreeMap<>(properties).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
            Files.writeString(home.resolve("laguna.properties"), text);
        }
        ServerProcess server = ServerProcess.start(home, option("heap", defaultHeap), password, List.of(serverArgs), databaseUrl);
        resources.add(server);
        return server;
    }

    /** Whether {@code --hermes-brokers} points the servers at STOMP brokers. */
    boolean hermesDelivers() {
        return options.containsKey("hermes-brokers");
    }

    /**
     * The properties with hermes delivering to STOMP brokers when {@code --hermes-brokers HOST:PORT,...}
     * is given ({@code --hermes-username}, {@code --hermes-password}, {@code --hermes-destination} with it).
     */
    private Map<String, String> withHermes(Map<String, String> properties) {
        if (!hermesDelivers()) {
            return properties;
        }
        Map<String, String> more = new HashMap<>(properties);
        more.put("hermes.stomp.brokers", options.get("hermes-brokers"));
        Map.of("hermes-username", "hermes.stomp.username", "hermes-password", "hermes.stomp.password",
                "hermes-destination", "hermes.stomp.destination").forEach((option, key) -> {
                    if (options.containsKey(option)) {
                        more.put(key, options.get(option));
                    }
                });
        return more;
    }

    /**
     * A new scratch directory, deleted with its contents when the scenario ends. The deletion runs
     * in the background ({@code rm -rf}; unlinking many small files is slow on some file systems)
     * and {@link #awaitCleanUp()} waits for it before the runner exits.
     */
    Path directory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        resources.add(() -> {
            try {
                CLEANING.add(new ProcessBuilder("rm", "-rf", dir.toString()).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
            } catch (IOException e) {
                deleteTree(dir);
            }
        });
        return dir;
    }

    private static final List<Process> CLEANING = new CopyOnWriteArrayList<>();

    /** Waits until the scratch directories of every scenario are deleted. */
    static void awaitCleanUp() throws InterruptedException {
        for (Process p : CLEANING) {
            p.waitFor();
        }
        CLEANING.clear();
    }

    /** Closes {@code resource} when the scenario ends, before what was opened earlier (a server started after it, first). */
    <T extends AutoCloseable> T closeAtEnd(T resource) {
        resources.add(resource);
        return resource;
    }

    /** Progress output of a scenario (the figures are printed by the runner). */
    void log(String format, Object... args) {
        System.out.printf(Locale.ROOT, "  " + format + "%n", args);
    }

    @Override
    public void close() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                System.err.println("bench: could not clean up: " + e);
            }
        }
        resources.clear();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
