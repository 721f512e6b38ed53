package org.laguna.core.rule;

import java.sql.Array;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.common.DidType;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;

/**
 * judge-injector: expands rules in state INJECT into locks. A rule is split into parts (its files
 * by a hash of their name); each transaction takes one batch of one part, from the cursor stored
 * with the part, so a killed process loses nothing, memory does not grow with the size of the
 * rule, and several injector threads and processes work on one big rule at once. The last part
 * to finish settles the rule's state.
 */
public final class JudgeInjector implements Daemon {
    private final Database database;
    private final RuleEngine engine;
    private final int batch;

    public JudgeInjector(Database database, RuleEngine engine, int batch) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.engine = Objects.requireNonNull(engine, "engine is null");
        this.batch = batch;
    }

    public JudgeInjector(RuleService rules) {
        this(rules.database(), rules.engine(), LockWriter.BATCH);
    }

    @Override
    public String name() {
        return "judge-injector";
    }

    /**
     * The next free part of the oldest rule in INJECT, locked for this transaction. A rule added with a
     * {@code delay_injection} has its creation time that far ahead, and waits until then.
     */
    static final String NEXT_PART = "select p.rule_id, p.part, p.cursor, p.upper, (select count(*) from rule_inject_parts a "
            + "where a.rule_id = p.rule_id) from rule_inject_parts p join rules r on r.id = p.rule_id where r.state = 'INJECT' "
            + "and (r.created_at <= r.updated_at or r.created_at <= now()) and not p.done order by r.updated_at, p.part limit 1 for update of p skip locked";

    private record Part(UUID rule, int number, int of) {
    }

    /**
     * Takes open parts like a queue ({@code FOR UPDATE SKIP LOCKED}): every injector thread and
     * process works on whichever part is free, so one big rule keeps them all busy. The slice is
     * not needed for that, and the lock on the part keeps two instances off the same one.
     */
    @Override
    public int runOnce(WorkSlice slice) {
        long files = 0;
        for (int i = 0; i < 4; i++) {
            long done = database.inTransaction(tx -> {
                Part[] taken = {null};
                String[][] cursor = {null, null};
                tx.queryOne(NEXT_PART, rs -> {
                            taken[0] = new Part(rs.getObject(1, UUID.class), rs.getInt(2), rs.getInt(5));
                            Array array = rs.getArray(3);
                            cursor[0] = array == null ? null : (String[]) array.getArray();
                            Array upper = rs.getArray(4);
                            cursor[1] = upper == null ? null : (String[]) upper.getArray();
                            return true;
                        });
                return taken[0] == null ? -1L : expand(tx, taken[0], cursor[0], cursor[1]);
            });
            if (done < 0) {
                break;
            }
            files += done;
        }
        return (int) Math.min(Integer.MAX_VALUE, files);
    }

    private long expand(Tx tx, Part part, String[] cursor, String[] upper) {
        Rule rule = engine.find(tx, part.rule(), false).orElse(null);
        if (rule == null || rule.state() != RuleState.INJECT) {
            return 0L;
        }
        FileSource whole = FileSource.of(rule.scope(), rule.name(), rule.didType());
        // a dataset's parts are ranges of names; a container's are hash classes of the file name
        FileSource source = rule.didType() == DidType.DATASET ? whole.upTo(upper)
                : whole.part(part.number(), part.of());
        LockWriter.Batch done = engine.expandBatch(tx, rule, source, cursor, batch, null);
        if (done.cursor() != null) {
            tx.update("update rule_inject_parts set cursor = ? where rule_id = ? and part = ?",
                    tx.array("text", done.cursor()), part.rule(), part.number());
            return Math.max(done.files(), 1L);
        }
        tx.update("update rule_inject_parts set done = true, cursor = null where rule_id = ? and part = ?", part.rule(), part.number());
        // the rule row serializes the parts finishing: the last one sees all the others done
        Rule locked = engine.require(tx, part.rule(), true);
        if (locked.state() == RuleState.INJECT
                && !tx.exists("select 1 from rule_inject_parts where rule_id = ? and not done", part.rule())) {
            tx.update("delete from rule_inject_parts where rule_id = ?", part.rule());
            tx.update("update rules set state = 'REPLICATING' where id = ?", part.rule());
            engine.settle(tx, part.rule());
        }
        return Math.max(done.files(), 1L);
    }
}
