package org.laguna.core.rule;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Tx;
import org.laguna.core.event.QuotaEvents;
import org.laguna.core.event.TransferEvents;

/**
 * Creates and releases locks in set-based statements, one batch at a time. Rows produced by one
 * part of a statement are joined to tables through their indexes, never to another part of the
 * statement (a join of two CTE results has no index and turns quadratic). Creating a lock also
 * creates the replica it needs (COPYING, with a QUEUED transfer request) or counts it on an
 * existing one, removes that replica's tombstone and charges the account's usage; releasing does
 * the reverse, giving replicas without locks a tombstone and cancelling queued requests nobody
 * needs any more.
 */
public final class LockWriter {
    /** Files per batch: bounds the memory and the length of each transaction. */
    public static final int BATCH = 10_000;

    /** What one batch did. {@code cursor} is where the next batch starts, null when done. */
    public record Batch(long ok, long replicating, long files, String[] cursor) {
        static final Batch EMPTY = new Batch(0, 0, 0, null);
    }

    /** Counts of released locks by the state they were in. */
    public record Released(long ok, long replicating, long stuck) {
        public long total() {
            return ok + replicating + stuck;
        }
    }

    // The replicas and requests are written from the locks just inserted (RETURNING) with no join:
    // a COPYING replica and a request carry no checksums of their own, the file's are in dids.
    private static final String APPLY = "ins as (insert into locks (scope, name, rse_id, rule_id, account, bytes, state, created_at, updated_at) "
            + "select p.s, p.n, p.rse_id, ?, ?, coalesce(p.b, 0), case when r.state = 'AVAILABLE' then 'OK' else 'REPLICATING' end, ?, ? "
            + "from pairs p left join replicas r on r.scope = p.s and r.name = p.n and r.rse_id = p.rse_id "
            + "on conflict do nothing returning scope, name, rse_id, bytes, state), "
            + "rep as (insert into replicas (scope, name, rse_id, bytes, state, lock_cnt, tombstone, created_at, updated_at) "
            + "select i.scope, i.name, i.rse_id, i.bytes, 'COPYING', 1, null, ?, ? from ins i "
            + "on conflict (scope, name, rse_id) do update set lock_cnt = replicas.lock_cnt + 1, tombstone = null returning 1), "
            + "req as (insert into requests (id, scope, name, dest_rse_id, rule_id, account, state, activity, priority, bytes, "
            + "created_at, updated_at) select ordered_uuid(), i.scope, i.name, i.rse_id, ?, ?, 'QUEUED', ?, ?, i.bytes, ?, ? "
            + "from ins i where i.state = 'REPLICATING' "
            + "on conflict (scope, name, dest_rse_id, request_type) do nothing "
            + "returning id, scope, name, dest_rse_id, rule_id, activity, bytes, retry_count, created_at), "
            + TransferEvents.queuedCte() + ", "
            + "usage as (select array_agg(rse_id) as rses, array_agg(cnt) as files, array_agg(b) as bytes "
            + "from (select rse_id, count(*) as cnt, coalesce(sum(bytes), 0) as b from ins group by rse_id) x) ";

    private final Tx tx;
    private final Timestamp now;

    public LockWriter(Tx tx, Instant now) {
        this.tx = Objects.requireNonNull(tx, "tx is null");
        this.now = Timestamp.from(now);
    }

