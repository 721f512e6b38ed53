package org.laguna.core.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.laguna.core.common.DidType;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;

/**
 * judge-evaluator: applies attachments and detachments to the rules on the collection and on
 * every collection above it. New files get locks (new datasets under a DATASET-grouped container
 * rule get their own RSEs first); files no longer under a rule's DID lose that rule's locks.
 *
 * <p>A change under a rule that the injector is still expanding (state INJECT) waits at the end of
 * the queue until the injection is over: the injector takes the rule's row at every batch, and an
 * evaluation of the same files meanwhile would only hold it up. New children of a container are
 * applied {@code childrenPerTransaction} at a time, each group in a transaction of its own, so
 * attaching thousands of datasets does not make one long transaction that holds the rules' rows.
 */
public final class JudgeEvaluator implements Daemon {
    /** New children of a container applied per transaction. */
    public static final int CHILDREN_PER_TRANSACTION = 100;

    private final Database database;
    private final RuleEngine engine;
    private final int childrenPerTransaction;

    public JudgeEvaluator(Database database, RuleEngine engine, int childrenPerTransaction) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.engine = Objects.requireNonNull(engine, "engine is null");
        if (childrenPerTransaction < 1) {
            throw new IllegalArgumentException("childrenPerTransaction must be positive");
        }
        this.childrenPerTransaction = childrenPerTransaction;
    }

    public JudgeEvaluator(RuleService rules) {
        this(rules.database(), rules.engine(), CHILDREN_PER_TRANSACTION);
    }

    @Override
    public String name() {
        return "judge-evaluator";
    }

    /** The oldest changed collections of this slice, in the order they changed (through the primary key). */
    static String candidates(WorkSlice slice) {
        return "select scope, name from updated_dids where " + slice.sql("scope || ':' || name") + " order by id limit 1000";
    }

    @Override
    public int runOnce(WorkSlice slice) {
        List<DidKey> dids = database.readOnly(tx -> tx.query(candidates(slice), rs -> new DidKey(rs.getString(1), rs.getString(2))))
                .stream().distinct().limit(100).toList();
        int evaluated = 0;
        for (DidKey did : dids) {
            if (database.inTransaction(tx -> evaluate(tx, did))) {
                evaluated++;
            }
        }
        return evaluated;
    }

    /** Applies the changes of one collection; false if they wait for an injection (put back at the end of the queue). */
    private boolean evaluate(Tx tx, DidKey did) {
        if (engine.injectingAbove(tx, did.scope(), did.name())) {
            tx.update("update updated_dids set id = nextval(pg_get_serial_sequence('updated_dids', 'id')) where scope = ? and name = ?",
                    did.scope(), did.name());
            return false;
        }
        List<String> actions = tx.query("delete from updated_dids where scope = ? and name = ? returning action",
                rs -> rs.getString(1), did.scope(), did.name());
        if (actions.isEmpty()) {
            return true;
        }
        DidType type = tx.queryOne("select did_type from dids where scope = ? and name = ?",
                rs -> DidType.valueOf(rs.getString(1)), did.scope(), did.name()).orElse(null);
        if (type == null || type == DidType.FILE) {
            return true;
        }
        List<Rule> rules = engine.rulesAbove(tx, did.scope(), did.name());
        if (rules.isEmpty()) {
            return true;
        }
        if (actions.contains("A")) {
            attached(tx, did, type, rules);
        }
        if (actions.contains("D")) {
            for (Rule rule : rules) {
                detached(tx, rule);
            }
        }
        for (Rule rule : rules) {
            if (rule.state() != RuleState.INJECT) {
                engine.settle(tx, rule.id());
            }
        }
        return true;
    }

    private void attached(Tx tx, DidKey did, DidType type, List<Rule> rules) {
        if (type == DidType.DATASET) {
            FileSource fresh = FileSource.newFilesOf(did.scope(), did.name());
            for (Rule rule : rules) {
                ensureDatasetTargets(tx, rule, FileSource.of(did.scope(), did.name(), DidType.DATASET));
                engine.expandAll(tx, rule, fresh);
            }
        } else {
            List<Object[]> children = new ArrayList<>();
            tx.query("select child_scope, child_name, child_type from contents where scope = ? and name = ? and rule_evaluation "
                            + "order by child_scope, child_name limit ?",
                    rs -> children.add(new Object[] {rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3))}),
                    did.scope(), did.name(), childrenPerTransaction + 1);
            boolean more = children.size() > childrenPerTransaction;
            for (Object[] child : children.subList(0, Math.min(children.size(), childrenPerTransaction))) {
                FileSource source = FileSource.of((String) child[0], (String) child[1], (DidType) child[2]);
                for (Rule rule : rules) {
                    ensureDatasetTargets(tx, rule, source);
                    engine.expandAll(tx, rule, source);
                }
                tx.update("update contents set rule_evaluation = false where scope = ? and name = ? and child_scope = ? and child_name = ?",
                        did.scope(), did.name(), child[0], child[1]);
            }
            if (more) {
                // the rest in later transactions: the attachment goes back to the end of the queue
                tx.update("insert into updated_dids (scope, name, action) values (?, ?, 'A')", did.scope(), did.name());
            }
            return;
        }
        tx.update("update contents set rule_evaluation = false where scope = ? and name = ? and rule_evaluation", did.scope(), did.name());
    }

    private void ensureDatasetTargets(Tx tx, Rule rule, FileSource under) {
        if (rule.grouping() == Grouping.DATASET && rule.didType() == DidType.CONTAINER) {
            engine.planner().chooseForDatasets(tx, rule, engine.plan(tx, rule), under);
        }
    }

    /** Releases the rule's locks on files that are no longer under its DID. */
    private void detached(Tx tx, Rule rule) {
        if (rule.didType() == DidType.FILE) {
            return;
        }
        List<Object> params = new ArrayList<>();
        String datasets = FileSource.of(rule.scope(), rule.name(), rule.didType()).datasetsSql(params);
        String condition = "not exists (select 1 from (" + datasets + ") ds join contents c on c.scope = ds.s and c.name = ds.n "
                + "where c.child_scope = l.scope and c.child_name = l.name)";
        LockWriter writer = new LockWriter(tx, engine.clock().instant());
        while (writer.release(rule, condition, params, LockWriter.BATCH, engine.tombstoneFor(rule)).total() >= LockWriter.BATCH) {
            // more to release
        }
    }
}
