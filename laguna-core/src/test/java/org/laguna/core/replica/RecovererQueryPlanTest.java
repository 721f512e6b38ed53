package org.laguna.core.replica;

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

/** The replica-recoverer's loop query reaches the suspicious declarations through their partial index. */
class RecovererQueryPlanTest {
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
    void theRecovererFindsUnhandledSuspiciousDeclarationsThroughTheirIndex() {
        for (WorkSlice slice : List.of(WorkSlice.ALL, new WorkSlice(1, 3))) {
            String plan = core.database().inTransaction(tx -> {
                tx.update("set local enable_seqscan = off");
                return String.join("\n", tx.query("explain " + ReplicaRecoverer.candidates(slice), rs -> rs.getString(1),
                        Timestamp.from(Instant.now()), 3, 100));
            });
            assertThat(plan).as(plan).doesNotContain("Seq Scan").contains("bad_replicas_suspicious_idx");
        }
    }
}
