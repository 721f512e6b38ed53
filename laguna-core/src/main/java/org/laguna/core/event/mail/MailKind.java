package org.laguna.core.event.mail;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.event.EventTypes;

/**
 * The kinds of e-mail hermes sends, one per event type that is mailed, each with its template
 * ({@code <template>.txt}) and the variables the template may use (those of every kind,
 * {@link #COMMON}, and its own).
 */
public enum MailKind {
    RULE_OK(EventTypes.RULE_OK, "rule-ok", rule("locks_ok", "locks_replicating", "locks_stuck")),
    DATASETLOCK_OK(EventTypes.DATASETLOCK_OK, "dataset-lock-ok", rule("rse")),
    RULE_STUCK(EventTypes.RULE_STUCK, "rule-stuck",
            rule("error", "locks_ok", "locks_replicating", "locks_stuck", "stuck_rses", "attempts", "last_error", "stuck_files")),
    RULE_APPROVAL_REQUESTED(EventTypes.RULE_APPROVAL_REQUESTED, "rule-approval-requested", rule("approvers", "comment")),
    RULE_APPROVAL_GRANTED(EventTypes.RULE_APPROVAL_GRANTED, "rule-approval-granted", rule("approver")),
    RULE_APPROVAL_DENIED(EventTypes.RULE_APPROVAL_DENIED, "rule-approval-denied", rule("approver")),
    QUOTA_NEAR_LIMIT(EventTypes.QUOTA_NEAR_LIMIT, "quota-near-limit",
            List.of("account", "rse", "bytes", "bytes_limit", "used", "limit", "used_percent", "threshold_percent")),
    REGISTRATION_REQUESTED(EventTypes.REGISTRATION_REQUESTED, "registration-requested",
            List.of("registration_id", "account", "email", "identity", "status")),
    REGISTRATION_APPROVED(EventTypes.REGISTRATION_APPROVED, "registration-approved",
            List.of("registration_id", "account", "email", "identity", "decided_by"));

    /** The variables of every kind: who the mail is for, and the event's type and time (UTC). */
    public static final List<String> COMMON = Names.COMMON;

    /** Variable names, in a class of their own: an enum's static fields are not set yet when its constants are made. */
    private static final class Names {
        static final List<String> COMMON = List.of("recipient", "recipient_email", "event_type", "created_at");
        static final List<String> RULE = List.of("rule_id", "scope", "name", "account", "rse_expression", "copies", "state", "notify");
    }

    private final String eventType;
    private final String template;
    private final Set<String> variables;

    MailKind(String eventType, String template, List<String> own) {
        this.eventType = eventType;
        this.template = template;
        Set<String> all = new LinkedHashSet<>(Names.COMMON);
        all.addAll(own);
        this.variables = Set.copyOf(all);
    }

    private static List<String> rule(String... more) {
        List<String> all = new ArrayList<>(Names.RULE);
        all.addAll(List.of(more));
        return all;
    }

    /** The event type mailed with this kind. */
    public String eventType() {
        return eventType;
    }

    /** The template's file name without {@code .txt}. */
    public String template() {
        return template;
    }

    /** The variables its template may use. */
    public Set<String> variables() {
        return variables;
    }

    /** The kind of mail of an event type, if that type is mailed. */
    public static Optional<MailKind> of(String eventType) {
        for (MailKind kind : values()) {
            if (kind.eventType.equals(eventType)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
