package org.laguna.core.event;

import java.util.Set;
import java.util.regex.Pattern;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The event types Laguna writes. Those Rucio 41 has keep Rucio's name (delivered lower-cased, as
 * Rucio's hermes does), so consumers of Rucio's messages work unchanged; Laguna's own events are
 * named in the same style. docs/events.md lists the payload of each.
 */
public final class EventTypes {
    public static final String TRANSFER_QUEUED = "transfer-queued";
    public static final String TRANSFER_SUBMITTED = "transfer-submitted";
    public static final String TRANSFER_DONE = "transfer-done";
    public static final String TRANSFER_FAILED = "transfer-failed";
    public static final String DELETION_DONE = "deletion-done";
    public static final String DELETION_FAILED = "deletion-failed";
    public static final String RULE_OK = "RULE_OK";
    public static final String DATASETLOCK_OK = "DATASETLOCK_OK";
    public static final String CREATE_DTS = "CREATE_DTS";
    public static final String CREATE_CNT = "CREATE_CNT";
    public static final String REGISTER_CNT = "REGISTER_CNT";
    public static final String CLOSE = "CLOSE";
    public static final String OPEN = "OPEN";
    public static final String RULE_PROGRESS = "RULE_PROGRESS";
    public static final String ERASE = "ERASE";
    public static final String LOST = "LOST";
    /** Laguna: a rule turned STUCK. */
    public static final String RULE_STUCK = "RULE_STUCK";
    /** Laguna: files were attached to a dataset (Rucio tells only of container attachments). */
    public static final String REGISTER_DTS = "REGISTER_DTS";
    /** Laguna: a rule waits for an administrator's approval. */
    public static final String RULE_APPROVAL_REQUESTED = "RULE_APPROVAL_REQUESTED";
    /** Laguna: an account was added. */
    public static final String ACCOUNT_REGISTERED = "ACCOUNT_REGISTERED";
    /** Laguna: an administrator (or an approver of the RSEs) approved a rule that waited for approval. */
    public static final String RULE_APPROVAL_GRANTED = "RULE_APPROVAL_GRANTED";
    /** Laguna: a rule that waited for approval was denied (and removed). */
    public static final String RULE_APPROVAL_DENIED = "RULE_APPROVAL_DENIED";
    /** Laguna: an account's usage on an RSE crossed the warning threshold of its quota. */
    public static final String QUOTA_NEAR_LIMIT = "QUOTA_NEAR_LIMIT";
    /** Laguna: a person asked for an account through self-registration. */
    public static final String REGISTRATION_REQUESTED = "REGISTRATION_REQUESTED";
    /** Laguna: a registration was approved (at once or by an administrator) and its account created. */
    public static final String REGISTRATION_APPROVED = "REGISTRATION_APPROVED";

    public static final Set<String> ALL = Set.of(TRANSFER_QUEUED, TRANSFER_SUBMITTED, TRANSFER_DONE, TRANSFER_FAILED, DELETION_DONE,
            DELETION_FAILED, RULE_OK, DATASETLOCK_OK, CREATE_DTS, CREATE_CNT, REGISTER_CNT, CLOSE, OPEN, RULE_PROGRESS, ERASE, LOST,
            RULE_STUCK, REGISTER_DTS, RULE_APPROVAL_REQUESTED, ACCOUNT_REGISTERED, RULE_APPROVAL_GRANTED, RULE_APPROVAL_DENIED,
            QUOTA_NEAR_LIMIT, REGISTRATION_REQUESTED, REGISTRATION_APPROVED);

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    private EventTypes() {
    }

    /** Checks the shape of an event type name (a filter given by a user, or a type written by the code). */
    public static String require(String eventType) {
        if (eventType == null || !NAME.matcher(eventType).matches()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                    "Event type must be letters, digits, '-' or '_' (at most 64), got '" + eventType + "'");
        }
        return eventType;
    }
}
