package org.laguna.core.auditlog;

/** How an audited action ended. */
public enum AuditOutcome {
    /** Done (its row is written in the transaction of the change, so it exists only if the change does). */
    SUCCESS,
    /** Refused: the caller may not do it, or could not be authenticated. */
    DENIED,
    /** Allowed but failed (bad input, conflict, ...): nothing was changed. */
    FAILED
}
