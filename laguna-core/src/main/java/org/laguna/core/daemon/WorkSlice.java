package org.laguna.core.daemon;

import java.util.Objects;

/**
 * The share of the work of one daemon instance: the instance whose rank among {@code live}
 * instances is {@code rank} handles the items whose key hashes to {@code rank} modulo
 * {@code live}.
 */
public record WorkSlice(int rank, int live) {
    /** The whole of the work, for a single instance. */
    public static final WorkSlice ALL = new WorkSlice(0, 1);

    /** Offset that maps {@code hashtext()}'s int4 range onto 0..2^32-1, so mod() is never negative. */
    private static final long HASH_OFFSET = 2_147_483_648L;

    public WorkSlice {
        if (live < 1) {
            throw new IllegalArgumentException("live must be at least 1, got " + live);
        }
        if (rank < 0 || rank >= live) {
            throw new IllegalArgumentException("rank must be 0.." + (live - 1) + ", got " + rank);
        }
    }

    /**
     * An SQL boolean predicate (PostgreSQL) true for the rows of this slice when hashing the given
     * SQL text expression, e.g. {@code sql("r.id::text")}; just {@code true} when there is a single
     * live instance. The expression is SQL written by the daemon, never user input.
     */
    public String sql(String textExpression) {
        Objects.requireNonNull(textExpression, "textExpression is null");
        if (textExpression.isBlank()) {
            throw new IllegalArgumentException("textExpression is blank");
        }
        if (live == 1) {
            return "true";
        }
        return "mod(hashtext(" + textExpression + ")::bigint + " + HASH_OFFSET + ", " + live + ") = " + rank;
    }

    /** Whether this slice is the whole of the work. */
    public boolean isAll() {
        return live == 1;
    }
}
