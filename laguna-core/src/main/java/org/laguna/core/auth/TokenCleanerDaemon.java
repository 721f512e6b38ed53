package org.laguna.core.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.RetentionDeleter;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;

/**
 * {@code token-cleaner}: deletes expired tokens of its slice, one batch per cycle, and with them the
 * expired pending OIDC logins and refresh grants of the slice.
 */
public final class TokenCleanerDaemon implements Daemon {
    public static final String NAME = "token-cleaner";
    public static final int DEFAULT_BATCH_SIZE = 1_000;
    private static final RetentionDeleter TOKENS = RetentionDeleter.of("tokens", "token_hash", "expired_at");
    private static final RetentionDeleter LOGIN_SESSIONS = RetentionDeleter.of("oidc_login_sessions", "state_hash", "expired_at");
    private static final RetentionDeleter REFRESH_GRANTS = RetentionDeleter.of("oidc_refresh_grants", "token_hash", "expired_at");

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
        return database.inTransaction(tx -> {
            Instant now = clock.instant();
            return TOKENS.delete(tx, slice, now, batchSize) + LOGIN_SESSIONS.delete(tx, slice, now, batchSize)
                    + REFRESH_GRANTS.delete(tx, slice, now, batchSize);
        });
    }
}