    /**
     * Locks the next batch of files of {@code source} on the rule's targets (grouping ALL or
     * DATASET): the target of a file is keyed by the rule's DID (ALL, or a dataset rule) or by the
     * dataset the file was found in (DATASET on a container).
     */
    public Batch lockOnTargets(Rule rule, FileSource source, String[] cursor, int limit) {
        List<Object> params = new ArrayList<>();
        String files = source.sql(cursor, limit, params);
        boolean perDataset = rule.grouping() == Grouping.DATASET && rule.didType() == DidType.CONTAINER;
        String key = perDataset ? "t.scope = f.ds_s and t.name = f.ds_n" : "t.scope = ? and t.name = ?";
        params.add(rule.id());
        if (!perDataset) {
            params.add(rule.scope());
            params.add(rule.name());
        }
        // a file appears once in a dataset; only a container can list it twice (in two datasets)
        String distinct = source.type() == DidType.CONTAINER ? "distinct on (f.s, f.n, t.rse_id) " : "";
        String sql = "with f as (" + files + "), "
                + "pairs as (select " + distinct + "f.s, f.n, t.rse_id, f.b, f.a, f.m from f "
                + "join rule_targets t on t.rule_id = ? and " + key + "), "
                + APPLY
                + "select (select count(*) from ins where state = 'OK'), (select count(*) from ins where state = 'REPLICATING'), "
                + "(select count(*) from f), "
                + "(select array[ds_s, ds_n, s, n] from f order by ds_s desc nulls last, ds_n desc nulls last, s desc, n desc limit 1), "
                + "(select rses from usage), (select files from usage), (select bytes from usage), (select count(*) from rep), "
                + "(select count(*) from req)";
        return run(rule, sql, params, limit);
    }

    /** Locks explicit (file, RSE) pairs, for grouping NONE where each file has its own choice. */
    public Batch lockPairs(Rule rule, List<String> scopes, List<String> names, List<UUID> rseIds, List<Long> bytes,
                           List<String> adler32, List<String> md5, String[] nextCursor, long filesRead) {
        if (scopes.isEmpty()) {
            return new Batch(0, 0, filesRead, nextCursor);
        }
        List<Object> params = new ArrayList<>();
        params.add(tx.array("text", scopes.toArray()));
        params.add(tx.array("text", names.toArray()));
        params.add(tx.array("uuid", rseIds.toArray()));
        params.add(tx.array("bigint", bytes.toArray()));
        params.add(tx.array("text", adler32.toArray()));
        params.add(tx.array("text", md5.toArray()));
        String sql = "with pairs as (select distinct on (s, n, rse_id) * from unnest(?::text[], ?::text[], ?::uuid[], ?::bigint[], "
                + "?::text[], ?::text[]) as u(s, n, rse_id, b, a, m)), "
                + APPLY
                + "select (select count(*) from ins where state = 'OK'), (select count(*) from ins where state = 'REPLICATING'), "
                + "0::bigint, null::text[], (select rses from usage), (select files from usage), (select bytes from usage), "
                + "(select count(*) from rep), (select count(*) from req)";
        Batch batch = run(rule, sql, params, Integer.MAX_VALUE);
        return new Batch(batch.ok(), batch.replicating(), filesRead, nextCursor);
    }

    private Batch run(Rule rule, String sql, List<Object> params, int limit) {
        params.add(rule.id());
        params.add(rule.account());
        params.add(now);
        params.add(now);
        params.add(now);
        params.add(now);
        params.add(rule.id());
        params.add(rule.account());
        params.add(rule.activity());
        params.add(rule.priority());
        params.add(now);
        params.add(now);
        Object[][] usage = {null, null, null};
        Batch batch = tx.queryOne(sql, rs -> {
            Array last = rs.getArray(4);
            long files = rs.getLong(3);
            String[] next = last == null || files < limit ? null : (String[]) last.getArray();
            for (int i = 0; i < 3; i++) {
                Array array = rs.getArray(5 + i);
                usage[i] = array == null ? null : (Object[]) array.getArray();
            }
            return new Batch(rs.getLong(1), rs.getLong(2), files, next);
        }, params.toArray()).orElse(Batch.EMPTY);
        // rows every batch of the account or rule touches are updated last, just before the commit,
        // so parallel batches do not wait for each other's whole statement
        if (usage[0] != null && usage[0].length > 0) {
            tx.update("with d as (select u.r, u.f, u.b from unnest(?::uuid[], ?::bigint[], ?::bigint[]) as u(r, f, b)), "
                    + "up as (insert into account_usage (account, rse_id, files, bytes, updated_at) "
                    + "select ?, d.r, d.f, d.b, ? from d order by d.r "
                    + "on conflict (account, rse_id) do update set files = account_usage.files + excluded.files, "
                    + "bytes = account_usage.bytes + excluded.bytes, updated_at = excluded.updated_at "
                    + "returning account_usage.account, account_usage.rse_id, account_usage.bytes) "
                    + QuotaEvents.NEAR_LIMIT,
                    tx.array("uuid", usage[0]), tx.array("bigint", usage[1]), tx.array("bigint", usage[2]), rule.account(), now);
        }
        if (batch.ok() + batch.replicating() > 0) {
            tx.update("update rules set locks_ok_cnt = locks_ok_cnt + ?, locks_replicating_cnt = locks_replicating_cnt + ?, "
                    + "updated_at = ? where id = ?", batch.ok(), batch.replicating(), now, rule.id());
        }
        return batch;
    }

