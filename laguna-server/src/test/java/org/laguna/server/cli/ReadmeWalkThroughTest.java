package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.laguna.core.testing.TestCore;
import org.laguna.core.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks the README's quick start as a new user does: every command of the fenced blocks marked
 * {@code <!-- walk-through -->} runs, in order, through bash with {@code set -euo pipefail}, in a
 * fresh home, against a server started with the block marked {@code <!-- walk-through: server -->};
 * any command that fails fails the test. {@code ./laguna} is the distribution's entry point on the
 * test class path, one JVM per command as on a user's machine. Two deviations, both forced: the
 * server's {@code --port} becomes 0 (tests never take fixed ports), and the server runs on a fresh
 * database of the test PostgreSQL ({@code LAGUNA_DATABASE_URL}, as "An external PostgreSQL" shows)
 * with cheap password hashing, so that the build stays fast.
 */
class ReadmeWalkThroughTest {
    private static final String MARK = "<!-- walk-through";
    private static final String SERVER_MARK = "<!-- walk-through: server";
    private static final Duration SERVER_START = Duration.ofMinutes(2);
    private static final long SCRIPT_MINUTES = 10;

    @TempDir
    Path work;

    /** A fenced block of the README marked for the walk-through. */
    record Block(boolean server, String text) {
    }

    @Test
    void everyQuickStartCommandOfTheReadmeRunsAsWritten() throws Exception {
        List<Block> blocks = blocks(Files.readString(readme(), StandardCharsets.UTF_8));
        assertThat(blocks).as("walk-through blocks of README.md").filteredOn(Block::server).hasSize(1);
        assertThat(blocks).filteredOn(b -> !b.server()).isNotEmpty();
        Path home = Files.createDirectories(work.resolve("home"));
        Path clone = Files.createDirectories(work.resolve("clone"));
        writeLauncher(clone);
        Files.createDirectories(home.resolve(".laguna"));
        Files.writeString(home.resolve(".laguna/laguna.properties"), TestCore.TEST_PROPERTIES);

        String serverLine = blocks.stream().filter(Block::server).findFirst().orElseThrow().text().lines()
                .filter(l -> l.strip().startsWith("./laguna server")).findFirst().orElseThrow();
        Process server = start(clone, home, withFreePort(withoutComment(serverLine)), clone.resolve("server.log"),
                Map.of("LAGUNA_DATABASE_URL", TestDatabase.createDatabase()));
        try {
            awaitServer(home, server, clone.resolve("server.log"));
            StringBuilder script = new StringBuilder("set -euo pipefail\nset -x\n");
            blocks.stream().filter(b -> !b.server()).forEach(b -> script.append(b.text()).append('\n'));
            Files.writeString(clone.resolve("walk-through.sh"), script.toString());
            Path log = clone.resolve("walk-through.log");
            Process walk = start(clone, home, "bash walk-through.sh", log, Map.of());
            boolean done = walk.waitFor(SCRIPT_MINUTES, TimeUnit.MINUTES);
            if (!done) {
                walk.destroyForcibly();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(done).as("the walk-through ended within %d minutes:%n%s", SCRIPT_MINUTES, output).isTrue();
            assertThat(walk.exitValue()).as("a README command failed (the last '+' line is the command):%n%s", output).isZero();
            assertThat(output).contains("CNAF_DISK").contains("Dry run: found 2, would register 2")
                    .contains("Attached 2 file(s) to cygno:run02")
                    .contains("found 1, registered 1, already registered 0, mismatched 0, invalid 0, missing on storage 0");
        } finally {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The marked fenced blocks, in README order. */
    static List<Block> blocks(String readme) {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = readme.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith(MARK)) {
                continue;
            }
            int open = i + 1;
            while (open < lines.size() && lines.get(open).isBlank()) {
                open++;
            }
            if (open >= lines.size() || !lines.get(open).strip().startsWith("```")) {
                throw new AssertionError("README line " + (i + 1) + ": a walk-through mark must come right before a fenced block");
            }
            StringBuilder text = new StringBuilder();
            int close = open + 1;
            while (close < lines.size() && !lines.get(close).strip().startsWith("```")) {
                text.append(lines.get(close)).append('\n');
                close++;
            }
            blocks.add(new Block(line.startsWith(SERVER_MARK), text.toString()));
            i = close;
        }
        return blocks;
    }

    private static String withoutComment(String line) {
        int hash = line.indexOf(" #");
        return (hash < 0 ? line : line.substring(0, hash)).strip();
    }

    private static String withFreePort(String command) {
        return command.replaceAll("--port\\s+\\d+", "--port 0");
    }

    private static Path readme() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isRegularFile(dir.resolve("laguna"))) {
                return dir.resolve("README.md");
            }
        }
        throw new AssertionError("No README.md next to the laguna launcher above " + here);
    }

    /**
     * {@code ./laguna} of the walk-through: the distribution's main class on this test's class path.
     * The JVM takes its home directory from the password database, not from {@code HOME}, so the
     * launcher hands it the fresh one.
     */
    private static void writeLauncher(Path clone) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path launcher = clone.resolve("laguna");
        Files.writeString(launcher, "#!/usr/bin/env bash\n"
                + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' -Duser.home=\"$HOME\""
                + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
                + " -Xmx512m --enable-native-access=ALL-UNNAMED -cp '" + classPath + "' org.laguna.server.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Runs a shell command in the clone with a fresh home and none of the caller's Laguna settings. */
    private static Process start(Path clone, Path home, String command, Path log, Map<String, String> settings) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(clone.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(key -> key.startsWith("LAGUNA_"));
        environment.put("HOME", home.toString());
        environment.putAll(settings);
        return builder.start();
    }

    private static void awaitServer(Path home, Process server, Path log) throws Exception {
        Instant deadline = Instant.now().plus(SERVER_START);
        while (Instant.now().isBefore(deadline)) {
            String output = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (output.contains("Laguna serves ")) {
                assertThat(output).as("the server's home is in the fresh home").contains("(home " + home + "/");
                return;
            }
            if (!server.isAlive()) {
                throw new AssertionError("The README's server command ended (exit " + server.exitValue() + "):\n" + output);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The README's server command did not start within " + SERVER_START + ":\n"
                + Files.readString(log, StandardCharsets.UTF_8));
    }
}
