package org.laguna.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.testing.TestCore;

/** Hermes reads the outbox in the order of its primary key: a cycle reads the rows it takes, never sorts the backlog. */
class HermesQueryPlanTest {
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
    void hermesTakesPendingEventsInPrimaryKeyOrderWithoutSorting() {
        for (WorkSlice slice : List.of(WorkSlice.ALL, new WorkSlice(1, 3))) {
            String plan = core.database().inTransaction(tx -> {
                tx.update("set local enable_seqscan = off");
                return String.join("\n", tx.query("explain " + OutboxStore.pendingSql(slice), rs -> rs.getString(1), 1_000));
            });
            assertThat(plan).as(plan).contains("messages_pkey").doesNotContain("Sort").doesNotContain("Seq Scan");
        }
    }
}
