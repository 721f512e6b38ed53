package org.laguna.core.did;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.did.filter.DidFilter;
import org.laguna.core.did.filter.FilterSql;
import org.laguna.core.did.filter.SqlFragment;
import org.laguna.core.testing.TestCore;

/**
 * Searching collections by the usual fixed columns or by a free metadata key reaches them through
 * an index, never by reading every DID of the scope (which holds millions of files).
 */
class MetadataSearchPlanTest {
    private static LagunaCore core;

    @BeforeAll
    static void start() {
        core = TestCore.start();
        core.services().scopes().add(TestCore.root(), "root", "data");
        core.database().inTransactionVoid(tx -> {
            tx.update("insert into dids (scope, name, did_type, account, run_number, datatype, project, meta) "
                    + "select 'data', 'ds.' || i, 'DATASET', 'root', i % 1000, case when i % 2 = 0 then 'AOD' else 'ESD' end, "
                    + "'p' || (i % 50), jsonb_build_object('campaign_tag', 'c' || (i % 500)) from generate_series(1, 20000) i");
            tx.update("insert into dids (scope, name, did_type, account, bytes) "
                    + "select 'data', 'f.' || i, 'FILE', 'root', 1 from generate_series(1, 20000) i");
            tx.update("analyze dids");
        });
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static String plan(Map<String, Object> filter) {
        SqlFragment where = FilterSql.compile(DidFilter.of(List.of(filter), "dataset"), "d");
        List<Object> params = new ArrayList<>();
        params.add("data");
        params.addAll(where.params());
        return core.database().inTransaction(tx -> {
            tx.update("set local enable_seqscan = off");
            return String.join("\n", tx.query("explain select d.scope, d.name from dids d where d.scope = ? and not d.suppressed and "
                    + where.sql(), rs -> rs.getString(1), params.toArray()));
        });
    }

    @Test
    void fixedColumnsOfDatasetsAreSearchedThroughTheirIndexes() {
        String plan = plan(Map.of("run_number", 5, "datatype", "AOD"));
        assertThat(plan).as(plan).doesNotContain("Seq Scan").contains("dids_run_number_idx");
        plan = plan(Map.of("project", "data26"));
        assertThat(plan).as(plan).doesNotContain("Seq Scan").contains("dids_project_idx");
    }

    @Test
    void aFreeKeyIsSearchedThroughTheMetadataIndex() {
        String plan = plan(Map.of("campaign_tag", "c5"));
        assertThat(plan).as(plan).doesNotContain("Seq Scan").contains("dids_meta_idx");
    }
}
