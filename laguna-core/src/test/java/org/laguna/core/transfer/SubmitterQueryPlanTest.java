package org.laguna.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.testing.TestCore;

/**
 * The submitter reads the queue in the order of an index: behind millions of QUEUED requests a
 * cycle reads only the rows it takes, never sorts the whole queue.
 */
class SubmitterQueryPlanTest {
    private static LagunaCore core;

    @BeforeAll
    static void start() {
        core = TestCore.start();
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    @Test
    void theSubmitterTakesQueuedRequestsInIndexOrderWithoutSorting() {
        for (WorkSlice slice : List.of(WorkSlice.ALL, new WorkSlice(1, 3))) {
            String plan = core.database().inTransaction(tx -> {
                tx.update("set local enable_seqscan = off");
                return String.join("\n", tx.query("explain " + ConveyorStore.queuedSql(slice), rs -> rs.getString(1),
                        Timestamp.from(Instant.now()), 30_000L, 7_200_000L, 1_000));
            });
            assertThat(plan).as(plan).contains("requests_state_idx").doesNotContain("Sort").doesNotContain("Seq Scan");
        }
    }
}
