package org.laguna.core.replica;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.laguna.core.auditlog.DaemonAudit;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;
import org.laguna.spi.policy.Actions;

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
    /** One suspicious declaration of a replica that exists; parameters: reason, account, time twice, scope, name, RSE id. */
    private static final String SUSPICIOUS = "insert into bad_replicas (scope, name, rse_id, reason, state, account, bytes, created_at, "
            + "updated_at) select r.scope, r.name, r.rse_id, ?, 'SUSPICIOUS', ?, r.bytes, ?, ? from replicas r "
            + "where r.scope = ? and r.name = ? and r.rse_id = ? on conflict do nothing";

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
     * Declares the sources of transfer requests suspicious, in one statement that also records each
     * declaration in the audit log with the daemon as actor: the file is the request's, the RSE the
     * one the submitter recorded for that source PFN. Returns how many.
     */
    public static int fromTransfers(Tx tx, List<TransferSuspicion> suspicions, String daemon, Instant at) {
        if (suspicions.isEmpty()) {
            return 0;
        }
        Timestamp now = Timestamp.from(at);
        return tx.queryOne("with declared as (insert into bad_replicas (scope, name, rse_id, reason, state, account, bytes, created_at, "
                        + "updated_at) select q.scope, q.name, (q.attributes->'sources'->>u.pfn)::uuid, left('transfer: ' || u.reason, 255), "
                        + "'SUSPICIOUS', ?, q.bytes, ?, ? from unnest(?::uuid[], ?::text[], ?::text[]) as u(id, pfn, reason) "
                        + "join requests q on q.id = u.id where q.attributes->'sources'->>u.pfn is not null "
                        + "and exists (select 1 from replicas r where r.scope = q.scope and r.name = q.name "
                        + "and r.rse_id = (q.attributes->'sources'->>u.pfn)::uuid) on conflict do nothing returning scope, name, rse_id, reason), "
                        + "audited as (" + DaemonAudit.insertSelect(daemon, Actions.DECLARE_SUSPICIOUS_FILE_REPLICAS,
                                DaemonAudit.replicaTarget("d"), "d.reason", "declared d") + ") "
                        + "select count(*) from declared", rs -> rs.getInt(1),
                SYSTEM_ACCOUNT, now, now, tx.array("uuid", suspicions.stream().map(TransferSuspicion::requestId).toArray()),
                tx.array("text", suspicions.stream().map(TransferSuspicion::sourcePfn).toArray()),
                tx.array("text", suspicions.stream().map(TransferSuspicion::reason).toArray()), now).orElse(0);
    }

    /** Records one suspicious declaration of a replica; false when the RSE has no replica of the file. */
    public static boolean declareSuspicious(Tx tx, DidKey file, UUID rseId, String reason, String account, Instant at) {
        Timestamp now = Timestamp.from(at);
        return tx.update(SUSPICIOUS, truncate(reason), account, now, now, file.scope(), file.name(), rseId) > 0
                || tx.exists("select 1 from replicas where scope = ? and name = ? and rse_id = ?", file.scope(), file.name(), rseId);
    }

    /**
     * As {@link #declareSuspicious(Tx, DidKey, UUID, String, String, Instant)} for a daemon: the
     * account is {@link #SYSTEM_ACCOUNT}, and the statement that records the declaration also
     * writes its audit log row, with the daemon as actor and the reason as detail.
     */
    public static boolean declareSuspiciousByDaemon(Tx tx, DidKey file, UUID rseId, String reason, String daemon, Instant at) {
        Timestamp now = Timestamp.from(at);
        return tx.queryOne("with declared as (" + SUSPICIOUS + " returning scope, name, rse_id, reason), audited as ("
                        + DaemonAudit.insertSelect(daemon, Actions.DECLARE_SUSPICIOUS_FILE_REPLICAS, DaemonAudit.replicaTarget("d"),
                                "d.reason", "declared d") + ") select count(*) from declared", rs -> rs.getInt(1),
                truncate(reason), SYSTEM_ACCOUNT, now, now, file.scope(), file.name(), rseId, now).orElse(0) > 0
                || tx.exists("select 1 from replicas where scope = ? and name = ? and rse_id = ?", file.scope(), file.name(), rseId);
    }

    /**
     * Declares a replica BAD (its state and a BAD record for the judge-repairer); false when the
     * RSE has no replica of the file.
     */
    public static boolean declareBad(Tx tx, DidKey file, UUID rseId, String reason, String account, Instant at) {
        return declareBad(tx, file, rseId, reason, account, Optional.empty(), at);
    }

    /**
     * As {@link #declareBad(Tx, DidKey, UUID, String, String, Instant)} for a daemon: the account is
     * {@link #SYSTEM_ACCOUNT}, and the statement that marks the replica BAD also records it in the
     * audit log with the daemon as actor and the reason as detail.
     */
    public static boolean declareBadByDaemon(Tx tx, DidKey file, UUID rseId, String reason, String daemon, Instant at) {
        return declareBad(tx, file, rseId, reason, SYSTEM_ACCOUNT, Optional.of(daemon), at);
    }

    private static boolean declareBad(Tx tx, DidKey file, UUID rseId, String reason, String account, Optional<String> daemon, Instant at) {
        Timestamp now = Timestamp.from(at);
        Optional<Long> bytes = tx.queryOne("select bytes from replicas where scope = ? and name = ? and rse_id = ? for update",
                rs -> rs.getLong(1), file.scope(), file.name(), rseId);
        if (bytes.isEmpty()) {
            return false;
        }
        if (daemon.isPresent()) {
            tx.update("with marked as (update replicas set state = 'BAD', updated_at = ? where scope = ? and name = ? and rse_id = ? "
                    + "returning scope, name, rse_id) " + DaemonAudit.insertSelect(daemon.get(), Actions.DECLARE_BAD_FILE_REPLICAS,
                            DaemonAudit.replicaTarget("m"), "?", "marked m"),
                    now, file.scope(), file.name(), rseId, now, truncate(reason));
        } else {
            tx.update("update replicas set state = 'BAD', updated_at = ? where scope = ? and name = ? and rse_id = ?",
                    now, file.scope(), file.name(), rseId);
        }
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
