package org.laguna.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.laguna.core.Daemons;
import org.laguna.core.LagunaCore;
import org.laguna.core.auth.Bootstrap;
import org.laguna.core.config.LagunaConfig;
import org.laguna.core.daemon.DaemonRuntime;
import org.laguna.core.db.HomeLock;
import org.laguna.server.daemon.DaemonLauncher;
import org.laguna.server.http.BodyLimits;
import org.laguna.server.vo.VoRuntimes;
import java.util.function.Function;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code laguna server}: runs the API and, unless told not to, every daemon, in the foreground until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run the Laguna server in the foreground (or in the background with --detach): the API and every daemon"
                + " (embedded PostgreSQL unless database.url is set).",
                "Commands in other shells find it: its home is recorded in ~/.laguna/last-server."},
        subcommands = {ServerControl.Status.class, ServerControl.Stop.class})
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--port", description = "Port to serve on (0 picks a free one). Default: server.port or 8080.")
    Integer port;

    @Option(names = "--home", description = "Laguna home (configuration, embedded database). Default: $LAGUNA_HOME or ~/.laguna.")
    Path home;

    @Option(names = "--database-url", description = "JDBC URL of an external PostgreSQL (overrides database.url).")
    String databaseUrl;

    @Option(names = "--no-daemons", description = "Run only the API; daemons run elsewhere (laguna daemon).")
    boolean noDaemons;

    @Option(names = "--without", split = ",", paramLabel = "DAEMON",
            description = "Daemons not to run here (comma-separated), e.g. --without conveyor when another node moves the bytes.")
    List<String> without = List.of();

    @Option(names = "--detach", description = "Start in the background and return once it serves: prints URL, home, pid and the log"
            + " file (<home>/logs/server.log). See 'laguna server status' and 'laguna server stop'.")
    boolean detach;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path laguna = (home != null ? home : LagunaConfig.defaultHome(System.getenv())).toAbsolutePath().normalize();
        LagunaConfig config = LagunaConfig.load(laguna, System.getenv());
        if (port != null) {
            config = config.withPort(port);
        }
        if (databaseUrl != null) {
            config = config.withDatabase(databaseUrl, config.databaseUser().orElse(null), config.databasePassword().orElse(null));
        }
        Daemons known = Daemons.builtIn();
        for (String name : without) {
            if (!known.contains(name)) {
                spec.commandLine().getErr().println("laguna: no daemon named '" + name + "'; known daemons: "
                        + String.join(", ", known.names()));
                return 2;
            }
        }
        if (!Files.isDirectory(laguna)) {
            Files.createDirectories(laguna, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (detach) {
            return ServerControl.detach(spec.commandLine().getOut(), spec.commandLine().getErr(), laguna, foregroundArguments(laguna));
        }
        Running running;
        HomeLock lock = null;
        try {
            // the embedded database takes the home itself; with an external one the lock still tells status and stop who serves
            lock = config.databaseUrl().isPresent() ? HomeLock.acquire(laguna) : null;
            running = start(config, System.out, !noDaemons, Set.copyOf(without));
        } catch (LagunaException e) {
            if (lock != null) {
                lock.close();
            }
            spec.commandLine().getErr().println("laguna: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        ServerControl.announce(System.out, laguna, running.url());
        CountDownLatch stopped = new CountDownLatch(1);
        HomeLock held = lock;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } finally {
                ServerControl.forgetUrl(laguna, running.url());
                if (held != null) {
                    held.close();
                }
                stopped.countDown();
            }
        }, "laguna-shutdown"));
        stopped.await();
        return 0;
    }

    /** The options of this command for the background process, without --detach. */
    private List<String> foregroundArguments(Path laguna) {
        List<String> args = new ArrayList<>(List.of("--home", laguna.toString()));
        if (port != null) {
            args.addAll(List.of("--port", port.toString()));
        }
        if (databaseUrl != null) {
            args.addAll(List.of("--database-url", databaseUrl));
        }
        if (noDaemons) {
            args.add("--no-daemons");
        }
        if (!without.isEmpty()) {
            args.addAll(List.of("--without", String.join(",", without)));
        }
        return args;
    }

    /** A started core, HTTP server and daemons, closed together (daemons first). */
    public record Running(LagunaCore core, LagunaServer server, Optional<DaemonRuntime> daemons, String url) implements AutoCloseable {
        public Running {
            Objects.requireNonNull(core, "core is null");
            Objects.requireNonNull(server, "server is null");
            Objects.requireNonNull(daemons, "daemons is null");
            Objects.requireNonNull(url, "url is null");
        }

        @Override
        public void close() {
            try {
                daemons.ifPresent(DaemonRuntime::close);
            } finally {
                try {
                    server.close();
                } finally {
                    core.close();
                }
            }
        }
    }

    /** Starts core, server and every daemon; see {@link #start(LagunaConfig, java.io.PrintStream, boolean)}. */
    public static Running start(LagunaConfig config, PrintStream out) throws IOException {
        return start(config, out, true);
    }

    /** Starts core and server (and every registered daemon if asked), bootstraps root, writes {@code <home>/server.url}. */
    public static Running start(LagunaConfig config, PrintStream out, boolean withDaemons) throws IOException {
        return start(config, out, withDaemons, Set.of());
    }

    /** As {@link #start(LagunaConfig, java.io.PrintStream, boolean)}, leaving out some daemons. */
    public static Running start(LagunaConfig config, PrintStream out, boolean withDaemons, Set<String> without)
            throws IOException {
        if (!Files.isDirectory(config.home())) {
            Files.createDirectories(config.home(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        LagunaCore core = LagunaCore.start(config);
        LagunaServer server = null;
        try {
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            // the port is taken before root exists, so a start that cannot serve leaves no root behind
            Function<LagunaCore, AutoCloseable> voDaemons = VoRuntimes.NO_DAEMONS;
            if (withDaemons) {
                Daemons all = Daemons.builtIn();
                List<String> chosen = all.forServer(without);
                // each VO's daemons work on its own catalogue; the server's metrics count the default VO's
                voDaemons = voCore -> DaemonLauncher.start(voCore, all, chosen, 0, false, Optional.empty());
            }
            server = LagunaServer.start(core, config.host(), config.port(), metrics, BodyLimits.from(config.source()), voDaemons);
            String url = "http://" + config.host() + ":" + server.port();
            Files.writeString(config.home().resolve("server.url"), url + "\n", StandardCharsets.UTF_8);
            bootstrapRoot(core, config, out);
            core.bootstrapSuperRoot().filter(Bootstrap.RootCredentials::generated).ifPresent(superRoot -> {
                out.println("Created account '" + superRoot.account() + "' (manages the VOs) with username '" + superRoot.username()
                        + "' and password: " + superRoot.password());
                out.println("(shown once; laguna admin reset-root-password --super-root gives it a new one)");
            });
            Optional<DaemonRuntime> daemons = Optional.empty();
            if (withDaemons) {
                Daemons all = Daemons.builtIn();
                List<String> chosen = all.forServer(without);
                daemons = Optional.of(DaemonLauncher.start(core, all, chosen, 0, false, Optional.of(metrics)));
            }
            String https = server.httpsPort().isPresent() ? " and https://" + config.host() + ":" + server.httpsPort().getAsInt() : "";
            out.println("Laguna serves " + url + https + " (home " + config.home() + ")"
                    + (withDaemons ? "" : "; daemons not started (--no-daemons)"));
            out.flush();
            return new Running(core, server, daemons, url);
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            }
            core.close();
            throw e;
        }
    }

    /**
     * Creates root on the first start. A generated password is saved in {@code <home>/config} in
     * the same transaction that creates root, and a password saved by an earlier start that failed
     * before root was committed is used again. An existing root keeps its password: see
     * {@code laguna admin reset-root-password}.
     */
    private static void bootstrapRoot(LagunaCore core, LagunaConfig config, PrintStream out) {
        LocalClientConfig clientConfig = new LocalClientConfig(config.home());
        String username = config.rootUsername();
        Optional<String> chosen = config.rootPassword();
        String password = chosen.or(() -> clientConfig.savedPassword(username)).orElseGet(Bootstrap::generatePassword);
        Bootstrap bootstrap = core.rootBootstrap();
        Optional<Bootstrap.RootCredentials> created = bootstrap.ensureRoot(
                new Bootstrap.RootCredentials(username, username, password, chosen.isEmpty()), root -> {
                    if (root.generated()) {
                        clientConfig.saveRoot(root);
                    }
                });
        if (created.isPresent() && created.get().generated()) {
            Bootstrap.RootCredentials root = created.get();
            out.println("Created account '" + root.account() + "' with username '" + root.username()
                    + "' and password: " + root.password());
            out.println("(shown once; also saved for the local command line in " + clientConfig.file() + ")");
        } else if (created.isEmpty() && chosen.isPresent() && !bootstrap.rootAccepts(username, chosen.get())) {
            out.println("Note: account '" + username + "' exists already and keeps its password; LAGUNA_ROOT_PASSWORD applies to the"
                    + " first start only. To set it: laguna admin reset-root-password --home " + config.home());
        }
    }
}
