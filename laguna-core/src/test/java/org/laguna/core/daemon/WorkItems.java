package org.laguna.core.daemon;

import java.util.Map;
import java.util.TreeMap;
import org.laguna.core.db.Database;

/** A table of work items for the runtime tests: each records who handled it and how many times. */
final class WorkItems {
    private final Database database;

    WorkItems(Database database) {
        this.database = database;
        database.inTransactionVoid(tx -> {
            tx.update("drop table if exists work_items");
            tx.update("create table work_items (id integer primary key, handled_by text, handled_count integer not null default 0)");
            tx.update("delete from heartbeats");
        });
    }

    void add(int fromInclusive, int toInclusive) {
        database.inTransactionVoid(tx -> tx.update(
                "insert into work_items (id) select g from generate_series(?, ?) g", fromInclusive, toInclusive));
    }

    long unhandled() {
        return database.readOnly(tx -> tx.count("select count(*) from work_items where handled_by is null"));
    }

    long handledMoreThanOnce() {
        return database.readOnly(tx -> tx.count("select count(*) from work_items where handled_count > 1"));
    }

    /** How many items each handler took. */
    Map<String, Long> handledBy() {
        Map<String, Long> counts = new TreeMap<>();
        database.readOnly(tx -> tx.query("select handled_by, count(*) from work_items where handled_by is not null group by 1",
                rs -> counts.put(rs.getString(1), rs.getLong(2))));
        return counts;
    }

    /**
     * A daemon that claims up to {@code batch} unhandled items of its slice per cycle. The claim
     * re-checks {@code handled_by is null} on the row it updates, so an item is handled once even
     * while two instances briefly disagree on the slices.
     */
    Daemon daemon(String name, String handler, int batch) {
        return new Daemon() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int runOnce(WorkSlice slice) {
                return database.inTransaction(tx -> tx.update("""
                        update work_items set handled_by = ?, handled_count = handled_count + 1
                        where handled_by is null and id in (
                            select id from work_items where handled_by is null and %s
                            order by id limit ? for update skip locked)
                        """.formatted(slice.sql("id::text")), handler, batch));
            }
        };
    }
}
