package org.laguna.core.auditlog;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the audit log: when, who ({@code account}, {@code identity}, {@code authMethod},
 * {@code vo}), from where ({@code clientAddress}, {@code requestId}, and {@code request}: the HTTP
 * method and path), what ({@code action} on {@code target}) and how it ended ({@code outcome}, with
 * a {@code detail} such as the policy statement that denied it). Never holds a secret.
 */
public record AuditEntry(long id, Instant time, String account, String identity, String authMethod, String vo,
        String clientAddress, String action, String target, AuditOutcome outcome, String requestId, String request, String detail) {
    public AuditEntry {
        Objects.requireNonNull(time, "time is null");
        Objects.requireNonNull(action, "action is null");
        Objects.requireNonNull(outcome, "outcome is null");
    }
}
