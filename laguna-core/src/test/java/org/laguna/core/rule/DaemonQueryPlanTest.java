package org.laguna.core.rule;

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
 * Every query a judge daemon runs in its loop reaches its rows through an index: with sequential
 * scans priced out, PostgreSQL still plans one only where no index can serve the query.
 */
class DaemonQueryPlanTest {
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
    void theInjectorFindsOpenPartsOfInjectRulesThroughIndexes() {
        String plan = plan(JudgeInjector.NEXT_PART);
        assertThat(plan).as(plan).doesNotContain("Seq Scan");
    }

    @Test
    void theCleanerFindsExpiredAndReplacedRulesThroughIndexes() {
        for (WorkSlice slice : List.of(WorkSlice.ALL, new WorkSlice(1, 3))) {
            String plan = plan(JudgeCleaner.candidates(slice), Timestamp.from(Instant.now()));
            assertThat(plan).as(plan).doesNotContain("Seq Scan");
        }
    }

    @Test
    void theEvaluatorReadsChangedCollectionsInOrderThroughThePrimaryKey() {
        for (WorkSlice slice : List.of(WorkSlice.ALL, new WorkSlice(1, 3))) {
            String plan = plan(JudgeEvaluator.candidates(slice));
            assertThat(plan).as(plan).doesNotContain("Seq Scan").contains("updated_dids_pkey");
        }
    }

    @Test
    void theRepairerFindsBadReplicasAndStuckRulesThroughIndexes() {
        for (WorkSlice slice : List.of(WorkSlice.ALL, new WorkSlice(1, 3))) {
            assertThat(plan(JudgeRepairer.badCandidates(slice))).doesNotContain("Seq Scan");
            assertThat(plan(JudgeRepairer.stuckCandidates(slice), Timestamp.from(Instant.now()))).doesNotContain("Seq Scan");
        }
    }

    @Test
    void aRuleIsExpandedFromTheContentsIndexInOrder() {
        List<Object> params = new java.util.ArrayList<>();
        String files = FileSource.of("s", "d", org.laguna.core.common.DidType.DATASET).part(1, 8).sql(null, 20_000, params);
        String plan = plan(files, params.toArray());
        assertThat(plan).as(plan).doesNotContain("Seq Scan").doesNotContain("Sort Key");
    }
}
