package org.laguna.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A {@code laguna server} in its own JVM with a fixed heap, on a fresh home and a free port. */
final class ServerProcess implements Server, AutoCloseable {
    private static final Pattern SERVES = Pattern.compile("Laguna serves (http://\\S+)");
    private static final Pattern RUNS = Pattern.compile("Laguna runs (.+?) \\(");

    private final Process process;
    private final String url;
    private final String rootPassword;

    private ServerProcess(Process process, String url, String rootPassword) {
        this.process = process;
        this.url = url;
        this.rootPassword = rootPassword;
    }

    /**
     * A server with extra {@code laguna server} arguments (e.g. {@code --without conveyor}), on the
     * embedded PostgreSQL, or on {@code databaseUrl} when it is given.
     */
    static ServerProcess start(Path home, String heap, String rootPassword, List<String> serverArgs, String databaseUrl)
            throws IOException {
        List<String> command = javaCommand(heap, "server", "--port", "0", "--home", home.toString());
        command.addAll(serverArgs);
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            command.add("--database-url");
            command.add(databaseUrl);
        }
        return launch(command, rootPassword, SERVES);
    }

    /**
     * A {@code laguna daemon NAME...} process on the external PostgreSQL {@code databaseUrl}, started once it
     * says it runs; it serves no HTTP, so its {@link #url()} is empty.
     */
    static ServerProcess daemon(Path home, String heap, List<String> daemons, String databaseUrl) throws IOException {
        List<String> command = javaCommand(heap, "daemon", "--home", home.toString(), "--database-url", databaseUrl);
        command.addAll(daemons);
        return launch(command, "", RUNS);
    }

    private static List<String> javaCommand(String heap, String... laguna) {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-Xms" + heap,
                "--enable-native-access=ALL-UNNAMED", "-cp", serverClassPath(), "org.laguna.server.Main"));
        command.addAll(List.of(laguna));
        return command;
    }

    private static ServerProcess launch(List<String> command, String rootPassword, Pattern ready) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LAGUNA_ROOT_PASSWORD", rootPassword);
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    Matcher m = ready.matcher(line);
                    if (m.find()) {
                        url.complete(ready == SERVES ? m.group(1) : "");
                    } else if (line.contains("ERROR") || line.contains("Exception")) {
                        System.err.println("[server] " + line);
                    }
                }
            } catch (IOException ignored) {
                // the server went away
            }
            url.completeExceptionally(new IOException("server exited before serving"));
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(process, url.get(120, TimeUnit.SECONDS), rootPassword);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IOException("server did not start: " + e.getMessage(), e);
        }
    }

    /** This JVM's class path without the benchmark-only libraries (bench/target/lib: s3proxy and its dependencies). */
    private static String serverClassPath() {
        String separator = File.pathSeparator;
        return Arrays.stream(System.getProperty("java.class.path").split(Pattern.quote(separator)))
                .filter(entry -> !entry.replace('\\', '/').contains("/bench/target/lib/"))
                .collect(Collectors.joining(separator));
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public BenchHttp login() throws Exception {
        BenchHttp http = new BenchHttp(url);
        http.login("root", "root", rootPassword);
        return http;
    }

    @Override
    public long heapPeakBytes() throws Exception {
        return login().heapPeak();
    }

    @Override
    public long daemonFailures() throws Exception {
        return login().daemonFailures();
    }

    /** {@code VmHWM} of the server's JVM from {@code /proc}, or -1 where there is no {@code /proc}. */
    @Override
    public long peakRssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or the process is gone
        }
        return -1;
    }

    /** The process id of the server's JVM. */
    long pid() {
        return process.pid();
    }

    /** Kills the server's JVM at once ({@code kill -9}) and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
