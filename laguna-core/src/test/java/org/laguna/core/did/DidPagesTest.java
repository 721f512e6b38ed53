package org.laguna.core.did;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.did.filter.DidFilter;
import org.laguna.core.testing.TestCore;
import org.laguna.spi.error.LagunaException;

/**
 * Pages of a collection's content and of a search: each the rows after the last one shown, in key
 * order, read through an index, so that a page deep inside a dataset of millions of files is cheap.
 */
class DidPagesTest {
    private static LagunaCore core;
    private static DidListings listings;

    @BeforeAll
    static void start() {
        core = TestCore.start();
        listings = core.services().dids().listings();
        core.services().scopes().add(TestCore.root(), "root", "pages");
        core.database().inTransactionVoid(tx -> {
            tx.update("insert into dids (scope, name, did_type, account, bytes) select 'pages', 'f.' || lpad(i::text, 5, '0'), 'FILE', 'root', 1"
                    + " from generate_series(0, 19999) i");
            tx.update("insert into dids (scope, name, did_type, account, is_open, length) values ('pages', 'ds', 'DATASET', 'root', true, 20000)");
            tx.update("insert into contents (scope, name, child_scope, child_name, did_type, child_type, bytes) select 'pages', 'ds', 'pages',"
                    + " 'f.' || lpad(i::text, 5, '0'), 'DATASET', 'FILE', 1 from generate_series(0, 19999) i");
            tx.update("analyze contents");
            tx.update("analyze dids");
        });
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static List<String> content(DidKey after, int limit) {
        List<String> names = new ArrayList<>();
        listings.listContentPage(new DidKey("pages", "ds"), after, limit, child -> names.add(child.name()));
        return names;
    }

    @Test
    void aContentPageHoldsTheChildrenAfterTheLastOneShownInOrder() {
        assertThat(content(null, 3)).containsExactly("f.00000", "f.00001", "f.00002");
        assertThat(content(new DidKey("pages", "f.00002"), 2)).containsExactly("f.00003", "f.00004");
        assertThat(content(new DidKey("pages", "f.19998"), 100)).containsExactly("f.19999");
    }

    @Test
    void aContentPageIsReadThroughThePrimaryKey() {
        String plan = core.database().inTransaction(tx -> {
            tx.update("set local enable_seqscan = off");
            return String.join("\n", tx.query("explain select child_scope, child_name from contents where scope = ? and name = ?"
                    + " and (scope, name, child_scope, child_name) > (?, ?, ?, ?) order by scope, name, child_scope, child_name limit ?",
                    rs -> rs.getString(1), "pages", "ds", "pages", "ds", "pages", "f.10000", 100));
        });

        assertThat(plan).as(plan).contains("contents_pkey").doesNotContain("Sort");
    }

    @Test
    void aSearchPageHoldsTheMatchesAfterTheLastNameShown() {
        DidFilter files = DidFilter.of(List.of(Map.of("name", "f.0001*")), "file");
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();

        listings.searchPage("pages", files, null, 5, hit -> first.add(hit.name()));
        listings.searchPage("pages", files, first.getLast(), 5, hit -> second.add(hit.name()));

        assertThat(first).containsExactly("f.00010", "f.00011", "f.00012", "f.00013", "f.00014");
        assertThat(second).containsExactly("f.00015", "f.00016", "f.00017", "f.00018", "f.00019");
    }

    @Test
    void aPageOfNoRowsOrOfTooManyIsRefused() {
        assertThatThrownBy(() -> content(null, 0)).isInstanceOf(LagunaException.class).hasMessageContaining("1 to 10000");
        assertThatThrownBy(() -> content(null, 10_001)).isInstanceOf(LagunaException.class).hasMessageContaining("1 to 10000");
    }
}
