package org.laguna.server;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.laguna.cli.Connection;
import org.laguna.cli.LocalServer;
import org.laguna.core.db.HomeLock;
import org.laguna.core.db.HomeLock.Owner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A local server in the background: {@code laguna server --detach} starts it, {@code laguna server status}
 * and {@code laguna server stop} find it through the home's lock file ({@code <home>/laguna.lock}: pid
 * and start time). Its output goes to {@code <home>/logs/server.log}.
 */
final class ServerControl {
    /** Exit code of {@code status} when no server runs on the home. */
    static final int NOT_RUNNING = 3;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private ServerControl() {
    }

    static Path logFile(Path home) {
        return home.resolve("logs").resolve("server.log");
    }

    /** The home the lifecycle commands act on: --home, else as the client commands find it. */
    static Path home(Path given) {
        if (given != null) {
            return given.toAbsolutePath().normalize();
        }
        Connection connection = new Connection();
        return connection.home(System.getenv()).toAbsolutePath().normalize();
    }

    private static String url(Path home) {
        try {
            Path file = home.resolve("server.url");
            return Files.isReadable(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : "(unknown)";
        } catch (IOException e) {
            return "(unknown)";
        }
    }

    /** Starts {@code laguna server serverArgs} as a background process and waits until it serves (or fails). */
    static int detach(PrintWriter out, PrintWriter err, Path home, List<String> serverArgs) throws IOException, InterruptedException {
        Optional<Owner> owner = HomeLock.liveOwner(home);
        if (owner.isPresent()) {
            err.println("laguna: a Laguna server (pid " + owner.get().pid() + ", started " + owner.get().started() + ") already uses home "
                    + home + "; see 'laguna server status --home " + home + "'");
            return 1;
        }
        Path log = prepareLog(home);
        long offset = Files.size(log);
        ProcessBuilder builder = new ProcessBuilder(command(serverArgs))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Process process = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String output = readFrom(log, offset);
            if (output.contains("Laguna serves ")) {
                relayStartMessages(out, output);
                out.println("Laguna serves " + url(home) + " in the background");
                out.println("  home " + home);
                out.println("  pid  " + process.pid());
                out.println("  log  " + log);
                out.println("Stop it with 'laguna server stop --home " + home + "'; see it with 'laguna server status --home " + home + "'.");
                pinHint(home).ifPresent(out::println);
                out.flush();
                return 0;
            }
            if (!process.isAlive()) {
                err.println("laguna: the server did not start (exit " + process.exitValue() + "); its output, from " + log + ":");
                output.lines().filter(line -> !line.isBlank()).skip(Math.max(0, output.lines().count() - 10)).forEach(err::println);
                err.flush();
                return 1;
            }
            Thread.sleep(200);
        }
        err.println("laguna: the server (pid " + process.pid() + ") has not started serving after " + START_TIMEOUT.toMinutes()
                + " minutes; see " + log);
        return 1;
    }

    private static Path prepareLog(Path home) throws IOException {
        Path logs = home.resolve("logs");
        Files.createDirectories(logs, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path log = logFile(home);
        if (!Files.exists(log)) {
            // the first start writes root's generated password in it
            Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return log;
    }

    /** This JVM's java, class path and JVM options, running {@code laguna server} in a session of its own when possible. */
    private static List<String> command(List<String> serverArgs) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // no hang-up or Ctrl-C from the terminal that started it
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (option.startsWith("--enable-native-access") || option.startsWith("-Xmx") || option.startsWith("-Xms")) {
                command.add(option);
            }
        }
        command.add("-Duser.home=" + System.getProperty("user.home")); // the same ~/.laguna as this command's
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("server");
        command.addAll(serverArgs);
        return command;
    }

    private static String readFrom(Path log, long offset) throws IOException {
        byte[] all = Files.readAllBytes(log);
        return offset >= all.length ? "" : new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
    }

    /** The lines the server prints for its user (root's first password, notes), not its log lines. */
    private static void relayStartMessages(PrintWriter out, String output) {
        output.lines().filter(line -> line.startsWith("Created account") || line.startsWith("(shown once") || line.startsWith("Note:"))
                .forEach(out::println);
    }

    /** A command about the server of one home: the home and its live owner. */
    abstract static class OnHome implements Callable<Integer> {
        @Option(names = "--home", description = "Laguna home. Default: $LAGUNA_HOME, ~/.laguna or the last local server's home.")
        Path home;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() throws InterruptedException {
            Path laguna = home(home);
            return run(laguna, HomeLock.liveOwner(laguna), spec.commandLine().getOut());
        }

        abstract int run(Path laguna, Optional<Owner> owner, PrintWriter out) throws InterruptedException;
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show whether a Laguna server runs on the home: pid, start time, URL, log file. Exit 3 if none runs.")
    static final class Status extends OnHome {
        @Override
        int run(Path laguna, Optional<Owner> owner, PrintWriter out) {
            if (owner.isEmpty()) {
                out.println("No Laguna server runs on home " + laguna + "; start one with 'laguna server --detach --home " + laguna + "'");
                out.flush();
                return NOT_RUNNING;
            }
            out.println("Laguna server running on home " + laguna);
            out.println("  url     " + url(laguna));
            out.println("  pid     " + owner.get().pid());
            out.println("  started " + owner.get().started());
            out.println("  log     " + (Files.exists(logFile(laguna)) ? logFile(laguna) : "(none: started in the foreground)"));
            out.flush();
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop the Laguna server running on the home (as Ctrl-C would) and wait until it has stopped.")
    static final class Stop extends OnHome {
        @Override
        int run(Path laguna, Optional<Owner> owner, PrintWriter out) throws InterruptedException {
            Optional<ProcessHandle> process = owner.flatMap(o -> ProcessHandle.of(o.pid()));
            if (process.isEmpty() || process.get().pid() == ProcessHandle.current().pid()) {
                out.println("No Laguna server runs on home " + laguna + "; nothing to stop");
                out.flush();
                return 0;
            }
            process.get().destroy();
            try {
                process.get().onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                spec.commandLine().getErr().println("laguna: the server (pid " + process.get().pid() + ") is still stopping after "
                        + STOP_TIMEOUT.toSeconds() + " s; see " + logFile(laguna));
                return 1;
            }
            out.println("Stopped the Laguna server (pid " + process.get().pid() + ") on home " + laguna);
            out.flush();
            return 0;
        }
    }

    /** Removes {@code <home>/server.url} at a clean stop if it still names this server, so no command talks to a stopped one. */
    static void forgetUrl(Path home, String url) {
        Path file = home.resolve("server.url");
        try {
            if (Files.isReadable(file) && Files.readString(file, StandardCharsets.UTF_8).trim().equals(url)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            // a stale file only makes the next command say it cannot connect
        }
    }

    /** Records a server started on a home other than ~/.laguna, and tells how to pin it. */
    static void announce(PrintStream out, Path home, String url) {
        LocalServer.record(home, url);
        pinHint(home).ifPresent(out::println);
        out.flush();
    }

    /** For a home other than ~/.laguna: that the next commands find it, and the line that pins a shell to it. */
    private static Optional<String> pinHint(Path home) {
        Path absolute = home.toAbsolutePath().normalize();
        if (absolute.equals(LocalServer.defaultHome().toAbsolutePath().normalize())) {
            return Optional.empty();
        }
        return Optional.of("Commands in any shell now use this server (recorded in " + LocalServer.defaultHome().resolve("last-server")
                + "); to pin it in a shell: export LAGUNA_HOME=" + absolute);
    }
}
