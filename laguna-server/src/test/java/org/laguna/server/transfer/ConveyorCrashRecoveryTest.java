package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.transfer.EngineHeartbeat;
import org.laguna.server.Main;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * Real {@code laguna daemon conveyor} processes killed with SIGKILL in the middle of a replication: the transfers of the
 * dead process are taken over within one heartbeat timeout, by its restart or by a process still alive, what reached
 * the destination is checked, the rest copied again, and the part files the dead process was writing are removed.
 * The source RSE reads slowly ({@link BrakedStorage}) until the process is killed.
 */
class ConveyorCrashRecoveryTest {
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);
    /** Starting a process and copying what is left at full speed, on a loaded machine. */
    private static final Duration SLACK = Duration.ofSeconds(25);
    private static final int FILES = 200;
    private static final int BYTES = 20_000;

    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    private final List<Process> processes = new ArrayList<>();
    private final Map<String, byte[]> contents = new HashMap<>();
    private Path brake;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        root = server.root();
        storage = Files.createTempDirectory("laguna-crash-recovery");
        server.createScope("exp", "root");
        Path source = storage.resolve("braked_source");
        root.post("/rses/BRAKED_SOURCE", Map.of());
        assertThat(root.post("/rses/BRAKED_SOURCE/protocols/braked", Map.of("hostname", "localhost", "port", 0, "prefix", source.toString(),
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1)))).status())
                .isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void killProcesses() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly().waitFor();
        }
    }

    @Test
    void aKilledProcesssTransfersAreFinishedByItsRestartWithinOneHeartbeatTimeout() throws Exception {
        String rule = replicate("restart", "RESTART_DISK");
        Process first = conveyorProcess("first");
        awaitTrue(() -> locksOk(rule) >= 20 && partFiles("RESTART_DISK") > 0, Duration.ofSeconds(120), "copies under way");
        first.destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        assertThat(partFiles("RESTART_DISK")).as("the killed process was writing").isPositive();
        assertThat(locksOk(rule)).as("the killed process had not finished").isLessThan(FILES);
        Files.delete(brake);

        conveyorProcess("restarted");
        awaitTrue(() -> "OK".equals(ruleState(rule)), HEARTBEAT_TIMEOUT.plus(SLACK), "rule OK after the restart");
        System.out.printf(Locale.ROOT, "Rule OK %d ms after the kill (heartbeat timeout %s)%n",
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis(), HEARTBEAT_TIMEOUT);
        assertEveryReplicaVerified("restart", "RESTART_DISK");
    }

    @Test
    void whenOneOfTwoProcessesIsKilledTheOtherTakesOverItsShareWithinOneHeartbeatTimeout() throws Exception {
        Process first = conveyorProcess("first");
        Process second = conveyorProcess("second");
        awaitTrue(() -> liveEnginePids().containsAll(List.of(first.pid(), second.pid())) && liveConveyors() == 2, Duration.ofSeconds(90),
                "both processes beating");
        Thread.sleep(1_000); // each has seen the other, so the queue is split
        String rule = replicate("shared", "SHARED_DISK");
        String killedEngine = engineOf(first.pid());
        awaitTrue(() -> submittedBy(killedEngine) > 0 && locksOk(rule) >= 20, Duration.ofSeconds(120), "both processes copying");
        first.destroyForcibly().waitFor();
        long killedAt = System.nanoTime();
        long share = submittedBy(killedEngine);
        assertThat(share).as("the killed process had transfers of its own under way").isPositive();
        Files.delete(brake);

        awaitTrue(() -> "OK".equals(ruleState(rule)), HEARTBEAT_TIMEOUT.plus(SLACK), "rule OK after the survivor took over");
        System.out.printf(Locale.ROOT, "Rule OK %d ms after the kill; %d transfers of the killed process taken over%n",
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis(), share);
        assertThat(submittedBy(killedEngine)).isZero();
        assertEveryReplicaVerified("shared", "SHARED_DISK");
    }

    /** Uploads the files of a dataset to the slow source and asks for a copy of it on a new POSIX RSE. */
    private String replicate(String dataset, String destination) throws IOException {
        PosixRses.addUnder(root, destination, storage);
        Path dir = Files.createDirectories(work.resolve(dataset));
        Random random = new Random(dataset.hashCode());
        for (int i = 0; i < FILES; i++) {
            byte[] bytes = new byte[BYTES];
            random.nextBytes(bytes);
            String name = dataset + "-" + i + ".dat";
            contents.put(name, bytes);
            Files.write(dir.resolve(name), bytes);
        }
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "BRAKED_SOURCE", "--scope", "exp", "--dataset", "exp:" + dataset,
                "--threads", "8", dir.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", dataset)), "copies", 1,
                "rse_expression", destination));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    private Process conveyorProcess(String label) throws IOException {
        if (brake == null) {
            brake = Files.writeString(work.resolve("brake"), "slow reads while this file exists");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path home = Files.createDirectories(work.resolve("home-" + label));
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath(), Main.class.getName(), "daemon", "conveyor",
                "--home", home.toString(), "--database-url", server.core().config().databaseUrl().orElseThrow());
        builder.environment().put("LAGUNA_DAEMON_SLEEP", "PT0.1S");
        builder.environment().put("LAGUNA_DAEMON_HEARTBEAT_INTERVAL", "PT0.5S");
        builder.environment().put("LAGUNA_DAEMON_HEARTBEAT_TIMEOUT", "PT" + HEARTBEAT_TIMEOUT.toSeconds() + "S");
        builder.environment().put(BrakedStorage.BRAKE, brake.toString());
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

    private void assertEveryReplicaVerified(String dataset, String destination) throws IOException {
        assertThat(partFiles(destination)).as("part files left at the destination").isZero();
        for (int i = 0; i < FILES; i++) {
            String name = dataset + "-" + i + ".dat";
            Path stored = PosixRses.stored(storage, destination, name);
            assertThat(stored).as(name).isNotNull();
            assertThat(Files.readAllBytes(stored)).as(name).isEqualTo(contents.get(name));
        }
        long available = server.core().database().readOnly(tx -> tx.count("select count(*) from replicas r join rses s on s.id = r.rse_id "
                + "where s.rse = ? and r.state = 'AVAILABLE'", destination));
        assertThat(available).isEqualTo(FILES);
    }

    private static long partFiles(String rse) {
        Path dir = storage.resolve(rse.toLowerCase(Locale.ROOT));
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".laguna-part")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ruleState(String id) {
        return root.get("/rules/" + id).json().get("state").asText();
    }

    private static long locksOk(String id) {
        return root.get("/rules/" + id).json().get("locks_ok_cnt").asLong();
    }

    private static long submittedBy(String engine) {
        return server.core().database().readOnly(tx -> tx.count("select count(*) from requests where state = 'SUBMITTED' "
                + "and external_host = ?", engine));
    }

    private static String engineOf(long pid) {
        return server.core().database().readOnly(tx -> tx.queryOne("select payload from heartbeats where daemon = ? and pid = ?",
                rs -> rs.getString(1), EngineHeartbeat.DAEMON, pid)).orElseThrow();
    }

    private static List<Long> liveEnginePids() {
        return server.core().database().readOnly(tx -> tx.query("select pid from heartbeats where daemon = ? "
                + "and updated_at >= now() - ? * interval '1 millisecond'", rs -> rs.getLong(1), EngineHeartbeat.DAEMON,
                HEARTBEAT_TIMEOUT.toMillis()));
    }

    private static long liveConveyors() {
        return server.core().database().readOnly(tx -> tx.count("select count(*) from heartbeats where daemon = 'conveyor' "
                + "and updated_at >= now() - ? * interval '1 millisecond'", HEARTBEAT_TIMEOUT.toMillis()));
    }

    private void awaitTrue(BooleanSupplier condition, Duration limit, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                try (Stream<Path> files = Files.list(work)) {
                    for (Path log : files.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                        String text = Files.readString(log);
                        logs.append("\n--- ").append(log.getFileName()).append(" ---\n")
                                .append(text.length() > 6_000 ? text.substring(text.length() - 6_000) : text);
                    }
                }
                throw new AssertionError("Not " + what + " within " + limit + logs);
            }
            Thread.sleep(100);
        }
    }
}
