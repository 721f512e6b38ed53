package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.EngineHeartbeat;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.ConveyorRig;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;
import org.laguna.spi.transfer.InProcessEngine;
import org.laguna.spi.transfer.JobStatus;
import org.laguna.spi.transfer.TransferJob;

/**
 * Requests a built-in engine of another process took are left to it while its heartbeat is alive, and taken over at
 * once, not after {@code transfer.stale-after}, when it is not.
 */
@ExtendWith(ServerPerClass.class)
class EngineTakeoverTest {
    private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(60);

    private static TestServer server;
    private static ConveyorRig rig;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start(TestServer started) throws Exception {
        server = started;
        rig = ConveyorRig.on(server, "laguna-engine-takeover", "NEAR_DISK", "OTHER_DISK");
        storage = rig.storage();
    }

    private String ruleFor(String name) throws Exception {
        return rig.ruleFor(work, name, "taken over: " + name, "NEAR_DISK", "OTHER_DISK");
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
        return rig.state(rule);
    }

    /** Runs a conveyor whose submissions are stale only after 15 minutes until the rule is OK, for at most 40 cycles. */
    private static void runUntilOk(String rule) {
        rig.runUntilOk(conveyor(), rule);
    }

    private static Conveyor conveyor() {
        return new Conveyor(rig.context(TransferConfig.DEFAULTS, HEARTBEAT_TIMEOUT));
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
        conveyor().runOnce(WorkSlice.ALL);

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
        Conveyor conveyor = new Conveyor(rig.context(TransferConfig.DEFAULTS, new OtherEngine("relay", "liveRelay"), HEARTBEAT_TIMEOUT));

        conveyor.runOnce(WorkSlice.ALL);

        long left = server.core().database().readOnly(tx -> tx.query("select count(*) from requests where state = 'SUBMITTED' "
                + "and external_host = 'goneRelay'", rs -> rs.getLong(1)).getFirst());
        assertThat(left).as("requests of the dead engine still waiting after one cycle").isZero();
    }
}
