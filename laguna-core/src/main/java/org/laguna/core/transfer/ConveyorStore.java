package org.laguna.core.transfer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Tx;
import org.laguna.core.db.JsonValues;
import org.laguna.core.event.RuleEvents;
import org.laguna.core.event.TransferEvents;
import org.laguna.core.rule.ReplicaArrivals;
import org.laguna.core.transfer.TransferPlanner.Request;

/**
 * The request state changes of the conveyor's stages, each for a whole batch in one statement:
 * QUEUED → SUBMITTED (submitter), SUBMITTED → DONE/FAILED with {@code transferred_at} set, the
 * outcome waiting to be finished (poller), and then (finisher) DONE → requests_history with the
 * replica AVAILABLE, or FAILED → QUEUED again for a retry or FAILED for good with the locks and
 * rules STUCK.
 */
final class ConveyorStore {
    private ConveyorStore() {
    }

    static final String REQUEST_COLUMNS = "id, scope, name, dest_rse_id, rule_id, retry_count, source_rse_id, activity, priority";

    static Request request(ResultSet rs) throws SQLException {
        return new Request(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                rs.getObject(5, UUID.class), rs.getInt(6), rs.getObject(7, UUID.class), rs.getString(8), rs.getInt(9));
    }

    /**
     * Up to {@code limit} QUEUED requests of a slice, highest priority first, locked for this
     * transaction. A request that failed before waits {@code retryDelay} after its first failure,
     * twice that after its second, and so on, never longer than {@code retryDelayMax}.
     */
    static List<Request> queued(Tx tx, WorkSlice slice, Instant now, Duration retryDelay, Duration retryDelayMax,
            int limit) {
        return tx.query(queuedSql(slice), ConveyorStore::request, Timestamp.from(now), retryDelay.toMillis(), retryDelayMax.toMillis(), limit);
    }

    /** The query of {@link #queued}; parameters: now, retry delay and longest retry delay in milliseconds, limit. */
    static String queuedSql(WorkSlice slice) {
        return "select " + REQUEST_COLUMNS + " from requests where state = 'QUEUED' and request_type = 'TRANSFER' "
                + "and (retry_count = 0 or updated_at < ?::timestamptz - least(?::bigint * power(2, least(retry_count - 1, 30)), ?::bigint) "
                + "* interval '1 millisecond') "
                + "and attributes->>'next_hop' is null and " + slice.sql("id::text") + " order by priority desc, created_at limit ? for update skip locked";
    }

    /** Marks requests SUBMITTED to a tool (no job id yet). */
    static void claim(Tx tx, List<UUID> ids, String tool, String host, Instant at) {
        Timestamp now = Timestamp.from(at);
        tx.update("update requests set state = 'SUBMITTED', transfertool = ?, external_host = ?, external_id = null, transferred_at = null, "
                + "submitted_at = ?, updated_at = ? where id = any(?)", tool, host, now, now, tx.array("uuid", ids.toArray()));
    }

    /**
     * A request handed to a tool: its job id (null when the outcome of the submission is unknown),
     * first source, destination path, and for the last hop of a multi-hop path the requests of the
     * hops before it.
     */
    record Submitted(UUID id, String jobId, UUID sourceRseId, Map<String, String> sources, String destPath, boolean keepPath,
            List<UUID> hops) {
        Submitted(UUID id, String jobId, UUID sourceRseId, Map<String, String> sources, String destPath, boolean keepPath) {
            this(id, jobId, sourceRseId, sources, destPath, keepPath, List.of());
        }
    }

