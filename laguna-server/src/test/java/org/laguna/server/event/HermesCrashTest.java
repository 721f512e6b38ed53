package org.laguna.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.event.EmbeddedStompBroker;
import org.laguna.core.event.StompReader;
import org.laguna.server.Main;
import org.laguna.server.testing.TestServer;

/**
 * A real {@code laguna daemon hermes} process killed with SIGKILL while 10,000 events are
 * pending: after a restart every event reaches the broker at least once (counted by a real STOMP
 * subscriber), and the outbox ends empty with all of them in the history.
 */
class HermesCrashTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 10_000;
    private static final String DESTINATION = "/queue/crash";

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();
    private final Set<Integer> seen = new HashSet<>();
    private int read;

    @AfterEach
    void killProcesses() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void killingHermesWhileTenThousandEventsArePendingLosesNoneOnceItIsRestarted() throws Exception {
        try (EmbeddedStompBroker broker = EmbeddedStompBroker.started();
             TestServer server = TestServer.start();
             StompReader reader = StompReader.subscribe(broker.broker(), DESTINATION)) {
            server.core().database().inTransactionVoid(tx -> tx.update("insert into messages (event_type, payload, ordering_key, created_at) "
                    + "select 'transfer-done', jsonb_build_object('scope', 'exp', 'name', 'f' || g, 'seq', g), 'exp:f' || (g % 700), now() "
                    + "from generate_series(1, ?) g", EVENTS));

            Process first = hermesProcess(server, broker, "first");
            awaitTrue(() -> reader.received().size() >= 1_000, Duration.ofSeconds(300), "the first process delivering");
            first.destroyForcibly().waitFor();
            long pendingAtKill = pending(server);
            assertThat(pendingAtKill).as("killed with events still pending").isPositive();

            hermesProcess(server, broker, "restarted");
            try {
                awaitTrue(() -> distinctDelivered(reader) == EVENTS && pending(server) == 0, Duration.ofSeconds(300),
                        "every event delivered after the restart");
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + ": " + distinctDelivered(reader) + " distinct events received, " + pending(server)
                        + " pending; the restarted process said:\n" + tail(work.resolve("restarted.log")), e);
            }
            System.out.printf("%d events pending at the kill; %d messages received for %d events%n", pendingAtKill,
                    reader.received().size(), EVENTS);
            long history = server.core().database().readOnly(tx -> tx.count("select count(*) from messages_history"));
            assertThat(history).isEqualTo(EVENTS);
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static long pending(TestServer server) {
        return server.core().database().readOnly(tx -> tx.count("select count(*) from messages"));
    }

    /** The distinct events received so far (read incrementally: the list only grows). */
    private int distinctDelivered(StompReader reader) {
        List<StompReader.Received> received = reader.received();
        for (int i = read; i < received.size(); i++) {
            try {
                seen.add(JSON.readTree(received.get(i).body()).get("payload").get("seq").asInt());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        read = received.size();
        return seen.size();
    }

    private Process hermesProcess(TestServer server, EmbeddedStompBroker broker, String label) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path home = Files.createDirectories(work.resolve("home-" + label));
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath(), Main.class.getName(), "daemon", "hermes",
                "--home", home.toString(), "--database-url", server.core().config().databaseUrl().orElseThrow());
        builder.environment().put("LAGUNA_DAEMON_SLEEP", "PT0.1S");
        builder.environment().put("LAGUNA_DAEMON_HEARTBEAT_INTERVAL", "PT0.5S");
        builder.environment().put("LAGUNA_DAEMON_HEARTBEAT_TIMEOUT", "PT3S");
        builder.environment().put("LAGUNA_HERMES_BATCH_SIZE", "100");
        builder.environment().put("LAGUNA_HERMES_STOMP_CHUNK", "20");
        builder.environment().put("LAGUNA_HERMES_STOMP_BROKERS", "127.0.0.1:" + broker.port());
        builder.environment().put("LAGUNA_HERMES_STOMP_USERNAME", EmbeddedStompBroker.USER);
        builder.environment().put("LAGUNA_HERMES_STOMP_PASSWORD", EmbeddedStompBroker.PASSWORD);
        builder.environment().put("LAGUNA_HERMES_STOMP_DESTINATION", DESTINATION);
        builder.redirectErrorStream(true);
        builder.redirectOutput(work.resolve(label + ".log").toFile());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    private static String classPath() {
        String fromSurefire = System.getProperty("surefire.test.class.path");
        return fromSurefire != null && !fromSurefire.isBlank() ? fromSurefire : System.getProperty("java.class.path");
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(500);
        }
    }
}
