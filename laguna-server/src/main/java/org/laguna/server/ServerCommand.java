package org.laguna.server;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.laguna.core.LagunaCore;
import org.laguna.core.auth.Bootstrap;
import org.laguna.core.config.LagunaConfig;
import org.laguna.core.daemon.DaemonRuntime;
import org.laguna.core.daemon.Daemons;
import org.laguna.server.daemon.DaemonLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code laguna server}: runs the API and, unless told not to, every daemon, in the foreground until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Run the Laguna server in the foreground: the API and every daemon (embedded PostgreSQL unless database.url is set).")
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
    java.util.List<String> without = java.util.List.of();

    @Override
    public Integer call() throws Exception {
        Path laguna = home != null ? home : LagunaConfig.defaultHome(System.getenv());
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
                System.err.println("laguna: no daemon named '" + name + "'; known daemons: " + String.join(", ", known.names()));
                return 2;
            }
        }
        Running running = start(config, System.out, !noDaemons, java.util.Set.copyOf(without));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "laguna-shutdown"));
        stopped.await();
        return 0;
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
    public static Running start(LagunaConfig config, java.io.PrintStream out) throws IOException {
        return start(config, out, true);
    }

    /** Starts core and server (and every registered daemon if asked), bootstraps root, writes {@code <home>/server.url}. */
    public static Running start(LagunaConfig config, java.io.PrintStream out, boolean withDaemons) throws IOException {
        return start(config, out, withDaemons, java.util.Set.of());
    }

    /** As {@link #start(LagunaConfig, java.io.PrintStream, boolean)}, leaving out some daemons. */
    public static Running start(LagunaConfig config, java.io.PrintStream out, boolean withDaemons, java.util.Set<String> without)
            throws IOException {
        Files.createDirectories(config.home());
        LagunaCore core = LagunaCore.start(config);
        LagunaServer server = null;
        try {
            Optional<Bootstrap.RootCredentials> created = core.bootstrap();
            PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            server = LagunaServer.start(core, config.host(), config.port(), metrics);
            String url = "http://" + config.host() + ":" + server.port();
            Files.writeString(config.home().resolve("server.url"), url + "\n", StandardCharsets.UTF_8);
            if (created.isPresent() && created.get().generated()) {
                Bootstrap.RootCredentials root = created.get();
                writeClientConfig(config.home(), root);
                out.println("Created account '" + root.account() + "' with username '" + root.username()
                        + "' and password: " + root.password());
                out.println("(shown once; also saved for the local command line in " + config.home().resolve("config") + ")");
            }
            Optional<DaemonRuntime> daemons = Optional.empty();
            if (withDaemons) {
                Daemons all = Daemons.builtIn();
                java.util.List<String> chosen = all.forServer(without);
                daemons = Optional.of(DaemonLauncher.start(core, all, chosen, 0, false, Optional.of(metrics)));
            }
            out.println("Laguna serves " + url + " (home " + config.home() + ")"
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

    private static void writeClientConfig(Path home, Bootstrap.RootCredentials root) throws IOException {
        Path file = home.resolve("config");
        if (Files.exists(file)) {
            return;
        }
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
            writer.write("# Written by the first start of the local Laguna server.\n");
            writer.write("account=" + root.account() + "\n");
            writer.write("username=" + root.username() + "\n");
            writer.write("password=" + root.password() + "\n");
        }
    }
}