    static void submitted(Tx tx, List<Submitted> rows, Instant at) {
        if (rows.isEmpty()) {
            return;
        }
        tx.update("update requests q set external_id = u.ext, source_rse_id = coalesce(u.src, q.source_rse_id), "
                        + "attributes = (coalesce(q.attributes, '{}'::jsonb) - 'hops') || u.attr::jsonb, updated_at = ? "
                        + "from unnest(?::uuid[], ?::text[], ?::uuid[], ?::text[]) as u(id, ext, src, attr) "
                        + "where q.id = u.id and q.state = 'SUBMITTED'",
                Timestamp.from(at), tx.array("uuid", rows.stream().map(Submitted::id).toArray()),
                tx.array("text", rows.stream().map(Submitted::jobId).toArray()),
                tx.array("uuid", rows.stream().map(Submitted::sourceRseId).toArray()),
                tx.array("text", rows.stream().map(r -> JsonValues.write(r.hops().isEmpty()
                        ? Map.of("sources", r.sources(), "path", r.destPath(), "keep", r.keepPath())
                        : Map.of("sources", r.sources(), "path", r.destPath(), "keep", r.keepPath(),
                                "hops", r.hops().stream().map(UUID::toString).toList()))).toArray()));
        TransferEvents.submitted(tx, rows.stream().map(Submitted::id).toList(), at);
    }

    /** The end of a transfer as a tool reported it (or as the destination showed it). */
    record Outcome(UUID id, boolean done, String reason, String sourcePfn, String destPath, Boolean keepPath) {
    }

    /** Records outcomes of SUBMITTED requests for the finisher; returns how many changed. */
    static int outcomes(Tx tx, List<Outcome> rows, Instant at) {
        if (rows.isEmpty()) {
            return 0;
        }
        Timestamp now = Timestamp.from(at);
        return tx.update("update requests q set state = case when u.done then 'DONE' else 'FAILED' end, err_msg = left(u.err, 4000), "
                        + "source_rse_id = coalesce((q.attributes->'sources'->>u.src)::uuid, q.source_rse_id), transferred_at = ?, updated_at = ?, "
                        + "attributes = case when u.p is null then q.attributes else coalesce(q.attributes, '{}'::jsonb) "
                        + "|| jsonb_build_object('path', u.p, 'keep', u.keep) end "
                        + "from unnest(?::uuid[], ?::boolean[], ?::text[], ?::text[], ?::text[], ?::boolean[]) as u(id, done, err, src, p, keep) "
                        + "where q.id = u.id and q.state = 'SUBMITTED'",
                now, now, tx.array("uuid", rows.stream().map(Outcome::id).toArray()),
                tx.array("boolean", rows.stream().map(Outcome::done).toArray()),
                tx.array("text", rows.stream().map(Outcome::reason).toArray()),
                tx.array("text", rows.stream().map(Outcome::sourcePfn).toArray()),
                tx.array("text", rows.stream().map(Outcome::destPath).toArray()),
                tx.array("boolean", rows.stream().map(Outcome::keepPath).toArray()));
    }

    /** Puts SUBMITTED requests back in the queue without counting an attempt (nothing usable arrived). */
    static void requeue(Tx tx, List<UUID> ids, Instant at) {
        Timestamp now = Timestamp.from(at);
        tx.update("update requests set state = 'QUEUED', external_id = null, transferred_at = null, updated_at = ? "
                + "where id = any(?) and state = 'SUBMITTED'", now, tx.array("uuid", ids.toArray()));
    }

    /**
     * A finished request waiting for the finisher; {@code intermediate} when it is a hop of a
     * multi-hop path before the last one (its destination is an intermediate RSE).
     */
    record Finished(Request request, boolean done, String reason, String destPath, boolean keepPath, boolean intermediate) {
        Finished(Request request, boolean done, String reason, String destPath, boolean keepPath) {
            this(request, done, reason, destPath, keepPath, false);
        }

        Finished withReason(String newReason) {
            return new Finished(request, done, newReason, destPath, keepPath, intermediate);
        }
    }

    static List<Finished> finished(Tx tx, WorkSlice slice, int limit) {
        return tx.query("select " + REQUEST_COLUMNS + ", state, err_msg, attributes->>'path', coalesce((attributes->>'keep')::boolean, false), "
                        + "attributes->>'next_hop' is not null "
                        + "from requests where state in ('DONE', 'FAILED') and transferred_at is not null and " + slice.sql("id::text")
                        + " limit ? for update skip locked",
                rs -> new Finished(request(rs), "DONE".equals(rs.getString(10)), rs.getString(11), rs.getString(12), rs.getBoolean(13),
                        rs.getBoolean(14)),
                limit);
    }

