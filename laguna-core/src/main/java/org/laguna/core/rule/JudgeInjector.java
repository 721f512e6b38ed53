package org.laguna.core.rule;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;

/**
 * judge-injector: expands rules in state INJECT into locks, one batch of files per rule and
 * transaction, resuming from the cursor stored on the rule, so a killed process loses nothing
 * and memory does not grow with the size of the rule.
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

    @Override
    public int runOnce(WorkSlice slice) {
        List<UUID> ids = database.readOnly(tx -> tx.query("select id from rules where state = 'INJECT' and " + slice.sql("id::text")
                + " order by updated_at limit 20", rs -> rs.getObject(1, UUID.class)));
        int files = 0;
        for (UUID id : ids) {
            files += database.inTransaction(tx -> {
                Rule rule = engine.find(tx, id, true).orElse(null);
                if (rule == null || rule.state() != RuleState.INJECT) {
                    return 0L;
                }
                FileSource source = FileSource.of(rule.scope(), rule.name(), rule.didType());
                LockWriter.Batch done = engine.expandBatch(tx, rule, source, rule.injectCursor(), batch, null);
                if (done.cursor() == null) {
                    tx.update("update rules set state = 'REPLICATING', inject_cursor = null where id = ?", id);
                    engine.settle(tx, id);
                } else {
                    tx.update("update rules set inject_cursor = ? where id = ?", tx.array("text", done.cursor()), id);
                }
                return Math.max(done.files(), 1L);
            }).intValue();
        }
        return files;
    }
}
