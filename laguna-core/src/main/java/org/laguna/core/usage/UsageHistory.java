package org.laguna.core.usage;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.laguna.core.auth.Caller;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseRepository;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/**
 * The history of RSE and account usage, as Rucio's abacus keeps it: snapshots of the usage
 * counters ({@code rse_usage}, {@code account_usage}) taken by the {@code usage-history} daemon
 * every {@link #DEFAULT_INTERVAL}, and the readers of {@code /rses/{rse}/usage/history} and
 * {@code /accounts/{account}/usage/history/{rse}}. Only counters changed since the last snapshot
 * are written again, so an idle catalogue adds nothing.
 */
public final class UsageHistory {
    public static final String NAME = "usage-history";
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(1);
    /** Serialises snapshots of several daemon processes (per schema: each VO takes its own). */
    private static final long LOCK_KEY = 0x4c61677573616801L;

    /** One row of an RSE's usage history. */
    public record RseUsage(String rse, UUID rseId, String source, long used, long free, Instant updatedAt) {
    }

    /** One row of an account's usage history on an RSE. */
    public record AccountUsage(long bytes, long files, Instant updatedAt) {
    }

    private final Database database;
    private final Permissions permissions;
    private final RseRepository rses;
    private final Clock clock;

    public UsageHistory(Database database, Permissions permissions, RseRepository rses, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.rses = Objects.requireNonNull(rses, "rses is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * Writes a snapshot of every usage counter changed since its last snapshot, unless one was taken
     * less than {@code interval} ago. Answers the rows written.
     */
    public int snapshot(Duration interval) {
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp due = Timestamp.from(clock.instant().minus(interval));
        return database.inTransaction(tx -> {
            if (!tx.queryOne("select pg_try_advisory_xact_lock(?::bigint # hashtext(current_schema())::bigint)", rs -> rs.getBoolean(1), LOCK_KEY).orElse(false)) {
                return 0;
            }
            boolean recent = tx.exists("select 1 from rse_usage_history where updated_at > ? union all "
                    + "select 1 from account_usage_history where updated_at > ? limit 1", due, due);
            if (recent) {
                return 0;
            }
            int written = tx.update("insert into rse_usage_history (rse_id, source, used, free, files, updated_at) "
                    + "select u.rse_id, u.source, u.used, u.free, u.files, ? from rse_usage u where not exists ("
                    + "select 1 from rse_usage_history h where h.rse_id = u.rse_id and h.source = u.source "
                    + "and h.updated_at >= u.updated_at)", now);
            written += tx.update("insert into account_usage_history (account, rse_id, files, bytes, updated_at) "
                    + "select u.account, u.rse_id, u.files, u.bytes, ? from account_usage u where not exists ("
                    + "select 1 from account_usage_history h where h.account = u.account and h.rse_id = u.rse_id "
                    + "and h.updated_at >= u.updated_at)", now);
            return written;
        });
    }

    /** An RSE's usage history, newest first, of one source or all; open to every account, as in Rucio. */
    public void rseHistory(Caller caller, String rseName, Optional<String> source, Consumer<RseUsage> sink) {
        database.readOnly(tx -> {
            Rse rse = rses.require(tx, caller.vo(), rseName);
            tx.stream("select source, used, free, updated_at from rse_usage_history where rse_id = ?"
                            + (source.isPresent() ? " and source = ?" : "") + " order by updated_at desc, source",
                    rs -> {
                        long used = rs.getLong(2);
                        long free = rs.getLong(3);
                        return new RseUsage(rse.name(), rse.id(), rs.getString(1), used, free, Tx.instant(rs, "updated_at"));
                    }, sink, source.isPresent() ? new Object[] {rse.id(), source.get()} : new Object[] {rse.id()});
            return null;
        });
    }

    /**
     * An account's usage history on an RSE, oldest first; for the account itself and administrators,
     * as its current usage is. Empty when no snapshot holds it, as in Rucio.
     */
    public List<AccountUsage> accountHistory(Caller caller, String account, String rseName) {
        return database.readOnly(tx -> {
            if (!tx.exists("select 1 from accounts where account = ? and vo = ?", account, caller.vo())) {
                throw new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account " + account + " does not exist");
            }
            permissions.check(tx, caller, Actions.GET_LOCAL_ACCOUNT_USAGE, "account", account);
            Rse rse = rses.require(tx, caller.vo(), rseName);
            return tx.query("select bytes, files, updated_at from account_usage_history "
                            + "where account = ? and rse_id = ? order by updated_at",
                    rs -> new AccountUsage(rs.getLong(1), rs.getLong(2), Tx.instant(rs, "updated_at")), account, rse.id());
        });
    }

    /** One account's usage of an RSE, with its local limit (null: none). */
    public record RseAccountUsage(String rse, UUID rseId, String account, long usedFiles, long usedBytes, Long quotaBytes) {
    }

    /**
     * Rucio's {@code get_rse_account_usage}: every account of the VO with its usage and limit on the RSE.
     * Accounts whose usage the caller may not read (by default: other accounts, for all but
     * administrators) are left out, as {@code /accounts/{account}/usage} refuses them.
     */
    public List<RseAccountUsage> rseAccountUsage(Caller caller, String rseName) {
        return database.readOnly(tx -> {
            Rse rse = rses.require(tx, caller.vo(), rseName);
            List<RseAccountUsage> rows = tx.query("select a.account, coalesce(u.files, 0), coalesce(u.bytes, 0), l.bytes "
                            + "from accounts a left join account_usage u on u.account = a.account and u.rse_id = ? "
                            + "left join account_limits l on l.account = a.account and l.rse_id = ? "
                            + "where a.vo = ? order by a.account",
                    rs -> new RseAccountUsage(rse.name(), rse.id(), rs.getString(1), rs.getLong(2), rs.getLong(3), Tx.longOrNull(rs, "bytes")),
                    rse.id(), rse.id(), caller.vo());
            return rows.stream().filter(row -> permissions.allows(tx, caller, Actions.GET_LOCAL_ACCOUNT_USAGE, "account", row.account()))
                    .toList();
        });
    }

    /** The daemon that takes the snapshots. */
    public Daemon daemon(Duration interval) {
        return new Daemon() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public int runOnce(WorkSlice slice) {
                return slice.rank() == 0 ? snapshot(interval) : 0;
            }
        };
    }
}
