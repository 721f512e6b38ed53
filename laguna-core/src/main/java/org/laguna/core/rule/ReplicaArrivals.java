package org.laguna.core.rule;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.laguna.core.db.Tx;

/**
 * What a replica becoming AVAILABLE means for the rules: its locks turn OK, the rules' counters
 * move (a rule whose last lock arrived becomes OK), and transfers still queued for it are no
 * longer needed. Used when a client reports the replica itself (an upload) and by transfers.
 */
public final class ReplicaArrivals {
    private ReplicaArrivals() {
    }

    /** Applies the arrival of one replica inside the caller's transaction; returns the locks that turned OK. */
    public static int arrived(Tx tx, String scope, String name, UUID rseId, Instant at) {
        Timestamp now = Timestamp.from(at);
        int locks = tx.queryOne("with changed as (update locks l set state = 'OK', updated_at = ? from locks o "
                        + "where l.scope = ? and l.name = ? and l.rse_id = ? and l.state <> 'OK' and o.scope = l.scope and o.name = l.name "
                        + "and o.rse_id = l.rse_id and o.rule_id = l.rule_id returning l.rule_id, o.state as was), "
                        + "counts as (select rule_id, count(*) as n, count(*) filter (where was = 'REPLICATING') as rep, "
                        + "count(*) filter (where was = 'STUCK') as st from changed group by rule_id), "
                        + "rules_changed as (update rules r set locks_ok_cnt = r.locks_ok_cnt + c.n, "
                        + "locks_replicating_cnt = greatest(r.locks_replicating_cnt - c.rep, 0), locks_stuck_cnt = greatest(r.locks_stuck_cnt - c.st, 0), "
                        + "state = case when r.state in ('REPLICATING', 'STUCK') and r.locks_replicating_cnt - c.rep <= 0 "
                        + "and r.locks_stuck_cnt - c.st <= 0 then 'OK' when r.state = 'STUCK' and r.locks_stuck_cnt - c.st <= 0 then 'REPLICATING' "
                        + "else r.state end, stuck_at = case when r.locks_stuck_cnt - c.st <= 0 then null else r.stuck_at end, "
                        + "version = r.version + 1, updated_at = ? from counts c where r.id = c.rule_id returning r.id) "
                        + "select (select count(*) from changed), (select count(*) from rules_changed)",
                rs -> rs.getInt(1), now, scope, name, rseId, now).orElse(0);
        tx.update("with done as (delete from requests where scope = ? and name = ? and dest_rse_id = ? and request_type = 'TRANSFER' "
                        + "and state = 'QUEUED' returning *) insert into requests_history (id, request_type, scope, name, dest_rse_id, "
                        + "source_rse_id, rule_id, account, state, activity, bytes, err_msg, created_at, updated_at) select id, request_type, "
                        + "scope, name, dest_rse_id, source_rse_id, rule_id, account, 'DONE', activity, bytes, 'the replica arrived by other means', "
                        + "created_at, ? from done",
                scope, name, rseId, now);
        return locks;
    }
}
