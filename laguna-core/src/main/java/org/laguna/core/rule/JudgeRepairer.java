package org.laguna.core.rule;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.auditlog.DaemonAudit;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.event.RuleEvents;
import org.laguna.core.event.EventTypes;
import org.laguna.core.event.Outbox;
import org.laguna.core.event.TransferEvents;

/**
 * judge-repairer: replaces replicas declared bad and retries stuck rules.
 *
 * <p>A bad replica that rules lock is re-created from another copy: the replica goes back to
 * COPYING, its locks to REPLICATING and a transfer request is queued; the bad-replica record
 * becomes RECOVERED. Without another available copy the file is LOST: the locks go STUCK and
 * the rules say why. A rule STUCK for longer than the retry delay is re-planned: its stuck locks
 * on an RSE that cannot take them (no longer writable, or stuck there through
 * {@value #MOVE_AFTER_REPAIRS} repairs already) move to another RSE of the rule's expression that
 * the rule does not use yet, where they are copied anew; the other stuck locks are queued again
 * when a source exists and their RSE takes writes.
 *
 * <p>The audit log records, with the repairer as actor, each bad replica repaired
 * ({@code repair_bad_replica}, the outcome as detail) by the statement that settles it, and each
 * move of a rule's stuck locks to another RSE ({@code move_stuck_locks}) once per move.
 */
public final class JudgeRepairer implements Daemon {
    public static final String NAME = "judge-repairer";
    /** Repairs of a stuck lock on the same RSE before it is moved to another RSE. */
    static final int MOVE_AFTER_REPAIRS = 2;
    private static final int MOVE_BATCH = 10_000;
    /** What each outcome of a bad replica's repair means, as the audit log says it. */
    private static final Map<String, String> REPAIRS = Map.of(
            "RECOVERED", "RECOVERED: copied anew from another replica",
            "LOST", "LOST: no other available copy",
            "DELETED", "DELETED: no rule needs it, it goes with the reaper");

    private final Database database;
    private final RuleEngine engine;
    private final Duration retryDelay;

