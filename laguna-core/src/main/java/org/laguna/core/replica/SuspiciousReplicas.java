package org.laguna.core.replica;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;

/**
 * The catalogue side of suspicious and bad replicas: each declaration is a row of
 * {@code bad_replicas} (state SUSPICIOUS or BAD) with its reason and the account that made it.
 * The judge-repairer acts on BAD rows; the replica-recoverer turns enough SUSPICIOUS rows of one
 * replica into a BAD one.
 */
public final class SuspiciousReplicas {
    /** The account recorded for declarations the system makes itself (conveyor, recoverer, auditor). */
    public static final String SYSTEM_ACCOUNT = "root";
    private static final int REASON_LENGTH = 255;

    private SuspiciousReplicas() {
    }

    /** A source PFN of a transfer request that was missing or corrupted. */
    public record TransferSuspicion(UUID requestId, String sourcePfn, String reason) {
        public TransferSuspicion {
            Objects.requireNonNull(requestId, "requestId is null");
            Objects.requireNonNull(sourcePfn, "sourcePfn is null");
            Objects.requireNonNull(reason, "reason is null");
        }
    }

    /**
     * Declares the sources of transfer requests suspicious, in one statement: the file is the
     * request's, the RSE the one the submitter recorded for that source PFN. Returns how many.
     */
    public static int fromTransfers(Tx tx, List<TransferSuspicion> suspicions, Instant at) {
        if (suspicions.isEmpty()) {
            return 0;
        }
        Timestamp now = Timestamp.from(at);
        return tx.update("insert into bad_replicas (scope, name, rse_id, reason, state, account, bytes, created_at, updated_at) "
                        + "select q.scope, q.name, (q.attributes->'sources'->>u.pfn)::uuid, left('transfer: ' || u.reason, 255), "
                        + "'SUSPICIOUS', ?, q.bytes, ?, ? from unnest(?::uuid[], ?::text[], ?::text[]) as u(id, pfn, reason) "
                        + "join requests q on q.id = u.id where q.attributes->'sources'->>u.pfn is not null "
                        + "and exists (select 1 from replicas r where r.scope = q.scope and r.name = q.name "
                        + "and r.rse_id = (q.attributes->'sources'->>u.pfn)::uuid) on conflict do nothing",
                SYSTEM_ACCOUNT, now, now, tx.array("uuid", suspicions.stream().map(TransferSuspicion::requestId).toArray()),
                tx.array("text", suspicions.stream().map(TransferSuspicion::sourcePfn).toArray()),
                tx.array("text", suspicions.stream().map(TransferSuspicion::reason).toArray()));
    }

    /** Records one suspicious declaration of a replica; false when the RSE has no replica of the file. */
    public static boolean declareSuspicious(Tx tx, DidKey file, UUID rseId, String reason, String account, Instant at) {
        Timestamp now = Timestamp.from(at);
        return tx.update("insert into bad_replicas (scope, name, rse_id, reason, state, account, bytes, created_at, updated_at) "
                        + "select r.scope, r.name, r.rse_id, ?, 'SUSPICIOUS', ?, r.bytes, ?, ? from replicas r "
                        + "where r.scope = ? and r.name = ? and r.rse_id = ? on conflict do nothing",
                truncate(reason), account, now, now, file.scope(), file.name(), rseId) > 0
                || tx.exists("select 1 from replicas where scope = ? and name = ? and rse_id = ?", file.scope(), file.name(), rseId);
    }

    /**
     * Declares a replica BAD (its state and a BAD record for the judge-repairer); false when the
     * RSE has no replica of the file.
     */
    public static boolean declareBad(Tx tx, DidKey file, UUID rseId, String reason, String account, Instant at) {
        Timestamp now = Timestamp.from(at);
        Optional<Long> bytes = tx.queryOne("select bytes from replicas where scope = ? and name = ? and rse_id = ? for update",
                rs -> rs.getLong(1), file.scope(), file.name(), rseId);
        if (bytes.isEmpty()) {
            return false;
        }
        tx.update("update replicas set state = 'BAD', updated_at = ? where scope = ? and name = ? and rse_id = ?",
                now, file.scope(), file.name(), rseId);
        tx.update("insert into bad_replicas (scope, name, rse_id, reason, state, account, bytes, created_at, updated_at) "
                + "values (?, ?, ?, ?, 'BAD', ?, ?, ?, ?) on conflict do nothing", file.scope(), file.name(), rseId, truncate(reason),
                account, bytes.get(), now, now);
        return true;
    }

    /** Stamps the unhandled suspicious declarations of a replica as handled, so that they are no longer counted. */
    static void handled(Tx tx, DidKey file, UUID rseId, Instant at) {
        tx.update("update bad_replicas set handled_at = ?, updated_at = ? where scope = ? and name = ? and rse_id = ? "
                + "and state = 'SUSPICIOUS' and handled_at is null", Timestamp.from(at), Timestamp.from(at), file.scope(), file.name(), rseId);
    }

    private static String truncate(String reason) {
        String text = reason == null ? "" : reason;
        return text.length() <= REASON_LENGTH ? text : text.substring(0, REASON_LENGTH);
    }
}
