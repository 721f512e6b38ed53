package org.laguna.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.Main;

/**
 * The benchmark runner: {@code ./laguna bench [SCENARIO...|all] [--files N] [--json FILE]
 * [--target-url URL --account A --username U --password P] [--database-url JDBC] [options]}.
 * Runs the chosen scenarios one after the other, each on a fresh server (or against the target),
 * prints a table of their figures and writes them as JSON with the machine's description. Exits
 * 1 when a scenario failed (a skipped one is not a failure). {@code micro [JMH args]} runs the
 * JMH microbenchmarks instead.
 */
public final class Bench {
    private static final String USAGE = """
            usage: ./laguna bench [SCENARIO...|all] [--files N] [--json FILE]
                                  [--target-url URL --account A --username U --password P]
                                  [--database-url JDBC] [--heap SIZE] [--policy-file FILE] [--as-user NAME]
                                  [scenario options]
                   ./laguna bench micro [JMH options]
            """;

    /** One scenario's outcome: ok with figures, skipped or failed with a reason. */
    record Outcome(String scenario, String status, String reason, double seconds, Figures figures) {
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("micro")) {
            Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Arguments arguments = Arguments.parse(args);
        if (arguments == null) {
            return;
        }
        List<String> names = arguments.names();
        Map<String, String> options = arguments.options();
        int files = Integer.parseInt(options.getOrDefault("files", "10000").replace("_", "").replace(",", ""));
        Server.Remote remote = remote(options);
        String databaseUrl = databaseUrl(options);
        String runTag = Long.toString(System.currentTimeMillis() / 1000, 36);
        System.out.printf(Locale.ROOT, "laguna bench: %s at --files %,d against %s%n", String.join(", ", names), files,
                remote != null ? remote.url() : databaseUrl != null ? "a new server on " + databaseUrl : "a new server, embedded PostgreSQL");

        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            System.out.println();
            System.out.println("== " + name);
            outcomes.add(run(Scenarios.named(name).orElseThrow(), files, options, remote, databaseUrl, runTag + (char) ('a' + i)));
        }
        System.out.println();
        System.out.println("waiting for the scratch directories to be deleted...");
        BenchContext.awaitCleanUp();
        report(outcomes, options, files, remote, names);
    }

    /** The scenarios to run (all if none is named) and the options, from the command line. */
    private record Arguments(List<String> names, Map<String, String> options) {
        /** The arguments; null after printing the usage for {@code --help}; exits with 2 on a bad one. */
        static Arguments parse(String[] args) {
            List<String> names = new ArrayList<>();
            Map<String, String> options = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("--help") || args[i].equals("-h")) {
                    printUsage();
                    return null;
                } else if (args[i].startsWith("--")) {
                    if (i + 1 >= args.length) {
                        System.err.print("bench: " + args[i] + " needs a value\n" + USAGE);
                        System.exit(2);
                    }
                    options.put(args[i].substring(2), args[++i]);
                } else if (args[i].equals("all")) {
                    Scenarios.ALL.forEach(e -> names.add(e.name()));
                } else if (Scenarios.named(args[i]).isPresent()) {
                    names.add(args[i]);
                } else {
                    System.err.printf("bench: unknown scenario '%s' (known: all, micro, %s)%n", args[i],
                            String.join(", ", Scenarios.ALL.stream().map(Scenarios.Entry::name).toList()));
                    System.exit(2);
                }
            }
            if (names.isEmpty()) {
                Scenarios.ALL.forEach(e -> names.add(e.name()));
            }
            return new Arguments(names, options);
        }
    }

    private static void printUsage() {
        System.out.print(USAGE);
        System.out.println("scenarios:");
        for (Scenarios.Entry entry : Scenarios.ALL) {
            System.out.printf(Locale.ROOT, "  %-15s %s%n", entry.name(), entry.description());
        }
    }

    /** The server of {@code --target-url} to drive, or null to start one. */
    private static Server.Remote remote(Map<String, String> options) {
        if (!options.containsKey("target-url")) {
            return null;
        }
        String account = options.getOrDefault("account", "root");
        return new Server.Remote(options.get("target-url").replaceAll("/+$", ""), account,
                options.getOrDefault("username", account), options.getOrDefault("password", ""));
    }

    /** The database of the servers the benchmark starts ({@code --database-url} or the environment), or null for an embedded one. */
    private static String databaseUrl(Map<String, String> options) {
        String databaseUrl = options.getOrDefault("database-url", System.getenv("LAGUNA_BENCH_DATABASE_URL"));
        return databaseUrl != null && databaseUrl.isBlank() ? null : databaseUrl;
    }

    /** Prints the table of outcomes, writes them as JSON and exits with 1 if a scenario failed. */
    private static void report(List<Outcome> outcomes, Map<String, String> options, int files, Server.Remote remote, List<String> names)
            throws IOException {
        System.out.println();
        System.out.print(table(outcomes));
        Path json = Path.of(options.getOrDefault("json", defaultJson()));
        writeJson(json, outcomes, files, remote, names);
        System.out.println("results: " + json.toAbsolutePath());
        long failed = outcomes.stream().filter(o -> o.status().equals("failed")).count();
        long skipped = outcomes.stream().filter(o -> o.status().equals("skipped")).count();
        System.out.printf(Locale.ROOT, "bench: %d passed, %d failed, %d skipped%n", outcomes.size() - failed - skipped, failed, skipped);
        if (failed > 0) {
            System.exit(1);
        }
    }

    static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    static Outcome run(Scenarios.Entry entry, int files, Map<String, String> options, Server.Remote remote, String databaseUrl,
                               String tag) {
        long start = System.nanoTime();
        Optional<Scenario> scenario;
        try {
            scenario = entry.create();
        } catch (IllegalStateException e) {
            return failed(entry.name(), start, e);
        }
        if (scenario.isEmpty()) {
            return skipped(entry.name(), entry.whyMissing(), start);
        }
        if (remote != null && scenario.get().lagunaOnly()) {
            return skipped(entry.name(), "needs a Laguna server started by the benchmark", start);
        }
        try (BenchContext context = new BenchContext(files, options, remote, databaseUrl, tag)) {
            Figures figures = scenario.get().run(context);
            return new Outcome(entry.name(), "ok", null, BenchContext.seconds(start), figures);
        } catch (Scenario.Skipped e) {
            return skipped(entry.name(), e.getMessage(), start);
        } catch (Scenario.Failed e) {
            System.out.println("  FAILED: " + e.getMessage());
            return new Outcome(entry.name(), "failed", e.getMessage(), BenchContext.seconds(start), e.figures());
        } catch (Exception | Error e) {
            return failed(entry.name(), start, e);
        }
    }

    private static Outcome skipped(String name, String reason, long start) {
        System.out.println("  skipped: " + reason);
        return new Outcome(name, "skipped", reason, BenchContext.seconds(start), new Figures());
    }

    private static Outcome failed(String name, long start, Throwable e) {
        System.out.println("  FAILED: " + e);
        e.printStackTrace(System.out);
        return new Outcome(name, "failed", String.valueOf(e), BenchContext.seconds(start), new Figures());
    }

    /** The figures as an aligned table, a row a figure, skipped and failed scenarios on one row each. */
    static String table(List<Outcome> outcomes) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"scenario", "figure", "value", "unit"});
        for (Outcome o : outcomes) {
            if (!o.status().equals("ok")) {
                rows.add(new String[] {o.scenario(), o.status() + ": " + o.reason(), "", ""});
            }
            for (Figures.Figure f : o.figures().list()) {
                rows.add(new String[] {o.scenario(), f.name(), format(f.value()), f.unit()});
            }
        }
        int[] width = new int[4];
        for (String[] row : rows) {
            for (int c = 0; c < 4; c++) {
                if (!(c == 1 && row[2].isEmpty())) {
                    width[c] = Math.max(width[c], row[c].length());
                }
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            String line = row[2].isEmpty() && r > 0
                    ? String.format(Locale.ROOT, "%-" + width[0] + "s  %s", row[0], row[1])
                    : String.format(Locale.ROOT, "%-" + width[0] + "s  %-" + width[1] + "s  %" + width[2] + "s  %s", (Object[]) row);
            out.append(line.stripTrailing()).append('\n');
            if (r == 0) {
                out.append("-".repeat(width[0] + width[1] + width[2] + width[3] + 6)).append('\n');
            }
        }
        return out.toString();
    }

    static String format(double value) {
        double abs = Math.abs(value);
        if (value == Math.rint(value) && abs < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value); // counts: 0, 12, 1,000
        }
        return String.format(Locale.ROOT, abs >= 100 ? "%,.0f" : abs >= 10 ? "%.1f" : "%.2f", value);
    }

    private static String defaultJson() {
        String root = System.getProperty("laguna.root");
        String file = "bench-" + Instant.now().toString().replace(":", "").replaceAll("\\.\\d+", "") + ".json";
        return root == null ? file : Path.of(root, "bench", "results", file).toString();
    }

    private static void writeJson(Path file, List<Outcome> outcomes, int files, Server.Remote remote, List<String> names)
            throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("timestamp", Instant.now().toString());
        doc.put("git_commit", gitCommit());
        doc.put("java_version", System.getProperty("java.version"));
        doc.put("java_vm", System.getProperty("java.vm.name"));
        doc.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        doc.put("cores", Runtime.getRuntime().availableProcessors());
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        doc.put("total_memory_bytes", memory);
        doc.put("target", remote == null ? "laguna (started by the benchmark)" : remote.url());
        doc.put("files", files);
        Map<String, Object> scenarios = new LinkedHashMap<>();
        for (Outcome o : outcomes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", o.status());
            if (o.reason() != null) {
                entry.put("reason", o.reason());
            }
            entry.put("seconds", Math.round(o.seconds() * 10) / 10.0);
            List<Map<String, Object>> figures = new ArrayList<>();
            for (Figures.Figure f : o.figures().list()) {
                Map<String, Object> figure = new LinkedHashMap<>();
                figure.put("name", f.name());
                figure.put("value", f.value());
                figure.put("unit", f.unit());
                figures.add(figure);
            }
            entry.put("figures", figures);
            scenarios.put(o.scenario(), entry);
        }
        doc.put("scenarios", scenarios);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, BenchHttp.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc) + "\n",
                StandardCharsets.UTF_8);
    }

    private static String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "HEAD")
                    .directory(Path.of(System.getProperty("laguna.root", ".")).toFile()).redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor(10, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }
}