    /** A hop of a multi-hop path before the last: its request and the replica it creates on the intermediate RSE. */
    record IntermediateHop(UUID id, UUID finalId, UUID nextId, String scope, String name, UUID sourceRseId, UUID rseId, String path,
            boolean keepPath, Map<String, String> sources, long bytes, String adler32, String md5, Duration lifetime) {
    }

    /**
     * Records the hops before the last of multi-hop paths, before they are submitted: a SUBMITTED
     * request per hop (account, activity and priority of the final request; no rule, so a failure
     * never makes a lock stuck) and a COPYING replica on the intermediate RSE with a tombstone at
     * {@code tombstone} (the reaper removes it once it is no longer needed; a replica that exists
     * already keeps its state and tombstone). Returns false, recording nothing, when the
     * intermediate RSE already has a request for the file.
     */
    static boolean intermediate(Tx tx, List<IntermediateHop> hops, String tool, String host, Instant at) {
        Timestamp now = Timestamp.from(at);
        for (IntermediateHop hop : hops) {
            int inserted = tx.update("insert into requests (id, request_type, scope, name, dest_rse_id, source_rse_id, rule_id, account, "
                            + "state, activity, priority, bytes, adler32, md5, transfertool, external_host, attributes, submitted_at, created_at, "
                            + "updated_at) select ?, 'TRANSFER', q.scope, q.name, ?, ?, null, q.account, 'SUBMITTED', q.activity, q.priority, ?, ?, "
                            + "?, ?, ?, ?::jsonb, ?, ?, ? from requests q where q.id = ? "
                            + "on conflict (scope, name, dest_rse_id, request_type) do nothing",
                    hop.id(), hop.rseId(), hop.sourceRseId(), hop.bytes(), hop.adler32(), hop.md5(), tool, host,
                    JsonValues.write(Map.of("next_hop", hop.nextId().toString(), "final", hop.finalId().toString(), "sources", hop.sources(),
                            "path", hop.path(), "keep", hop.keepPath())), now, now, now, hop.finalId());
            if (inserted == 0) {
                tx.update("delete from requests where id = any(?)", tx.array("uuid", hops.stream().map(IntermediateHop::id).toArray()));
                return false;
            }
        }
        TransferEvents.queued(tx, hops.stream().map(IntermediateHop::id).toList(), at);
        for (IntermediateHop hop : hops) {
            // as in Rucio: no lifetime, no tombstone; a negative one, the epoch (removed first)
            Instant tombstone = hop.lifetime() == null ? null : hop.lifetime().isNegative() ? Instant.EPOCH : at.plus(hop.lifetime());
            tx.update("insert into replicas (scope, name, rse_id, bytes, path, state, tombstone, created_at, updated_at) "
                            + "values (?, ?, ?, ?, ?, 'COPYING', " + (tombstone == null ? "null" : "?") + ", ?, ?) "
                            + "on conflict (scope, name, rse_id) do nothing",
                    tombstone == null ? new Object[] {hop.scope(), hop.name(), hop.rseId(), hop.bytes(), hop.path(), now, now}
                            : new Object[] {hop.scope(), hop.name(), hop.rseId(), hop.bytes(), hop.path(), Timestamp.from(tombstone), now, now});
        }
        return true;
    }

