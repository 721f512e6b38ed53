package org.laguna.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.common.DidType;
import org.laguna.core.testing.TestCore;

/**
 * Rules on a container right after a bulk load, with statistics sampled when one big dataset was
 * all of {@code contents} and the candidate RSEs held no replica. The replicas must still be read
 * file by file through the primary key, not all of a candidate RSE's once per dataset, and each
 * dataset's files through the contents index, not a scan of the table per dataset (together, 143 s
 * instead of a fraction of a second for 1,000 datasets).
 */
class DatasetTargetsPlanTest {
    private static LagunaCore core;
    private static List<UUID> candidates;

    @BeforeAll
    static void start() {
        core = TestCore.start();
        core.services().scopes().add(TestCore.root(), "root", "plan");
        for (String rse : List.of("PLAN_SRC", "PLAN_DST_A", "PLAN_DST_B")) {
            core.services().rses().addRse(TestCore.root(), rse, List.of());
        }
        core.database().inTransactionVoid(tx -> {
            UUID source = tx.queryOne("select id from rses where rse = 'PLAN_SRC'", rs -> rs.getObject(1, UUID.class)).orElseThrow();
            candidates = tx.query("select id from rses where rse like 'PLAN_DST_%' order by rse", rs -> rs.getObject(1, UUID.class));
            tx.update("insert into dids (scope, name, did_type, account, bytes) select 'plan', 'f' || i, 'FILE', 'root', 100 "
                    + "from generate_series(1, 22000) i");
            tx.update("insert into dids (scope, name, did_type, account) select 'plan', 'ds' || i, 'DATASET', 'root' "
                    + "from generate_series(0, 199) i union all select 'plan', 'big', 'DATASET', 'root' "
                    + "union all select 'plan', 'cont', 'CONTAINER', 'root'");
            tx.update("insert into contents (scope, name, child_scope, child_name, did_type, child_type, bytes) "
                    + "select 'plan', 'big', 'plan', 'f' || i, 'DATASET', 'FILE', 100 from generate_series(2001, 22000) i");
            tx.update("insert into replicas (scope, name, rse_id, bytes) select 'plan', 'f' || i, ?, 100 from generate_series(1, 22000) i", source);
            tx.update("analyze replicas");
            tx.update("analyze contents");
            // after the statistics: the container and its datasets, and copies of the big dataset under way on a candidate
            tx.update("insert into contents (scope, name, child_scope, child_name, did_type, child_type, bytes) "
                    + "select 'plan', 'ds' || ((i - 1) / 10), 'plan', 'f' || i, 'DATASET', 'FILE', 100 from generate_series(1, 2000) i "
                    + "union all select 'plan', 'cont', 'plan', 'ds' || i, 'CONTAINER', 'DATASET', null from generate_series(0, 199) i");
            tx.update("insert into replicas (scope, name, rse_id, bytes, state) select 'plan', 'f' || i, ?, 100, 'COPYING' "
                    + "from generate_series(2001, 22000) i", candidates.getFirst());
        });
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static String plan(FileSource under) {
        return core.database().inTransaction(tx -> {
            List<Object> params = new ArrayList<>();
            String sql = TargetPlanner.datasetsToChoose(under, tx.array("uuid", candidates.toArray()), UUID.randomUUID(), params);
            return String.join("\n", tx.query("explain " + sql, rs -> rs.getString(1), params.toArray()));
        });
    }

    @Test
    void theDatasetsOfAContainerReadTheirReplicasFileByFile() {
        String plan = plan(FileSource.of("plan", "cont", DidType.CONTAINER));
        assertThat(plan).as(plan).contains("replicas_pkey").doesNotContain("replicas_rse_idx").doesNotContain("Seq Scan on replicas");
    }

    @Test
    void aSingleDatasetReadsItsFilesThroughTheContentsIndexAndItsReplicasFileByFile() {
        String plan = plan(FileSource.of("plan", "ds7", DidType.DATASET));
        assertThat(plan).as(plan).contains("replicas_pkey").doesNotContain("replicas_rse_idx").doesNotContain("Seq Scan");
    }

    @Test
    void theChoiceSeesTheBytesEachCandidateHolds() {
        List<Object[]> rows = core.database().readOnly(tx -> {
            List<Object> params = new ArrayList<>();
            String sql = TargetPlanner.datasetsToChoose(FileSource.of("plan", "big", DidType.DATASET),
                    tx.array("uuid", candidates.toArray()), UUID.randomUUID(), params);
            return tx.query(sql, rs -> new Object[] {rs.getString(2), rs.getObject(4, UUID.class), rs.getLong(5)}, params.toArray());
        });
        assertThat(rows).hasSize(1);
        assertThat(rows.getFirst()).containsExactly("big", candidates.getFirst(), 20_000L * 100);
    }

    @Test
    void theInjectorReadsEachDatasetOfAContainerThroughTheContentsIndex() {
        List<Object> params = new ArrayList<>();
        String files = FileSource.of("plan", "cont", DidType.CONTAINER).part(3, 8).sql(null, LockWriter.BATCH, params);
        String plan = core.database().readOnly(tx -> String.join("\n", tx.query("explain " + files, rs -> rs.getString(1), params.toArray())));
        assertThat(plan).as(plan).doesNotContain("Seq Scan on contents c ");
    }
}
