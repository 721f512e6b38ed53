package org.laguna.core.event;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.db.Tx;

/**
 * {@code deletion-done} and {@code deletion-failed}, with Rucio's payloads, for replicas the reaper
 * removed from storage and catalogue, or could not remove from storage.
 */
public final class DeletionEvents {
    private DeletionEvents() {
    }

    /**
     * A CTE (name {@code deletion_ev}, to append to a WITH list) writing {@code deletion-done} for the
     * rows of the CTE {@code removed}, which returns {@code scope, name, bytes, path} of the replicas
     * deleted; it takes two parameters, in this order: the RSE's id ({@code rseParameter}, e.g.
     * {@code ?}) and the time.
     */
    public static String doneCte(String removed, String rseParameter) {
        return "deletion_ev as (" + Outbox.INSERT + "select 'deletion-done', jsonb_build_object('scope', x.scope, 'name', x.name, "
                + "'rse', s.rse, 'file-size', x.bytes, 'bytes', x.bytes, 'url', x.path, 'protocol', null, 'datatype', null, 'duration', null), "
                + "x.scope || ':' || x.name, ?::timestamptz from " + removed + " x join rses s on s.id = " + rseParameter + "::uuid "
                + "where " + Outbox.wanted(EventTypes.DELETION_DONE) + " returning 1)";
    }

    /** A replica whose bytes the storage did not delete: its path, the protocol tried, the error and how long the attempt took. */
    public record Failure(String scope, String name, long bytes, String path, String protocol, String reason, double seconds) {
        public Failure {
            Objects.requireNonNull(scope, "scope is null");
            Objects.requireNonNull(name, "name is null");
        }
    }

    /** {@code deletion-failed} for replicas of an RSE whose deletion from storage failed (retried later). */
    public static void failed(Tx tx, UUID rseId, List<Failure> failures, Instant at) {
        if (failures.isEmpty()) {
            return;
        }
        tx.update(Outbox.INSERT + "select 'deletion-failed', jsonb_build_object('scope', f.s, 'name', f.n, 'rse', r.rse, 'file-size', f.b, "
                        + "'bytes', f.b, 'url', f.u, 'protocol', f.p, 'datatype', null, 'reason', f.why, 'duration', f.d), f.s || ':' || f.n, ? "
                        + "from unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::float8[]) "
                        + "with ordinality as f(s, n, b, u, p, why, d, i) join rses r on r.id = ? where " + Outbox.wanted(EventTypes.DELETION_FAILED)
                        + " order by f.i",
                Timestamp.from(at), tx.array("text", failures.stream().map(Failure::scope).toArray()),
                tx.array("text", failures.stream().map(Failure::name).toArray()),
                tx.array("bigint", failures.stream().map(Failure::bytes).toArray()),
                tx.array("text", failures.stream().map(Failure::path).toArray()),
                tx.array("text", failures.stream().map(Failure::protocol).toArray()),
                tx.array("text", failures.stream().map(Failure::reason).toArray()),
                tx.array("float8", failures.stream().map(Failure::seconds).toArray()), rseId);
    }
}
