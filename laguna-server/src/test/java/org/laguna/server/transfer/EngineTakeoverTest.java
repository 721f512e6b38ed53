package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.EngineHeartbeat;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.laguna.spi.transfer.InProcessEngine;
import org.laguna.spi.transfer.JobStatus;
import org.laguna.spi.transfer.TransferJob;

/**
 * Requests a built-in engine of another process took are left to it while its heartbeat is alive, and taken over at
 * once, not after {@code transfer.stale-after}, when it is not.
 */
class EngineTakeoverTest {
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);

    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        root = server.root();
        storage = Files.createTempDirectory("laguna-engine-takeover");
        server.createScope("exp", "root");
        PosixRses.addUnder(root, "NEAR_DISK", storage);
        PosixRses.addUnder(root, "OTHER_DISK", storage);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private String ruleFor(String name) throws Exception {
        Path file = Files.writeString(work.resolve(name), "taken over: " + name);
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "NEAR_DISK", "--scope", "exp", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", name)), "copies", 1,
                "rse_expression", "OTHER_DISK"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    /** Leaves a request as an engine of another process that has just taken it would. */
    private static void submittedJustNowBy(String engine, String name) {
        server.core().database().inTransactionVoid(tx -> tx.update("update requests set state = 'SUBMITTED', transfertool = 'builtin', "
                + "external_id = ? || ':1', external_host = ?, submitted_at = now() where name = ?", engine, engine, name));
    }

    private static void engineBeating(String engine, Duration ago) {
        server.core().database().inTransactionVoid(tx -> tx.update("insert into heartbeats (daemon, hostname, pid, thread_number, thread_name, "
                + "payload, created_at, updated_at) values (?, 'elsewhere', 4242, 0, 'transfer-engine-0', ?, now(), now() - ? * interval "
                + "'1 millisecond') on conflict (daemon, hostname, pid, thread_number) do update set updated_at = excluded.updated_at",
                EngineHeartbeat.DAEMON, engine, ago.toMillis()));
    }

    private static String state(String rule) {
        return root.get("/rules/" + rule).json().get("state").asText();
    }

    /** Runs a conveyor whose submissions are stale only after 15 minutes until the rule is OK, for at most 40 cycles. */
    private static void runUntilOk(String rule) {
        LagunaCore core = server.core();
        Conveyor conveyor = new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS, core.transferTool(), HEARTBEAT_TIMEOUT));
        for (int i = 0; i < 40 && !"OK".equals(state(rule)); i++) {
            conveyor.runOnce(WorkSlice.ALL);
        }
    }

    @Test
    void aDeadEnginesRequestIsTakenOverAtOnceAndALiveOnesIsLeftToItUntilItsHeartbeatExpires() throws Exception {
        String orphaned = ruleFor("orphaned.dat");
        String owned = ruleFor("owned.dat");
        submittedJustNowBy("goneengine", "orphaned.dat");
        submittedJustNowBy("liveengine", "owned.dat");
        engineBeating("liveengine", Duration.ZERO);

        runUntilOk(orphaned);
        assertThat(state(orphaned)).as("the dead engine's transfer, submitted a moment ago, is copied again").isEqualTo("OK");
        assertThat(Files.readString(PosixRses.stored(storage, "OTHER_DISK", "orphaned.dat"))).isEqualTo("taken over: orphaned.dat");
        assertThat(state(owned)).as("the live engine's transfer is left to it").isEqualTo("REPLICATING");
        assertThat(PosixRses.stored(storage, "OTHER_DISK", "owned.dat")).isNull();

        engineBeating("liveengine", HEARTBEAT_TIMEOUT.plusSeconds(1));
        runUntilOk(owned);
        assertThat(state(owned)).as("once its heartbeat expired").isEqualTo("OK");
    }

    @Test
    void everyRequestOfADeadEngineIsTakenOverInTheFirstCycleHoweverManyThereAre() {
        int orphans = 1_000;
        server.core().database().inTransactionVoid(tx -> tx.update("insert into requests (scope, name, dest_rse_id, state, transfertool, "
                + "external_id, external_host, submitted_at) select 'exp', 'many-orphans-' || i, (select id from rses where rse = "
                + "'OTHER_DISK'), 'SUBMITTED', 'builtin', 'crowdedengine:' || i, 'crowdedengine', now() from generate_series(1, ?) i", orphans));
        LagunaCore core = server.core();
        Conveyor conveyor = new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS, core.transferTool(), HEARTBEAT_TIMEOUT));

        conveyor.runOnce(WorkSlice.ALL);

        long left = server.core().database().readOnly(tx -> tx.query("select count(*) from requests where state = 'SUBMITTED' "
                + "and external_host = 'crowdedengine'", rs -> rs.getLong(1)).getFirst());
        assertThat(left).as("requests of the dead engine still waiting for a live one after one cycle").isZero();
    }
    /** An in-process engine other than the built-in one, which takes nothing (it is always full). */
    private record OtherEngine(String name, String engineId) implements InProcessEngine {
        @Override
        public String submit(TransferJob job) {
            throw new IllegalStateException("takes no job");
        }

        @Override
        public Map<String, JobStatus> query(Collection<String> jobIds) {
            return Map.of();
        }

        @Override
        public void cancel(Collection<String> jobIds) {
        }

        @Override
        public boolean madeJob(String jobId) {
            return jobId.startsWith(engineId + ":");
        }

        @Override
        public boolean full() {
            return true;
        }
    }

    @Test
    void theRequestsOfADeadEngineOfAnotherInProcessToolAreTakenOverByAProcessRunningThatTool() {
        server.core().database().inTransactionVoid(tx -> tx.update("insert into requests (scope, name, dest_rse_id, state, transfertool, "
                + "external_id, external_host, submitted_at) select 'exp', 'other-tool-orphans-' || i, (select id from rses where rse = "
                + "'OTHER_DISK'), 'SUBMITTED', 'relay', 'goneRelay:' || i, 'goneRelay', now() from generate_series(1, 3) i"));
        LagunaCore core = server.core();
        Conveyor conveyor = new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS, new OtherEngine("relay", "liveRelay"),
                HEARTBEAT_TIMEOUT));

        conveyor.runOnce(WorkSlice.ALL);

        long left = server.core().database().readOnly(tx -> tx.query("select count(*) from requests where state = 'SUBMITTED' "
                + "and external_host = 'goneRelay'", rs -> rs.getLong(1)).getFirst());
        assertThat(left).as("requests of the dead engine still waiting after one cycle").isZero();
    }
}