    /**
     * Hops before the last that failed (or were never submitted): their requests go to the history
     * as FAILED with the reason, and the replicas they were to create on the intermediate RSEs,
     * if still COPYING and unlocked, are removed. A hop is never retried on its own: the final
     * request counts the attempt and plans its path again.
     */
    static void hopsFailed(Tx tx, List<UUID> ids, List<String> reasons, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(at);
        TransferEvents.finished(tx, ids, reasons, false, at);
        tx.update("with gone as (delete from requests q using unnest(?::uuid[], ?::text[]) as u(id, err) where q.id = u.id "
                        + "returning q.*, u.err), "
                        + "replica as (delete from replicas r using gone g where r.scope = g.scope and r.name = g.name "
                        + "and r.rse_id = g.dest_rse_id and r.state = 'COPYING' and r.lock_cnt = 0 returning r.rse_id) "
                        + "insert into requests_history (id, request_type, scope, name, dest_rse_id, source_rse_id, rule_id, account, state, "
                        + "activity, bytes, err_msg, created_at, updated_at) select id, request_type, scope, name, dest_rse_id, source_rse_id, "
                        + "rule_id, account, 'FAILED', activity, bytes, left(coalesce(err, err_msg, 'transfer failed'), 4000), created_at, ? from gone",
                tx.array("uuid", ids.toArray()), tx.array("text", reasons.toArray()), now);
    }

    /** The reasons the earlier hops of these (final) requests failed, by final request id. */
    static Map<UUID, String> hopErrors(Tx tx, List<UUID> finalIds) {
        Map<UUID, String> errors = new HashMap<>();
        if (finalIds.isEmpty()) {
            return errors;
        }
        // the history is looked up through its (scope, name, ...) index: a hop has the file of its final request
        tx.query("select q.id, coalesce((select r.err_msg from requests r where r.id = hop.id::uuid and r.state = 'FAILED'), "
                        + "(select h.err_msg from requests_history h where h.scope = q.scope and h.name = q.name and h.id = hop.id::uuid "
                        + "and h.state = 'FAILED' limit 1)) from requests q cross join lateral jsonb_array_elements_text(q.attributes->'hops') "
                        + "as hop(id) where q.id = any(?) and q.attributes->'hops' is not null",
                rs -> {
                    if (rs.getString(2) != null) {
                        errors.putIfAbsent(rs.getObject(1, UUID.class), rs.getString(2));
                    }
                    return null;
                }, tx.array("uuid", finalIds.toArray()));
        return errors;
    }

