package org.laguna.core.auditlog;

import java.time.Instant;
import java.util.Optional;

/**
 * What to list of the audit log: entries from {@code since} (inclusive) until {@code until}
 * (exclusive), of one account, one action, whose target or request contains a text, with one outcome; at most
 * {@code limit} entries, newest first.
 */
public record AuditFilter(Optional<Instant> since, Optional<Instant> until, Optional<String> account, Optional<String> action,
        Optional<String> target, Optional<AuditOutcome> outcome, int limit) {
    public static final int MAX_LIMIT = 100_000;

    public AuditFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
    }

    /** Everything, up to the largest limit. */
    public static AuditFilter all() {
        return new AuditFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), MAX_LIMIT);
    }

    /** The same filter, restricted to one account. */
    public AuditFilter ofAccount(String only) {
        return new AuditFilter(since, until, Optional.of(only), action, target, outcome, limit);
    }
}
