package org.laguna.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.testing.TestCore;

/**
 * The checks that no other replica holds a file (the reaper's claim and its check before deleting,
 * the submitter's check of destination paths) reach their rows through the path index: with
 * sequential scans priced out, PostgreSQL plans none.
 */
class SharedPathQueryPlanTest {
    private static LagunaCore core;

    @BeforeAll
    static void start() {
        core = TestCore.start();
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static String plan(String sql, Object... params) {
        return core.database().inTransaction(tx -> {
            tx.update("set local enable_seqscan = off");
            return String.join("\n", tx.query("explain " + sql, rs -> rs.getString(1), params));
        });
    }

    @Test
    void theClaimChecksForSharedPathsThroughThePathIndex() {
        Timestamp now = Timestamp.from(Instant.now());
        for (boolean obsoleteOnly : new boolean[] {true, false}) {
            String plan = plan(Reaper.claimQuery(obsoleteOnly), UUID.randomUUID(), now, now, 1_000, now, Long.MAX_VALUE);
            assertThat(plan).as(plan).doesNotContain("Seq Scan").contains("replicas_path_idx");
        }
    }

    @Test
    void theSharedFileCheckReadsThePathIndex() {
        String plan = core.database().inTransaction(tx -> {
            tx.update("set local enable_seqscan = off");
            return String.join("\n", tx.query("explain " + Reaper.SHARED_FILES, rs -> rs.getString(1), tx.array("text", new Object[] {"s"}),
                    tx.array("text", new Object[] {"n"}), tx.array("text", new Object[] {"s/n"}), UUID.randomUUID()));
        });
        assertThat(plan).as(plan).doesNotContain("Seq Scan").contains("replicas_path_idx");
    }

    @Test
    void theSubmitterChecksDestinationPathsThroughThePathIndex() {
        String plan = core.database().inTransaction(tx -> {
            tx.update("set local enable_seqscan = off");
            return String.join("\n", tx.query("explain " + TransferPlanner.TAKEN_PATHS, rs -> rs.getString(1),
                    tx.array("uuid", new Object[] {UUID.randomUUID()}), tx.array("uuid", new Object[] {UUID.randomUUID()}),
                    tx.array("text", new Object[] {"s/n"}), tx.array("text", new Object[] {"s"}), tx.array("text", new Object[] {"n"})));
        });
        assertThat(plan).as(plan).doesNotContain("Seq Scan").contains("replicas_path_idx");
    }
}
