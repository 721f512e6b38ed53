package org.laguna.core.auditlog;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.RetentionDeleter;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;

/**
 * {@code audit-log-cleaner}: deletes the audit log entries older than the retention
 * ({@code audit-log.retention-days}) of its slice, one batch per cycle.
 */
public final class AuditLogCleaner implements Daemon {
    public static final String NAME = "audit-log-cleaner";
    public static final int DEFAULT_BATCH_SIZE = 10_000;
    private static final RetentionDeleter ENTRIES = new RetentionDeleter("audit_log", "id", "id::text", "created_at");

    private final Database database;
    private final Clock clock;
    private final Duration retention;
    private final int batchSize;

    public AuditLogCleaner(Database database, Clock clock, Duration retention, int batchSize) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.retention = Objects.requireNonNull(retention, "retention is null");
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + retention);
        }
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
        return database.inTransaction(tx -> ENTRIES.delete(tx, slice, clock.instant().minus(retention), batchSize));
    }
}
