package org.laguna.core.event;

/**
 * The rule events, written by the statements that change rule states, as CTEs over the rules they
 * just changed. The CTE named by the caller must return the columns {@code id, scope, name, state}
 * (the new state), {@code was} (the state before), {@code notification}, {@code grouping},
 * {@code error}, the lock counters {@code locks_ok_cnt} and {@code locks_replicating_cnt} (after)
 * and {@code was_replicating} (replicating locks before). As in Rucio, {@code RULE_OK} and
 * {@code DATASETLOCK_OK} are written only for rules that asked for them ({@code notify} Y, or C
 * and P once the DID is closed), and {@code RULE_PROGRESS} for rules with {@code notify} P on a
 * closed DID: when the rule turns OK, and when the share of its locks no longer replicating
 * passes into another tenth ({@code progress} 0, 10, ... 100).
 */
public final class RuleEvents {
    private RuleEvents() {
    }

    /**
     * CTEs (to append to a WITH list, each preceded by a comma) writing {@code RULE_OK} and, for
     * rules grouped ALL or DATASET, one {@code DATASETLOCK_OK} per dataset-level target, for the
     * rows of {@code changed} that turned OK, and {@code RULE_STUCK} for those that turned STUCK.
     */
    public static String ctes(String changed) {
        String becameOk = "c.state = 'OK' and c.was <> 'OK' and (c.notification = 'YES' or (c.notification in ('CLOSE', 'PROGRESS') "
                + "and exists (select 1 from dids dd where dd.scope = c.scope and dd.name = c.name and dd.is_open is false)))";
        return ", rule_ok_ev as (" + Outbox.INSERT + "select 'RULE_OK', jsonb_build_object('scope', c.scope, 'name', c.name, "
                + "'rule_id', " + Outbox.hex("c.id") + "), c.scope || ':' || c.name, now() from " + changed + " c where " + becameOk
                + " and " + Outbox.wanted(EventTypes.RULE_OK) + " returning 1), "
                + "dataset_lock_ok_ev as (" + Outbox.INSERT + "select 'DATASETLOCK_OK', jsonb_build_object('scope', t.scope, "
                + "'name', t.name, 'rse', x.rse, 'rse_id', " + Outbox.hex("t.rse_id") + ", 'rule_id', " + Outbox.hex("t.rule_id")
                + "), t.scope || ':' || t.name, now() from "
                + changed + " c join rule_targets t on t.rule_id = c.id join rses x on x.id = t.rse_id where " + becameOk
                + " and c.notification = 'YES' and c.grouping <> 'NONE' and " + Outbox.wanted(EventTypes.DATASETLOCK_OK) + " returning 1), "
                + "rule_stuck_ev as (" + Outbox.INSERT + "select 'RULE_STUCK', jsonb_build_object('scope', c.scope, 'name', c.name, "
                + "'rule_id', " + Outbox.hex("c.id") + ", 'error', c.error), c.scope || ':' || c.name, now() from " + changed + " c "
                + "where c.state = 'STUCK' and c.was <> 'STUCK' and " + Outbox.wanted(EventTypes.RULE_STUCK) + " returning 1), "
                + "rule_progress_ev as (" + Outbox.INSERT + "select 'RULE_PROGRESS', jsonb_build_object('scope', c.scope, 'name', c.name, "
                + "'rule_id', " + Outbox.hex("c.id") + ", 'progress', " + progress("c.locks_replicating_cnt") + "), c.scope || ':' || c.name, "
                + "now() from " + changed + " c where c.notification = 'PROGRESS' and exists (select 1 from dids dd where dd.scope = c.scope "
                + "and dd.name = c.name and dd.is_open is false) and ((c.state = 'OK' and c.was <> 'OK') or (c.state = 'REPLICATING' "
                + "and c.was_replicating > 0 and " + progress("c.was_replicating") + " <> " + progress("c.locks_replicating_cnt") + ")) "
                + "and " + Outbox.wanted(EventTypes.RULE_PROGRESS) + " returning 1) ";
    }

    /**
     * SQL of Rucio's progress class of a rule from its replicating locks: the tenth (0, 10, ...
     * 100) of its locks (OK and replicating, as now) that no longer replicate, rounded down.
     */
    static String progress(String replicating) {
        String total = "(c.locks_ok_cnt + c.locks_replicating_cnt)";
        return "(case when " + total + " = 0 then 0 else (trunc((" + total + " - " + replicating + ")::numeric / " + total
                + " * 10) * 10)::integer end)";
    }

    /** The RETURNING list of a rule update {@code r} joined to its old row {@code o} that {@link #ctes} reads. */
    public static String returning() {
        return "returning r.id, r.scope, r.name, r.state, o.state as was, r.notification, r.grouping, r.error, r.locks_ok_cnt, "
                + "r.locks_replicating_cnt, o.locks_replicating_cnt as was_replicating";
    }
}