    /**
     * Releases up to {@code limit} locks of a rule matching an extra condition on the lock
     * {@code l} (or all, for "true"), and subtracts them from the rule's counters.
     */
    public Released release(Rule rule, String condition, List<Object> conditionParams, int limit, Instant tombstone) {
        List<Object> params = new ArrayList<>();
        params.add(rule.id());
        params.addAll(conditionParams);
        params.add(limit);
        Timestamp stone = Timestamp.from(tombstone);
        params.add(stone);
        params.add(now);
        params.add(now);
        params.add(now);
        params.add(rule.account());
        String sql = "with del as (delete from locks d using (select l.scope, l.name, l.rse_id from locks l where l.rule_id = ? and ("
                + condition + ") limit ?) x where d.rule_id = " + "'" + rule.id() + "'::uuid"
                + " and d.scope = x.scope and d.name = x.name and d.rse_id = x.rse_id returning d.scope, d.name, d.rse_id, d.bytes, d.state), "
                + "rep as (update replicas r set lock_cnt = greatest(r.lock_cnt - x.cnt, 0), "
                + "tombstone = case when r.lock_cnt - x.cnt <= 0 then ? else r.tombstone end, updated_at = ? "
                + "from (select scope, name, rse_id, count(*) as cnt from del group by 1, 2, 3) x "
                + "where r.scope = x.scope and r.name = x.name and r.rse_id = x.rse_id returning r.scope, r.name, r.rse_id, r.lock_cnt), "
                + "req as (delete from requests q using rep where q.scope = rep.scope and q.name = rep.name and q.dest_rse_id = rep.rse_id "
                + "and q.request_type = 'TRANSFER' and rep.lock_cnt = 0 and q.state = 'QUEUED' returning q.*), "
                + "hist as (insert into requests_history (id, request_type, scope, name, dest_rse_id, source_rse_id, rule_id, account, state, "
                + "activity, bytes, err_msg, created_at, updated_at) select id, request_type, scope, name, dest_rse_id, source_rse_id, rule_id, "
                + "account, 'CANCELLED', activity, bytes, 'no lock needs it any more', created_at, ? from req returning 1), "
                + "usage as (update account_usage u set files = greatest(u.files - x.cnt, 0), bytes = greatest(u.bytes - x.b, 0), updated_at = ? "
                + "from (select rse_id, count(*) as cnt, coalesce(sum(bytes), 0) as b from del group by rse_id) x "
                + "where u.account = ? and u.rse_id = x.rse_id returning 1) "
                + "select count(*) filter (where state = 'OK'), count(*) filter (where state = 'REPLICATING'), "
                + "count(*) filter (where state = 'STUCK'), (select count(*) from hist), (select count(*) from usage) from del";
        Released released = tx.queryOne(sql, rs -> new Released(rs.getLong(1), rs.getLong(2), rs.getLong(3)), params.toArray())
                .orElse(new Released(0, 0, 0));
        if (released.total() > 0) {
            tx.update("update rules set locks_ok_cnt = greatest(locks_ok_cnt - ?, 0), "
                    + "locks_replicating_cnt = greatest(locks_replicating_cnt - ?, 0), locks_stuck_cnt = greatest(locks_stuck_cnt - ?, 0), "
                    + "updated_at = ? where id = ?", released.ok(), released.replicating(), released.stuck(), now, rule.id());
        }
        return released;
    }
}