    public JudgeRepairer(Database database, RuleEngine engine, Duration retryDelay) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.engine = Objects.requireNonNull(engine, "engine is null");
        this.retryDelay = Objects.requireNonNull(retryDelay, "retryDelay is null");
    }

    /** Retries a rule STUCK for longer than {@code retryDelay} ({@code transfer.stuck-retry-delay}). */
    public JudgeRepairer(RuleService rules, Duration retryDelay) {
        this(rules.database(), rules.engine(), retryDelay);
    }

    @Override
    public String name() {
        return NAME;
    }

    private record BadReplica(String scope, String name, UUID rseId, Timestamp createdAt) {
    }

    static String badCandidates(WorkSlice slice) {
        return "select scope, name, rse_id, created_at from bad_replicas where state = 'BAD' and " + slice.sql("scope || ':' || name")
                + " order by created_at limit 100";
    }

    static String stuckCandidates(WorkSlice slice) {
        return "select id from rules where state = 'STUCK' and stuck_at < ? and " + slice.sql("id::text") + " order by stuck_at limit 20";
    }

    @Override
    public int runOnce(WorkSlice slice) {
        List<BadReplica> bad = database.readOnly(tx -> tx.query(badCandidates(slice),
                rs -> new BadReplica(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getTimestamp(4))));
        for (BadReplica replica : bad) {
            database.inTransactionVoid(tx -> repairBad(tx, replica));
        }
        Timestamp before = Timestamp.from(engine.clock().instant().minus(retryDelay));
        List<UUID> stuck = database.readOnly(tx -> tx.query(stuckCandidates(slice), rs -> rs.getObject(1, UUID.class), before));
        for (UUID id : stuck) {
            database.inTransactionVoid(tx -> retryStuck(tx, id, false));
        }
        return bad.size() + stuck.size();
    }

    private void repairBad(Tx tx, BadReplica bad) {
        Timestamp now = Timestamp.from(engine.clock().instant());
        if (tx.update("update bad_replicas set state = 'BEING_REPAIRED' where scope = ? and name = ? and rse_id = ? and state = 'BAD' "
                + "and created_at = ?", bad.scope(), bad.name(), bad.rseId(), bad.createdAt()) == 0) {
            return;
        }
        boolean locked = tx.exists("select 1 from locks where scope = ? and name = ? and rse_id = ?", bad.scope(), bad.name(), bad.rseId());
        boolean source = tx.exists("select 1 from replicas where scope = ? and name = ? and rse_id <> ? and state = 'AVAILABLE'",
                bad.scope(), bad.name(), bad.rseId());
        String outcome;
        if (!locked) {
            // nothing asks for this copy: it goes with the next deletion
            tx.update("update replicas set tombstone = coalesce(tombstone, ?) where scope = ? and name = ? and rse_id = ? and lock_cnt = 0",
                    now, bad.scope(), bad.name(), bad.rseId());
            outcome = source ? "DELETED" : "LOST";
        } else if (source) {
            // replicas (and the RSE's usage row their trigger moves) before locks and rules, as the finisher does: never a deadlock
            tx.update("update replicas set state = 'COPYING', updated_at = ? where scope = ? and name = ? and rse_id = ?",
                    now, bad.scope(), bad.name(), bad.rseId());
            List<UUID> rules = tx.query("update locks set state = 'REPLICATING', repair_cnt = repair_cnt + 1, updated_at = ? "
                    + "where scope = ? and name = ? and rse_id = ? and state = 'OK' returning rule_id",
                    rs -> rs.getObject(1, UUID.class), now, bad.scope(), bad.name(), bad.rseId()).stream().sorted().toList();
            for (UUID rule : rules) {
                tx.update("update rules set locks_ok_cnt = greatest(locks_ok_cnt - 1, 0), locks_replicating_cnt = locks_replicating_cnt + 1, "
                        + "state = case when state in ('OK', 'REPLICATING') then 'REPLICATING' else state end, updated_at = ? where id = ?", now, rule);
                engine.history(tx, rule);
            }
            Rule first = engine.find(tx, rules.isEmpty() ? anyRule(tx, bad) : rules.getFirst(), false).orElseThrow();
            queue(tx, bad, first, now, "re-creating a bad replica");
            outcome = "RECOVERED";
        } else {
            List<UUID> rules = tx.query("update locks set state = 'STUCK', updated_at = ? where scope = ? and name = ? and rse_id = ? "
                    + "and state <> 'STUCK' returning rule_id", rs -> rs.getObject(1, UUID.class), now, bad.scope(), bad.name(), bad.rseId());
            for (UUID rule : rules) {
                tx.update("update rules set locks_ok_cnt = greatest(locks_ok_cnt - 1, 0), locks_stuck_cnt = locks_stuck_cnt + 1, "
                        + "state = 'STUCK', stuck_at = coalesce(stuck_at, ?), error = ?, updated_at = ? where id = ?",
                        now, "No available source for bad replica " + bad.scope() + ":" + bad.name(), now, rule);
                engine.history(tx, rule);
            }
            tx.update("update dids set availability = 'LOST', updated_at = ? where scope = ? and name = ? and not exists "
                    + "(select 1 from replicas r where r.scope = dids.scope and r.name = dids.name and r.state = 'AVAILABLE')",
                    now, bad.scope(), bad.name());
            outcome = "LOST";
        }
        tx.update("with repaired as (update bad_replicas set state = ?, updated_at = ? where scope = ? and name = ? and rse_id = ? "
                + "and created_at = ? returning scope, name, rse_id) "
                + DaemonAudit.insertSelect(NAME, "repair_bad_replica", DaemonAudit.replicaTarget("r"), "?", "repaired r"),
                outcome, now, bad.scope(), bad.name(), bad.rseId(), bad.createdAt(), now, REPAIRS.get(outcome));
        if (outcome.equals("LOST")) {
            lost(tx, bad, now);
        }
    }

    /**
     * {@code LOST}, as Rucio writes it for a bad file with no other copy: one per dataset the file is
     * in ({@code dataset_scope}, {@code dataset_name}), or one with those null for a file in no dataset.
     */
    private static void lost(Tx tx, BadReplica bad, Timestamp now) {
        tx.update(Outbox.INSERT + "select 'LOST', jsonb_build_object('scope', f.scope, 'name', f.name, 'dataset_name', c.name, "
                        + "'dataset_scope', c.scope), f.scope || ':' || f.name, ? from (select ?::text as scope, ?::text as name) f "
                        + "left join contents c on c.child_scope = f.scope and c.child_name = f.name and c.did_type = 'DATASET' "
                        + "where " + Outbox.wanted(EventTypes.LOST) + " order by c.scope, c.name",
                now, bad.scope(), bad.name());
    }

    private static UUID anyRule(Tx tx, BadReplica bad) {
        return tx.queryOne("select rule_id from locks where scope = ? and name = ? and rse_id = ? order by rule_id limit 1",
                rs -> rs.getObject(1, UUID.class), bad.scope(), bad.name(), bad.rseId()).orElseThrow();
    }

    private static void queue(Tx tx, BadReplica bad, Rule rule, Timestamp now, String why) {
        List<UUID> queued = tx.query("insert into requests (id, scope, name, dest_rse_id, rule_id, account, state, activity, priority, bytes, adler32, md5, "
                + "attributes, created_at, updated_at) select ordered_uuid(), d.scope, d.name, ?, ?, ?, 'QUEUED', ?, ?, d.bytes, d.adler32, "
                + "d.md5, jsonb_build_object('reason', ?::text), ?, ? from dids d where d.scope = ? and d.name = ? "
                + "on conflict (scope, name, dest_rse_id, request_type) do update set state = 'QUEUED', retry_count = 0, err_msg = null, "
                + "external_id = null, source_rse_id = null, updated_at = excluded.updated_at returning id", rs -> rs.getObject(1, UUID.class),
                bad.rseId(), rule.id(), rule.account(), rule.activity(), rule.priority(), why, now, now, bad.scope(), bad.name());
        TransferEvents.queued(tx, queued, now.toInstant());
    }

    /**
     * Retries the stuck locks of a rule now, as a boost of the rule asks ({@code boost_rule}): as the repairer's cycle
     * would, and each request queued again gets all its attempts anew and no pause before the first.
     */
    static void boost(Tx tx, Database database, RuleEngine engine, UUID id) {
        new JudgeRepairer(database, engine, Duration.ZERO).retryStuck(tx, id, true);
    }

    /** {@code freshAttempts}: the requests queued again start over (no attempt counted, no pause); otherwise they keep their count. */
    private void retryStuck(Tx tx, UUID id, boolean freshAttempts) {
        Rule rule = engine.find(tx, id, true).orElse(null);
        if (rule == null || rule.state() != RuleState.STUCK) {
            return;
        }
        Timestamp now = Timestamp.from(engine.clock().instant());
        int movedAway = moveStuck(tx, rule, now);
        int retried = tx.update("with retried as (update locks l set state = 'REPLICATING', repair_cnt = repair_cnt + 1, updated_at = ? "
                + "where l.rule_id = ? and l.state = 'STUCK' and exists (select 1 from replicas r where r.scope = l.scope and r.name = l.name "
                + "and r.rse_id <> l.rse_id and r.state = 'AVAILABLE') and (? or exists (select 1 from rses s where s.id = l.rse_id "
                + "and s.availability_write)) returning l.scope, l.name, l.rse_id) "
                + "update requests q set state = 'QUEUED', err_msg = null, external_id = null, updated_at = ?, "
                + "retry_count = case when ? then 0 else q.retry_count end from retried t "
                + "where q.scope = t.scope and q.name = t.name and q.dest_rse_id = t.rse_id", now, id, rule.ignoreAvailability(), now,
                freshAttempts);
        long moved = tx.count("select count(*) from locks where rule_id = ? and state = 'REPLICATING'", id);
        long stuck = tx.count("select count(*) from locks where rule_id = ? and state = 'STUCK'", id);
        long ok = tx.count("select count(*) from locks where rule_id = ? and state = 'OK'", id);
        tx.queryOne("with changed as (update rules r set locks_ok_cnt = ?, locks_replicating_cnt = ?, locks_stuck_cnt = ?, "
                + "state = case when ? > 0 then 'STUCK' when ? > 0 then 'REPLICATING' else 'OK' end, "
                + "stuck_at = case when ? > 0 then ?::timestamptz else null end, error = case when ? > 0 then r.error else null end, "
                + "updated_at = ? from rules o where r.id = ? and o.id = r.id " + RuleEvents.returning() + ")" + RuleEvents.ctes("changed")
                + "select count(*) from changed", rs -> rs.getLong(1), ok, moved, stuck, stuck, moved, stuck, now, stuck, now, id);
        if (retried > 0 || movedAway > 0 || stuck == 0) {
            engine.history(tx, id);
        }
    }

    private record StuckOn(UUID rseId, long bytes, boolean writable, int repairs) {
    }

    /**
     * Moves the stuck locks of a rule away from the RSEs that cannot take them: each such RSE
     * gets one replacement for all its stuck files (so grouping ALL and DATASET stay together),
     * the locks there are released (their COPYING replicas get a tombstone, their failed requests
     * go to the history) and new locks, replicas and queued requests are made on the replacement,
     * which also takes the failing RSE's place among the rule's targets.
     *
     * @return the locks moved
     */
    private int moveStuck(Tx tx, Rule rule, Timestamp now) {
        List<StuckOn> stuckOn = tx.query("select l.rse_id, coalesce(sum(l.bytes), 0), coalesce(s.availability_write, false), "
                + "min(l.repair_cnt) from locks l left join rses s on s.id = l.rse_id where l.rule_id = ? and l.state = 'STUCK' "
                + "group by l.rse_id, s.availability_write",
                rs -> new StuckOn(rs.getObject(1, UUID.class), rs.getLong(2), rs.getBoolean(3), rs.getInt(4)), rule.id());
        int moved = 0;
        for (StuckOn from : stuckOn) {
            if (from.writable() && from.repairs() < MOVE_AFTER_REPAIRS) {
                continue;
            }
            UUID to = engine.replacementTarget(tx, rule, from.rseId(), from.bytes()).orElse(null);
            if (to == null) {
                tx.update("update rules set error = ?, updated_at = ? where id = ?", truncate("Stuck locks on an RSE that cannot take them "
                        + "and no other RSE of '" + rule.rseExpression() + "' to move them to"), now, rule.id());
                continue;
            }
            moved += move(tx, rule, from.rseId(), to, now);
        }
        return moved;
    }

    private int move(Tx tx, Rule rule, UUID from, UUID to, Timestamp now) {
        List<String> scopes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        tx.query("select l.scope, l.name, l.bytes from locks l where l.rule_id = ? and l.rse_id = ? and l.state = 'STUCK' "
                        + "and not exists (select 1 from locks o where o.rule_id = l.rule_id and o.scope = l.scope and o.name = l.name "
                        + "and o.rse_id = ?) order by l.scope, l.name limit ?",
                rs -> {
                    scopes.add(rs.getString(1));
                    names.add(rs.getString(2));
                    bytes.add(rs.getLong(3));
                    return null;
                }, rule.id(), from, to, MOVE_BATCH);
        if (scopes.isEmpty()) {
            return 0;
        }
        LockWriter writer = new LockWriter(tx, now.toInstant());
        writer.release(rule, "l.rse_id = ? and l.state = 'STUCK' and (l.scope, l.name) in (select * from unnest(?::text[], ?::text[]))",
                List.of(from, tx.array("text", scopes.toArray()), tx.array("text", names.toArray())), scopes.size(), now.toInstant());
        tx.update("with gone as (delete from requests q using unnest(?::text[], ?::text[]) as f(s, n) where q.scope = f.s and q.name = f.n "
                + "and q.dest_rse_id = ? and q.request_type = 'TRANSFER' and not exists (select 1 from locks l where l.scope = q.scope "
                + "and l.name = q.name and l.rse_id = q.dest_rse_id) returning q.*) "
                + "insert into requests_history (id, request_type, scope, name, dest_rse_id, source_rse_id, rule_id, account, state, "
                + "activity, bytes, err_msg, created_at, updated_at) select id, request_type, scope, name, dest_rse_id, source_rse_id, rule_id, "
                + "account, 'FAILED', activity, bytes, coalesce(err_msg, 'moved to another RSE'), created_at, ? from gone",
                tx.array("text", scopes.toArray()), tx.array("text", names.toArray()), from, now);
        List<UUID> targets = Collections.nCopies(scopes.size(), to);
        List<String> none = Collections.nCopies(scopes.size(), null);
        writer.lockPairs(rule, scopes, names, targets, bytes, none, none, null, 0);
        tx.update("update rule_targets set rse_id = ? where rule_id = ? and rse_id = ?", to, rule.id(), from);
        tx.update(DaemonAudit.insertSelect(NAME, "move_stuck_locks", "? || ',from=' || f.rse || ',rule=' || ? || ',to=' || t.rse",
                "? || ' stuck locks moved'", "rses f, rses t where f.id = ? and t.id = ?"), now,
                "account=" + rule.account() + ",did=" + rule.scope() + ":" + rule.name(), rule.id().toString(),
                String.valueOf(scopes.size()), from, to);
        return scopes.size();
    }

    private static String truncate(String text) {
        return text.length() <= 255 ? text : text.substring(0, 255);
    }
}
