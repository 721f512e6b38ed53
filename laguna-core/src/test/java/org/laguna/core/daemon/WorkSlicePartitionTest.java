package org.laguna.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.db.Database;
import org.laguna.core.testing.TestDatabase;

/** The slices' SQL on a real PostgreSQL: every row falls in exactly one slice, whatever its hash. */
class WorkSlicePartitionTest {
    private static Database database;

    @BeforeAll
    static void connect() {
        database = Database.connect(TestDatabase.createDatabase(), null, null, 2);
    }

    @AfterAll
    static void close() {
        database.close();
    }

    @Test
    void theSlicesOfTheLiveInstancesCoverEveryRowOnce() {
        for (int live : List.of(1, 2, 3, 7)) {
            StringBuilder sliceOf = new StringBuilder("case");
            for (int rank = 0; rank < live; rank++) {
                sliceOf.append(" when ").append(new WorkSlice(rank, live).sql("k")).append(" then ").append(rank);
            }
            sliceOf.append(" end");
            StringBuilder matches = new StringBuilder("0");
            for (int rank = 0; rank < live; rank++) {
                matches.append(" + (").append(new WorkSlice(rank, live).sql("k")).append(")::int");
            }
            List<long[]> perSlice = database.readOnly(tx -> tx.query(
                    "select " + sliceOf + " as slice, count(*), min(" + matches + "), max(" + matches + ")"
                            + " from (select g::text as k from generate_series(1, 20000) g) keys group by 1 order by 1",
                    rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)}));
            assertThat(perSlice).as("slices of %d", live).hasSize(live);
            assertThat(perSlice.stream().mapToLong(row -> row[1]).sum()).isEqualTo(20000);
            assertThat(perSlice).allSatisfy(row -> {
                assertThat(row[2]).as("rows matched by fewest slices").isEqualTo(1);
                assertThat(row[3]).as("rows matched by most slices").isEqualTo(1);
                assertThat(row[1]).as("rows of one slice").isGreaterThan(20000 / live / 2);
            });
        }
    }

    @Test
    void theExtremeHashValuesFallInARangeSlice() {
        String extremes = "select mod(h::bigint + 2147483648, 3) from (values (-2147483648), (-1), (0), (2147483647)) v(h)";
        List<Long> ranks = database.readOnly(tx -> tx.query(extremes, rs -> rs.getLong(1)));
        assertThat(ranks).allSatisfy(rank -> assertThat(rank).isBetween(0L, 2L));
    }
}
