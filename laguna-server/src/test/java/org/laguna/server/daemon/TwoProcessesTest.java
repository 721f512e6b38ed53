package org.laguna.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.LagunaCore;
import org.laguna.core.testing.TestCore;
import org.laguna.server.Main;

/**
 * Two real {@code laguna daemon token-cleaner} processes on one database split the expired
 * tokens; when one is killed, the other takes its slice once the heartbeat expires.
 */
class TwoProcessesTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @TempDir
    Path home;

    private LagunaCore core;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void start() {
        core = TestCore.start();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor();
        }
        core.close();
    }

    @Test
    void twoProcessesSplitTheTokensAndTheSurvivorTakesOverTheKilledOnesSlice() throws Exception {
        Process first = startDaemonProcess("first");
        Process second = startDaemonProcess("second");
        awaitTrue(() -> livePids().size() == 2, Duration.ofSeconds(90), "both processes beating");
        assertThat(livePids()).containsExactlyInAnyOrder(first.pid(), second.pid());
        Thread.sleep(500); // each has seen the other at least once

        addExpiredTokens("round1-", 400);
        awaitTrue(() -> expiredTokens() == 0, Duration.ofSeconds(20), "tokens of round 1 deleted");

        second.destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        addExpiredTokens("round2-", 400);
        Thread.sleep(1_000);
        long waitingForTakeover = expiredTokens();
        awaitTrue(() -> expiredTokens() == 0, TIMEOUT.plusSeconds(10), "tokens of round 2 deleted");
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);

        assertThat(waitingForTakeover).as("the killed process's slice waits for its heartbeat to expire").isBetween(100L, 300L);
        assertThat(takeover).isLessThan(TIMEOUT.plusSeconds(2));
        assertThat(livePids()).containsExactly(first.pid());

        first.destroy(); // SIGTERM: the shutdown hook removes the heartbeat
        assertThat(first.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(allHeartbeatPids()).doesNotContain(first.pid());
    }

    private Process startDaemonProcess(String label) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath(), Main.class.getName(),
                "daemon", "token-cleaner", "--home", home.toString(), "--database-url", core.config().databaseUrl().orElseThrow());
        builder.environment().put("LAGUNA_DAEMON_SLEEP", "PT0.1S");
        builder.environment().put("LAGUNA_DAEMON_HEARTBEAT_INTERVAL", "PT0.5S");
        builder.environment().put("LAGUNA_DAEMON_HEARTBEAT_TIMEOUT", "PT" + TIMEOUT.toSeconds() + "S");
        builder.redirectErrorStream(true);
        builder.redirectOutput(home.resolve(label + ".log").toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** The test class path: Surefire names it in a property when it starts the tests through a manifest-only jar. */
    private static String classPath() {
        String fromSurefire = System.getProperty("surefire.test.class.path");
        String classPath = fromSurefire != null && !fromSurefire.isBlank() ? fromSurefire : System.getProperty("java.class.path");
        assertThat(classPath.split(File.pathSeparator)).anySatisfy(entry -> assertThat(entry).contains("laguna-server"));
        return classPath;
    }

    private void addExpiredTokens(String prefix, int count) {
        Instant expired = Instant.now().minus(Duration.ofHours(1));
        core.database().inTransactionVoid(tx -> tx.update(
                "insert into tokens (token_hash, account, expired_at) select ? || g, 'root', ? from generate_series(1, ?) g",
                prefix, expired, count));
    }

    private long expiredTokens() {
        return core.database().readOnly(tx -> tx.count("select count(*) from tokens where expired_at < now()"));
    }

    private List<Long> livePids() {
        return core.database().readOnly(tx -> tx.query(
                "select pid from heartbeats where daemon = 'token-cleaner' and updated_at >= now() - ? * interval '1 millisecond' order by pid",
                rs -> rs.getLong(1), TIMEOUT.toMillis()));
    }

    private List<Long> allHeartbeatPids() {
        return core.database().readOnly(tx -> tx.query("select pid from heartbeats", rs -> rs.getLong(1)));
    }

    private void awaitTrue(BooleanSupplier condition, Duration limit, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (String label : List.of("first", "second")) {
                    Path log = home.resolve(label + ".log");
                    if (Files.exists(log)) {
                        logs.append("\n--- ").append(label).append(" ---\n").append(Files.readString(log));
                    }
                }
                throw new AssertionError("Not " + what + " within " + limit + logs);
            }
            Thread.sleep(50);
        }
    }
}
