package org.laguna.core.replica;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * replica-recoverer: a replica declared suspicious {@code replica.suspicious-threshold} times within
 * {@code replica.suspicious-window} is declared BAD, so that the judge-repairer re-creates it from
 * another copy. The last available copy of a file is never declared bad for being suspicious: it
 * is reported (a warning in the log, and {@code last_copy} in {@code GET /replicas/suspicious}).
 * Either way the declarations that counted are stamped as handled; new ones count afresh. Each
 * replica it declares bad is recorded in the audit log ({@code declare_bad_file_replicas}, the
 * recoverer as actor) by the statement that marks it.
 */
public final class ReplicaRecoverer implements Daemon {
    public static final String NAME = "replica-recoverer";
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaRecoverer.class);
    private static final int BATCH = 100;

    private final Database database;
    private final Clock clock;
    private final RecoveryConfig config;

    public ReplicaRecoverer(Database database, Clock clock, RecoveryConfig config) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.config = Objects.requireNonNull(config, "config is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    private record Candidate(DidKey file, UUID rseId, long count, String lastReason) {
    }

    /** The loop query; parameters: start of the window, threshold, batch size. */
    static String candidates(WorkSlice slice) {
        return "select scope, name, rse_id, count(*), (array_agg(reason order by created_at desc))[1] from bad_replicas "
                + "where state = 'SUSPICIOUS' and handled_at is null and created_at >= ? and " + slice.sql("scope || ':' || name")
                + " group by scope, name, rse_id having count(*) >= ? order by min(created_at) limit ?";
    }

    @Override
    public int runOnce(WorkSlice slice) {
        Instant now = clock.instant();
        List<Candidate> found = database.readOnly(tx -> tx.query(candidates(slice),
                rs -> new Candidate(new DidKey(rs.getString(1), rs.getString(2)), rs.getObject(3, UUID.class), rs.getLong(4), rs.getString(5)),
                Timestamp.from(now.minus(config.suspiciousWindow())), config.suspiciousThreshold(), BATCH));
        for (Candidate candidate : found) {
            database.inTransactionVoid(tx -> recover(tx, candidate, now));
        }
        return found.size();
    }

    private void recover(Tx tx, Candidate candidate, Instant now) {
        DidKey file = candidate.file();
        Optional<String> state = tx.queryOne("select state from replicas where scope = ? and name = ? and rse_id = ? for update",
                rs -> rs.getString(1), file.scope(), file.name(), candidate.rseId());
        SuspiciousReplicas.handled(tx, file, candidate.rseId(), now);
        if (state.isEmpty() || !state.get().equals("AVAILABLE")) {
            return;
        }
        String rse = tx.queryOne("select rse from rses where id = ?", rs -> rs.getString(1), candidate.rseId()).orElse("?");
        boolean otherCopy = tx.exists("select 1 from replicas where scope = ? and name = ? and rse_id <> ? and state = 'AVAILABLE'",
                file.scope(), file.name(), candidate.rseId());
        if (!otherCopy) {
            LOG.warn("Replica of " + file + " on " + rse + " was declared suspicious " + candidate.count()
                    + " times but is the last available copy: not declared bad (last reason: " + candidate.lastReason() + ")");
            return;
        }
        SuspiciousReplicas.declareBadByDaemon(tx, file, candidate.rseId(), "replica-recoverer: declared suspicious " + candidate.count()
                + " times within " + config.suspiciousWindow() + "; last: " + candidate.lastReason(), NAME, now);
        LOG.info("Declared the replica of " + file + " on " + rse + " bad after " + candidate.count() + " suspicious declarations");
    }
}
