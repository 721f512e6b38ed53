package org.laguna.core.event;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.laguna.core.db.Tx;

/**
 * The transfer events, with Rucio's payloads: {@code transfer-queued} (Rucio's queue_requests),
 * {@code transfer-submitted} (set_transfers_state) and {@code transfer-done} /
 * {@code transfer-failed} (add_monitor_message). Each is one statement for a whole batch, reading
 * the request rows (alias {@code q}), their destination RSE ({@code dst}), source RSE
 * ({@code src}) and file ({@code d}).
 */
public final class TransferEvents {
    private static final String JOINS = " join rses dst on dst.id = q.dest_rse_id left join rses src on src.id = q.source_rse_id "
            + "left join dids d on d.scope = q.scope and d.name = q.name ";

    private TransferEvents() {
    }

    /**
     * A CTE (name {@code qev}) writing {@code transfer-queued} for the rows of the CTE {@code req}, which
     * must return the request columns {@code id, scope, name, dest_rse_id, rule_id, activity, bytes,
     * retry_count, created_at}; to add after {@code req} in a WITH list.
     */
    public static String queuedCte() {
        return "qev as (" + Outbox.INSERT + "select 'transfer-queued', " + queuedPayload() + ", q.scope || ':' || q.name, q.created_at "
                + "from req q join rses dst on dst.id = q.dest_rse_id left join dids d on d.scope = q.scope and d.name = q.name "
                + "where " + Outbox.wanted(EventTypes.TRANSFER_QUEUED) + " returning 1) ";
    }

    /** {@code transfer-queued} for the given requests, as they are now. */
    public static void queued(Tx tx, List<UUID> requestIds, Instant at) {
        if (requestIds.isEmpty()) {
            return;
        }
        tx.update(Outbox.INSERT + "select 'transfer-queued', " + queuedPayload() + ", q.scope || ':' || q.name, ? from requests q"
                + JOINS + "where q.id = any(?) and " + Outbox.wanted(EventTypes.TRANSFER_QUEUED) + " order by q.id", Timestamp.from(at), tx.array("uuid", requestIds.toArray()));
    }

    /** {@code transfer-submitted} for the given requests, once the transfer tool has them. */
    public static void submitted(Tx tx, List<UUID> requestIds, Instant at) {
        if (requestIds.isEmpty()) {
            return;
        }
        tx.update(Outbox.INSERT + "select 'transfer-submitted', jsonb_build_object('request-id', " + Outbox.hex("q.id")
                        + ", 'request-type', q.request_type, 'scope', q.scope, 'name', q.name, 'dataset', null, 'datasetScope', null, "
                        + "'src-rse-id', " + Outbox.hex("q.source_rse_id") + ", 'src-rse', src.rse, 'dst-rse-id', " + Outbox.hex("q.dest_rse_id")
                        + ", 'dst-rse', dst.rse, 'state', 'SUBMITTED', 'activity', q.activity, "
                        + "'file-size', q.bytes, 'bytes', q.bytes, 'checksum-md5', d.md5, 'checksum-adler', d.adler32, "
                        + "'external-id', q.external_id, 'external-host', q.external_host, 'queued_at', " + Outbox.date("q.submitted_at")
                        + ", 'datatype', null), q.scope || ':' || q.name, ? from requests q" + JOINS
                        + "where q.id = any(?) and q.state = 'SUBMITTED' and " + Outbox.wanted(EventTypes.TRANSFER_SUBMITTED) + " order by q.id",
                Timestamp.from(at), tx.array("uuid", requestIds.toArray()));
    }

    /**
     * {@code transfer-done} or {@code transfer-failed} (as {@code done} says) for requests that
     * finished, with the reason of each (null when none), before the finisher moves them on.
     */
    public static void finished(Tx tx, List<UUID> requestIds, List<String> reasons, boolean done, Instant at) {
        if (requestIds.isEmpty()) {
            return;
        }
        String state = done ? "done" : "failed";
        tx.update(Outbox.INSERT + "select 'transfer-" + state + "', " + finishedPayload() + ", q.scope || ':' || q.name, ? "
                        + "from unnest(?::uuid[], ?::text[]) with ordinality as u(id, reason, i) join requests q on q.id = u.id" + JOINS
                        + "where " + Outbox.wanted("transfer-" + state) + " order by u.i",
                Timestamp.from(at), tx.array("uuid", requestIds.toArray()), tx.array("text", reasons.toArray()));
    }

    private static String queuedPayload() {
        return "jsonb_build_object('request-id', " + Outbox.hex("q.id") + ", 'request-type', 'transfer', 'scope', q.scope, 'name', q.name, "
                + "'dst-rse-id', " + Outbox.hex("q.dest_rse_id") + ", 'dst-rse', dst.rse, 'state', 'queued', 'retry-count', q.retry_count, "
                + "'rule-id', " + Outbox.hex("q.rule_id") + ", 'activity', q.activity, 'file-size', q.bytes, 'bytes', q.bytes, 'checksum-md5', d.md5, "
                + "'checksum-adler', d.adler32, 'queued_at', " + Outbox.date("q.created_at") + ")";
    }

    private static String finishedPayload() {
        return "jsonb_build_object('activity', q.activity, 'request-id', " + Outbox.hex("q.id") + ", "
                + "'duration', coalesce(extract(epoch from q.transferred_at - q.submitted_at)::bigint, -1), "
                + "'checksum-adler', d.adler32, 'checksum-md5', d.md5, 'file-size', q.bytes, 'bytes', q.bytes, 'guid', null, "
                + "'previous-request-id', null, 'protocol', q.transfertool, 'scope', q.scope, 'name', q.name, 'dataset', null, "
                + "'datasetScope', null, 'src-type', null, 'src-rse', src.rse, 'src-url', null, 'dst-type', null, 'dst-rse', dst.rse, "
                + "'dst-url', null, 'reason', coalesce(u.reason, q.err_msg), 'transfer-endpoint', q.external_host, "
                + "'transfer-id', q.external_id, 'transfer-link', null, 'created_at', " + Outbox.date("q.created_at") + ", "
                + "'submitted_at', " + Outbox.date("q.submitted_at") + ", 'started_at', " + Outbox.date("q.submitted_at") + ", "
                + "'transferred_at', " + Outbox.date("q.transferred_at") + ", 'tool-id', 'rucio-conveyor', 'account', q.account, "
                + "'datatype', null)";
    }
}
