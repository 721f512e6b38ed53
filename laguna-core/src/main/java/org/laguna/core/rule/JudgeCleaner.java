package org.laguna.core.rule;

import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;

/**
 * judge-cleaner: removes expired rules (unless locked) and rules replaced by a child rule that
 * is OK, releasing their locks in batches; replicas left without locks get a tombstone. Each rule
 * it deletes is recorded in the audit log ({@code del_rule}) by the statement that deletes it.
 */
public final class JudgeCleaner implements Daemon {
    public static final String NAME = "judge-cleaner";
    private final Database database;
    private final RuleEngine engine;
    private final int batch;

    public JudgeCleaner(Database database, RuleEngine engine, int batch) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.engine = Objects.requireNonNull(engine, "engine is null");
        this.batch = batch;
    }

    public JudgeCleaner(RuleService rules) {
        this(rules.database(), rules.engine(), LockWriter.BATCH);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Expired unlocked rules (by expires_at) and rules with a child rule (by child_rule_id), each through its index. */
    static String candidates(WorkSlice slice) {
        return "(select r.id from rules r where r.expires_at < ? and not r.locked and " + slice.sql("r.id::text")
                + " order by r.expires_at limit 20) union (select r.id from rules r join rules c on c.id = r.child_rule_id "
                + "where r.child_rule_id is not null and c.state = 'OK' and " + slice.sql("r.id::text") + " limit 20)";
    }

    @Override
    public int runOnce(WorkSlice slice) {
        Timestamp now = Timestamp.from(engine.clock().instant());
        List<UUID> ids = database.readOnly(tx -> tx.query(candidates(slice), rs -> rs.getObject(1, UUID.class), now));
        int handled = 0;
        for (UUID id : ids) {
            handled += database.inTransaction(tx -> {
                Rule rule = engine.find(tx, id, true).orElse(null);
                if (rule == null) {
                    return 0;
                }
                boolean expired = rule.expiresAt() != null && rule.expiresAt().isBefore(now.toInstant()) && !rule.locked();
                boolean replaced = rule.childRuleId() != null && engine.find(tx, rule.childRuleId(), false)
                        .map(child -> child.state() == RuleState.OK).orElse(false);
                if (!expired && !replaced) {
                    return 0;
                }
                engine.removeStep(tx, rule, batch, NAME, expired ? "expired" : "replaced by rule " + rule.childRuleId());
                return 1;
            });
        }
        return handled;
    }
}
