package org.laguna.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.laguna.core.Daemons;
import org.laguna.core.LagunaCore;
import org.laguna.core.config.LagunaConfig;
import org.laguna.core.daemon.DaemonRuntime;
import org.laguna.server.daemon.DaemonLauncher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code laguna daemon NAME...}: runs only the chosen daemons, in the foreground, against the
 * PostgreSQL that the API nodes use. Instances in other processes split the work through their
 * heartbeats.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = "Run only the chosen daemons against the shared PostgreSQL (database.url); laguna daemon --list shows them.")
public final class DaemonCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Daemons to run.")
    List<String> names = new ArrayList<>();

    @Option(names = "--list", description = "List the daemons that can run, and exit.")
    boolean list;

    @Option(names = "--threads", defaultValue = "1", description = "Instances (threads) of each daemon in this process. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--once", description = "Let each instance work until it finds nothing to do, then exit.")
    boolean once;

    @Option(names = "--home", description = "Laguna home (configuration). Default: $LAGUNA_HOME or ~/.laguna.")
    Path home;

    @Option(names = "--database-url", description = "JDBC URL of the shared PostgreSQL (overrides database.url).")
    String databaseUrl;

    @Spec
    CommandSpec spec;

    private final Daemons daemons;

    public DaemonCommand() {
        this(Daemons.builtIn());
    }

    public DaemonCommand(Daemons daemons) {
        this.daemons = Objects.requireNonNull(daemons, "daemons is null");
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            daemons.names().forEach(out::println);
            out.flush();
            return 0;
        }
        Set<String> chosen = new LinkedHashSet<>(names);
        Optional<String> problem = check(chosen);
        if (problem.isPresent()) {
            return usageError(problem.get());
        }
        LagunaConfig config = LagunaConfig.load(home != null ? home : LagunaConfig.defaultHome(System.getenv()), System.getenv());
        if (databaseUrl != null) {
            config = config.withDatabase(databaseUrl, config.databaseUser().orElse(null), config.databasePassword().orElse(null));
        }
        if (config.databaseUrl().isEmpty()) {
            return usageError("laguna daemon needs the shared PostgreSQL: set database.url or --database-url"
                    + " (the embedded database belongs to laguna server, which runs every daemon itself)");
        }
        return once ? runOnce(config, chosen, out) : runUntilStopped(config, chosen, out);
    }

    private Optional<String> check(Set<String> chosen) {
        if (chosen.isEmpty()) {
            return Optional.of("name at least one daemon; known daemons: " + String.join(", ", daemons.names()));
        }
        for (String name : chosen) {
            if (!daemons.contains(name)) {
                return Optional.of("no daemon named '" + name + "'; known daemons: " + String.join(", ", daemons.names()));
            }
        }
        if (threads < 1) {
            return Optional.of("--threads must be at least 1, got " + threads);
        }
        return Optional.empty();
    }

    private int usageError(String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("laguna: " + message);
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    private int runOnce(LagunaConfig config, Set<String> chosen, PrintWriter out) throws InterruptedException {
        MeterRegistry counts = new SimpleMeterRegistry();
        long failures;
        try (LagunaCore core = LagunaCore.start(config);
             DaemonRuntime runtime = DaemonLauncher.start(core, daemons, chosen, threads, true, Optional.of(counts))) {
            runtime.awaitStopped();
            failures = runtime.failures();
        }
        for (String name : chosen) {
            out.println(name + ": " + count(counts, "laguna.daemon.items", name) + " items in "
                    + count(counts, "laguna.daemon.cycles", name) + " cycles, "
                    + count(counts, "laguna.daemon.failures", name) + " failed");
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }

    private static long count(MeterRegistry registry, String meter, String daemon) {
        return Math.round(Search.in(registry).name(meter).tag("daemon", daemon).counters().stream()
                .mapToDouble(Counter::count).sum());
    }

    private int runUntilStopped(LagunaConfig config, Set<String> chosen, PrintWriter out) throws InterruptedException {
        LagunaCore core = LagunaCore.start(config);
        DaemonRuntime runtime;
        try {
            runtime = DaemonLauncher.start(core, daemons, chosen, threads, false, Optional.empty());
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
        out.println("Laguna runs " + String.join(", ", chosen) + " (" + threads + " thread" + (threads == 1 ? "" : "s")
                + " each); stop with Ctrl-C");
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runtime.close();
            } finally {
                core.close();
                stopped.countDown();
            }
        }, "laguna-shutdown"));
        stopped.await();
        return 0;
    }
}
