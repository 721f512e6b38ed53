package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.rule.JudgeRepairer;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.ConveyorRig;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/**
 * The judge-repairer re-creating a bad copy and the conveyor-finisher recording an arrival on the same RSE lock their
 * rows in one order (the replica and the RSE's usage row first, then locks and rules), so they wait for each other
 * instead of deadlocking. The finisher's order is played step by step on a connection of the test, the repairer runs
 * as the daemon does in between: deterministic, not a race.
 */
@ExtendWith(ServerPerClass.class)
class RepairFinishLockOrderTest {
    private static TestServer server;
    private static ConveyorRig rig;

    @TempDir
    Path work;

    @BeforeAll
    static void start(TestServer started) throws Exception {
        server = started;
        rig = ConveyorRig.on(server, "laguna-lock-order", "NEAR_DISK", "OTHER_DISK");
    }

    private String copiedToOtherDisk(String name) throws Exception {
        String rule = rig.ruleFor(work, name, "lock order: " + name, "NEAR_DISK", "OTHER_DISK");
        rig.runUntilOk(new Conveyor(rig.context(TransferConfig.DEFAULTS, Duration.ofSeconds(60))), rule);
        assertThat(rig.state(rule)).isEqualTo("OK");
        return rule;
    }

    private static long waitingForLocks() {
        return server.core().database().readOnly(tx -> tx.query("select count(*) from pg_stat_activity where datname = current_database() "
                + "and wait_event_type = 'Lock'", rs -> rs.getLong(1)).getFirst());
    }

    @Test
    void repairingABadCopyWhileTheFinisherRecordsAnArrivalOnTheSameRseDoesNotDeadlock() throws Exception {
        copiedToOtherDisk("arriving.dat");
        String repairedRule = copiedToOtherDisk("repaired.dat");
        server.core().database().inTransactionVoid(tx -> tx.update("insert into bad_replicas (scope, name, rse_id, reason, state) "
                + "select 'exp', 'repaired.dat', id, 'lost', 'BAD' from rses where rse = 'OTHER_DISK'"));

        try (Connection finisher = server.core().database().dataSource().getConnection()) {
            finisher.setAutoCommit(false);
            // the finisher's first step: the arriving copy's replica, whose usage trigger holds the RSE's usage row
            execute(finisher, "update replicas set state = 'COPYING' where name = 'arriving.dat' and rse_id = "
                    + "(select id from rses where rse = 'OTHER_DISK')");
            CompletableFuture<Integer> repairer = CompletableFuture.supplyAsync(() -> new JudgeRepairer(server.core().services().rules(),
                    TransferConfig.DEFAULTS.stuckRetryDelay()).runOnce(WorkSlice.ALL));
            for (int i = 0; i < 100 && waitingForLocks() == 0 && !repairer.isDone(); i++) {
                Thread.sleep(50);
            }
            // its next step: the counters of the rules the arrivals belong to (here the rule the repairer works on)
            execute(finisher, "update rules set updated_at = now() where id = '" + repairedRule + "'");
            finisher.rollback();
            assertThat(repairer.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
        String outcome = server.core().database().readOnly(tx -> tx.query("select state from bad_replicas where name = 'repaired.dat' "
                + "order by updated_at desc", rs -> rs.getString(1)).getFirst());
        assertThat(outcome).isEqualTo("RECOVERED");
    }

    private static void execute(Connection connection, String sql) throws Exception {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.executeUpdate();
        }
    }
}
