package org.laguna.core.daemon;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;
import org.laguna.core.db.Tx;

/**
 * Deletes the rows of a table that are past their time ({@code timeColumn} before a cutoff), one
 * batch in one statement, oldest first, of one work slice (by {@code sliceKey}, a text expression of
 * the key), skipping rows another transaction holds: what the cleaners of expired tokens, pending
 * logins, audit log entries and delivered events share.
 *
 * @param table the table
 * @param key its key column
 * @param sliceKey the key as text, for the work slice (such as {@code id::text})
 * @param timeColumn the column compared with the cutoff (indexed, so that the oldest rows are found cheaply)
 */
public record RetentionDeleter(String table, String key, String sliceKey, String timeColumn) {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern EXPRESSION = Pattern.compile("[a-z_][a-z0-9_]*(::text)?");

    public RetentionDeleter {
        requireMatching(table, IDENTIFIER, "table");
        requireMatching(key, IDENTIFIER, "key");
        requireMatching(sliceKey, EXPRESSION, "sliceKey");
        requireMatching(timeColumn, IDENTIFIER, "timeColumn");
    }

    /** A table whose key is text, sliced by it. */
    public static RetentionDeleter of(String table, String key, String timeColumn) {
        return new RetentionDeleter(table, key, key, timeColumn);
    }

    /** Deletes up to {@code batchSize} rows of the slice whose time is before {@code before}; returns how many. */
    public int delete(Tx tx, WorkSlice slice, Instant before, int batchSize) {
        Objects.requireNonNull(slice, "slice is null");
        Objects.requireNonNull(before, "before is null");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        return tx.update("""
                delete from %1$s where %2$s in (
                    select %2$s from %1$s
                    where %3$s < ? and %4$s
                    order by %3$s
                    limit ?
                    for update skip locked)
                """.formatted(table, key, timeColumn, slice.sql(sliceKey)), before, batchSize);
    }

    private static void requireMatching(String value, Pattern pattern, String what) {
        Objects.requireNonNull(value, what + " is null");
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a lower-case SQL name, got '" + value + "'");
        }
    }
}
