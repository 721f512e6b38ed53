package org.laguna.core.rule;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;

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

    private record Part(UUID rule, int number, int of) {
    }

    @Override
    public int runOnce(WorkSlice slice) {
        List<Part> parts = database.readOnly(tx -> tx.query("select p.rule_id, p.part, (select count(*) from rule_inject_parts a "
                + "where a.rule_id = p.rule_id) from rule_inject_parts p join rules r on r.id = p.rule_id "
                + "where r.state = 'INJECT' and not p.done and " + slice.sql("p.rule_id::text || ':' || p.part")
                + " order by r.updated_at, p.part limit 20", rs -> new Part(rs.getObject(1, UUID.class), rs.getInt(2), rs.getInt(3))));
        long files = 0;
        for (Part part : parts) {
            files += database.inTransaction(tx -> {
                String[][] cursor = {null};
                boolean open = tx.queryOne("select cursor from rule_inject_parts where rule_id = ? and part = ? and not done "
                        + "for update skip locked", rs -> {
                            java.sql.Array array = rs.getArray(1);
                            cursor[0] = array == null ? null : (String[]) array.getArray();
                            return true;
                        }, part.rule(), part.number()).orElse(false);
                Rule rule = open ? engine.find(tx, part.rule(), false).orElse(null) : null;
                if (rule == null || rule.state() != RuleState.INJECT) {
                    return 0L;
                }
                FileSource source = FileSource.of(rule.scope(), rule.name(), rule.didType()).part(part.number(), part.of());
                LockWriter.Batch done = engine.expandBatch(tx, rule, source, cursor[0], batch, null);
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
            });
        }
        return (int) Math.min(Integer.MAX_VALUE, files);
    }
}
