package org.laguna.core.rule;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.laguna.core.db.Tx;
import org.laguna.core.event.RuleEvents;

/**
 * What replicas becoming AVAILABLE mean for the rules: their locks turn OK, the rules' counters
 * move (a rule whose last lock arrived becomes OK), and transfers still queued for them are no
 * longer needed. Used when a client reports a replica itself (an upload) and by the conveyor, for
 * one replica or a batch in one statement.
 */
public final class ReplicaArrivals {
    private ReplicaArrivals() {
    }

    /** Applies the arrival of one replica inside the caller's transaction; returns the locks that turned OK. */
    public static int arrived(Tx tx, String scope, String name, UUID rseId, Instant at) {
        return arrived(tx, List.of(scope), List.of(name), List.of(rseId), at);
    }

    /** Applies the arrival of several replicas (parallel lists) inside the caller's transaction. */
    public static int arrived(Tx tx, List<String> scopes, List<String> names, List<UUID> rseIds, Instant at) {
        if (scopes.isEmpty()) {
            return 0;
        }
        Timestamp now = Timestamp.from(at);
        Object s = tx.array("text", scopes.toArray());
        Object n = tx.array("text", names.toArray());
        Object r = tx.array("uuid", rseIds.toArray());
        int locks = tx.queryOne("with arrived as (select * from unnest(?::text[], ?::text[], ?::uuid[]) as a(s, n, rse)), "
                        + "changed as (update locks l set state = 'OK', updated_at = ? from locks o, arrived a "
                        + "where l.scope = a.s and l.name = a.n and l.rse_id = a.rse and l.state <> 'OK' and o.scope = l.scope "
                        + "and o.name = l.name and o.rse_id = l.rse_id and o.rule_id = l.rule_id returning l.rule_id, o.state as was), "
                        + "counts as (select rule_id, count(*) as n, count(*) filter (where was = 'REPLICATING') as rep, "
                        + "count(*) filter (where was = 'STUCK') as st from changed group by rule_id), "
                        + "rules_changed as (update rules r set locks_ok_cnt = r.locks_ok_cnt + c.n, "
                        + "locks_replicating_cnt = greatest(r.locks_replicating_cnt - c.rep, 0), locks_stuck_cnt = greatest(r.locks_stuck_cnt - c.st, 0), "
                        + "state = case when r.state in ('REPLICATING', 'STUCK') and r.locks_replicating_cnt - c.rep <= 0 "
                        + "and r.locks_stuck_cnt - c.st <= 0 then 'OK' when r.state = 'STUCK' and r.locks_stuck_cnt - c.st <= 0 then 'REPLICATING' "
                        + "else r.state end, stuck_at = case when r.locks_stuck_cnt - c.st <= 0 then null else r.stuck_at end, "
                        + "version = r.version + 1, updated_at = ? from counts c, rules o where r.id = c.rule_id and o.id = c.rule_id "
                        + RuleEvents.returning() + ")" + RuleEvents.ctes("rules_changed")
                        + "select (select count(*) from changed), (select count(*) from rules_changed)",
                rs -> rs.getInt(1), s, n, r, now, now).orElse(0);
        tx.update("with done as (delete from requests q using unnest(?::text[], ?::text[], ?::uuid[]) as a(s, n, rse) "
                        + "where q.scope = a.s and q.name = a.n and q.dest_rse_id = a.rse and q.request_type = 'TRANSFER' "
                        + "and q.state = 'QUEUED' returning q.*) insert into requests_history (id, request_type, scope, name, dest_rse_id, "
                        + "source_rse_id, rule_id, account, state, activity, bytes, err_msg, created_at, updated_at) select id, request_type, "
                        + "scope, name, dest_rse_id, source_rse_id, rule_id, account, 'DONE', activity, bytes, 'the replica arrived by other means', "
                        + "created_at, ? from done",
                s, n, r, now);
        return locks;
    }
}