    /** Verified copies: the replicas become AVAILABLE, locks and rules move, the requests go to the history as DONE. */
    static void arrived(Tx tx, List<Finished> done, Instant at) {
        if (done.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(at);
        List<String> scopes = done.stream().map(d -> d.request().scope()).toList();
        List<String> names = done.stream().map(d -> d.request().name()).toList();
        List<UUID> dests = done.stream().map(d -> d.request().destRseId()).toList();
        tx.update("update replicas r set state = 'AVAILABLE', path = case when u.keep and u.p is not null then u.p else r.path end, "
                        + "adler32 = d.adler32, md5 = d.md5, tombstone = case when r.lock_cnt > 0 then null else r.tombstone end, updated_at = ? "
                        + "from unnest(?::text[], ?::text[], ?::uuid[], ?::text[], ?::boolean[]) as u(s, n, rse, p, keep), dids d "
                        + "where r.scope = u.s and r.name = u.n and r.rse_id = u.rse and d.scope = r.scope and d.name = r.name",
                now, tx.array("text", scopes.toArray()), tx.array("text", names.toArray()), tx.array("uuid", dests.toArray()),
                tx.array("text", done.stream().map(Finished::destPath).toArray()),
                tx.array("boolean", done.stream().map(Finished::keepPath).toArray()));
        List<UUID> ids = done.stream().map(d -> d.request().id()).toList();
        TransferEvents.finished(tx, ids, done.stream().map(d -> (String) null).toList(), true, at);
        ReplicaArrivals.arrived(tx, scopes, names, dests, at);
        tx.update("with gone as (delete from requests q using unnest(?::uuid[]) as a(id) where q.id = a.id returning q.*) "
                        + "insert into requests_history (id, request_type, scope, name, dest_rse_id, source_rse_id, rule_id, account, state, "
                        + "activity, bytes, err_msg, created_at, updated_at) select id, request_type, scope, name, dest_rse_id, source_rse_id, "
                        + "rule_id, account, 'DONE', activity, bytes, null, created_at, ? from gone",
                tx.array("uuid", done.stream().map(d -> d.request().id()).toArray()), now);
    }

    /**
     * Failed attempts: back to the queue (counted, retried after the delay, the failed source ranked
     * last next time) while attempts remain and the failure is not fatal; otherwise FAILED for good,
     * with the locks waiting for the file STUCK and their rules STUCK with the reason.
     */
    static void failed(Tx tx, List<Finished> failed, int maxAttempts, boolean fatal, Instant at) {
        if (failed.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(at);
        TransferEvents.finished(tx, failed.stream().map(f -> f.request().id()).toList(), failed.stream().map(Finished::reason).toList(),
                false, at);
        List<Finished> retry = fatal ? List.of() : failed.stream().filter(f -> f.request().retryCount() + 1 < maxAttempts).toList();
        Set<UUID> retried = new HashSet<>();
        retry.forEach(f -> retried.add(f.request().id()));
        List<Finished> last = failed.stream().filter(f -> !retried.contains(f.request().id())).toList();
        if (!retry.isEmpty()) {
            tx.update("update requests q set state = 'QUEUED', retry_count = q.retry_count + 1, err_msg = left(coalesce(u.err, q.err_msg), 4000), "
                            + "external_id = null, transferred_at = null, updated_at = ? from unnest(?::uuid[], ?::text[]) as u(id, err) "
                            + "where q.id = u.id",
                    now, tx.array("uuid", retry.stream().map(f -> f.request().id()).toArray()),
                    tx.array("text", retry.stream().map(Finished::reason).toArray()));
            TransferEvents.queued(tx, retry.stream().map(f -> f.request().id()).toList(), at);
        }
        if (last.isEmpty()) {
            return;
        }
        tx.update("update requests q set state = 'FAILED', retry_count = q.retry_count + 1, err_msg = left(coalesce(u.err, q.err_msg, "
                        + "'transfer failed'), 4000), transferred_at = null, updated_at = ? from unnest(?::uuid[], ?::text[]) as u(id, err) "
                        + "where q.id = u.id",
                now, tx.array("uuid", last.stream().map(f -> f.request().id()).toArray()),
                tx.array("text", last.stream().map(Finished::reason).toArray()));
        tx.queryOne("with f as (select * from unnest(?::text[], ?::text[], ?::uuid[], ?::text[]) as u(s, n, rse, err)), "
                        + "stuck as (update locks l set state = 'STUCK', updated_at = ? from f where l.scope = f.s and l.name = f.n "
                        + "and l.rse_id = f.rse and l.state = 'REPLICATING' returning l.rule_id, left(coalesce(f.err, 'transfer failed'), 250) as err), "
                        + "counts as (select rule_id, count(*) as n, max(err) as err from stuck group by rule_id), "
                        + "changed as (update rules r set locks_replicating_cnt = greatest(r.locks_replicating_cnt - c.n, 0), "
                        + "locks_stuck_cnt = r.locks_stuck_cnt + c.n, state = case when r.state in ('OK', 'REPLICATING') then 'STUCK' "
                        + "else r.state end, stuck_at = coalesce(r.stuck_at, ?), error = c.err, version = r.version + 1, updated_at = ? "
                        + "from counts c, rules o where r.id = c.rule_id and o.id = c.rule_id " + RuleEvents.returning() + ")"
                        + RuleEvents.ctes("changed") + "select count(*) from changed",
                rs -> rs.getLong(1),
                tx.array("text", last.stream().map(f -> f.request().scope()).toArray()),
                tx.array("text", last.stream().map(f -> f.request().name()).toArray()),
                tx.array("uuid", last.stream().map(f -> f.request().destRseId()).toArray()),
                tx.array("text", last.stream().map(Finished::reason).toArray()), now, now, now);
    }
}
