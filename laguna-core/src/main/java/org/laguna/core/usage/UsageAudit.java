package org.laguna.core.usage;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;

/**
 * Compares the usage counters with a recount from the catalogue, and corrects them. The counters
 * are kept incrementally (RSE usage of source 'rucio' by triggers on replicas, account usage by
 * the rule engine when it adds and releases locks); this is the operator's consistency check,
 * never part of a daemon loop: it reads every replica and every lock.
 *
 * <ul>
 *   <li>RSE usage 'rucio': bytes and files of the RSE's replicas in every state but COPYING;</li>
 *   <li>account usage: bytes and files of the locks each account's rules hold on each RSE.</li>
 * </ul>
 */
public final class UsageAudit {
    /** One counter that disagrees with its recount. {@code account} is empty for RSE usage. */
    public record Difference(Optional<String> account, String rse, long recordedBytes, long recordedFiles, long actualBytes,
                             long actualFiles) {
        public Difference {
            Objects.requireNonNull(account, "account is null");
            Objects.requireNonNull(rse, "rse is null");
        }
    }

    private static final String RSE_DIFFERENCES = "select r.rse, coalesce(u.used, 0), coalesce(u.files, 0), coalesce(a.b, 0), "
            + "coalesce(a.f, 0), r.id from rses r "
            + "left join rse_usage u on u.rse_id = r.id and u.source = 'rucio' "
            + "left join (select rse_id, sum(bytes) as b, count(*) as f from replicas where state <> 'COPYING' group by rse_id) a "
            + "on a.rse_id = r.id where coalesce(u.used, 0) <> coalesce(a.b, 0) or coalesce(u.files, 0) <> coalesce(a.f, 0) "
            + "order by r.rse";

    private static final String ACCOUNT_DIFFERENCES = "select coalesce(u.account, a.account), r.rse, coalesce(u.bytes, 0), "
            + "coalesce(u.files, 0), coalesce(a.b, 0), coalesce(a.f, 0), r.id from account_usage u "
            + "full join (select account, rse_id, sum(bytes) as b, count(*) as f from locks group by account, rse_id) a "
            + "on a.account = u.account and a.rse_id = u.rse_id "
            + "join rses r on r.id = coalesce(u.rse_id, a.rse_id) "
            + "where coalesce(u.bytes, 0) <> coalesce(a.b, 0) or coalesce(u.files, 0) <> coalesce(a.f, 0) "
            + "order by 1, r.rse";

    private final Database database;
    private final Clock clock;

    public UsageAudit(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** The counters that differ from a recount, read from one snapshot. */
    public List<Difference> differences() {
        return database.readOnly(tx -> {
            tx.update("set transaction isolation level repeatable read");
            return differences(tx);
        });
    }

    /**
     * Sets every differing counter to its recount, in one transaction that holds off writers of
     * replicas and locks meanwhile; returns what it corrected.
     */
    public List<Difference> fix() {
        return database.inTransaction(tx -> {
            tx.update("lock table replicas, locks in share mode");
            List<Difference> found = differences(tx);
            Timestamp now = Timestamp.from(clock.instant());
            tx.query(RSE_DIFFERENCES, rs -> tx.update("insert into rse_usage (rse_id, source, used, free, files, updated_at) "
                    + "values (?, 'rucio', ?, null, ?, ?) on conflict (rse_id, source) do update set used = excluded.used, "
                    + "files = excluded.files, updated_at = excluded.updated_at", rs.getObject(6), rs.getLong(4), rs.getLong(5), now));
            tx.query(ACCOUNT_DIFFERENCES, rs -> tx.update("insert into account_usage (account, rse_id, files, bytes, updated_at) "
                    + "values (?, ?, ?, ?, ?) on conflict (account, rse_id) do update set files = excluded.files, "
                    + "bytes = excluded.bytes, updated_at = excluded.updated_at", rs.getString(1), rs.getObject(7), rs.getLong(6),
                    rs.getLong(5), now));
            return found;
        });
    }

    private static List<Difference> differences(Tx tx) {
        List<Difference> found = new ArrayList<>(tx.query(RSE_DIFFERENCES, rs -> new Difference(Optional.empty(), rs.getString(1),
                rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5))));
        found.addAll(tx.query(ACCOUNT_DIFFERENCES, rs -> new Difference(Optional.of(rs.getString(1)), rs.getString(2),
                rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6))));
        return List.copyOf(found);
    }
}
