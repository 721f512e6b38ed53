package org.laguna.core.auth;

import java.time.Clock;
import java.util.Objects;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;

/**
 * {@code token-cleaner}: deletes expired tokens of its slice, one batch per cycle, and with them the
 * expired pending OIDC logins and refresh grants of the slice.
 */
public final class TokenCleanerDaemon implements Daemon {
    public static final String NAME = "token-cleaner";
    public static final int DEFAULT_BATCH_SIZE = 1_000;

    private final Database database;
    private final Clock clock;
    private final int batchSize;

    public TokenCleanerDaemon(Database database, Clock clock) {
        this(database, clock, DEFAULT_BATCH_SIZE);
    }

    public TokenCleanerDaemon(Database database, Clock clock, int batchSize) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        this.batchSize = batchSize;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int runOnce(WorkSlice slice) {
        String sql = """
                delete from tokens where token_hash in (
                    select token_hash from tokens
                    where expired_at < ? and %s
                    order by expired_at
                    limit ?
                    for update skip locked)
                """.formatted(slice.sql("token_hash"));
        return database.inTransaction(tx -> tx.update(sql, clock.instant(), batchSize)
                + tx.update(expired("oidc_login_sessions", "state_hash", slice), clock.instant(), batchSize)
                + tx.update(expired("oidc_refresh_grants", "token_hash", slice), clock.instant(), batchSize));
    }

    private static String expired(String table, String key, WorkSlice slice) {
        return """
                delete from %1$s where %2$s in (
                    select %2$s from %1$s
                    where expired_at < ? and %3$s
                    order by expired_at
                    limit ?
                    for update skip locked)
                """.formatted(table, key, slice.sql(key));
    }
}
