package org.laguna.core.rule;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.did.DidKey;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * What a client asks for when it adds rules: one rule per DID, with Rucio's parameters.
 * {@code account} null means the caller's account; {@code lifetime} null means forever.
 */
public record NewRule(
        List<DidKey> dids,
        String account,
        int copies,
        String rseExpression,
        Grouping grouping,
        String weight,
        Duration lifetime,
        boolean locked,
        String sourceReplicaExpression,
        String activity,
        Notification notification,
        boolean purgeReplicas,
        boolean ignoreAvailability,
        boolean ignoreAccountLimit,
        String comment,
        boolean askApproval,
        boolean asynchronous,
        int priority,
        boolean splitContainer,
        Map<String, Object> meta,
        Duration delayInjection) {

    public static final String DEFAULT_ACTIVITY = "User Subscriptions";

    public NewRule {
        dids = List.copyOf(Objects.requireNonNull(dids, "dids is null"));
        if (dids.isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "dids must name at least one data identifier");
        }
        if (copies < 1) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "copies must be at least 1, got " + copies);
        }
        if (rseExpression == null || rseExpression.isBlank()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "rse_expression is missing");
        }
        if (lifetime != null && lifetime.isNegative()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "lifetime must not be negative, got " + lifetime.toSeconds());
        }
        if (priority < 0 || priority > 5) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "priority must be 0..5, got " + priority);
        }
        grouping = grouping == null ? Grouping.DATASET : grouping;
        notification = notification == null ? Notification.NO : notification;
        activity = activity == null || activity.isBlank() ? DEFAULT_ACTIVITY : activity;
        if (activity.length() > 50) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "activity is longer than 50 characters");
        }
        if (comment != null && comment.length() > 255) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "comment is longer than 255 characters");
        }
        meta = meta == null ? null : Map.copyOf(meta);
        delayInjection = delayInjection == null ? Duration.ZERO : delayInjection;
        if (delayInjection.isNegative()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "delay_injection must not be negative, got " + delayInjection.toSeconds());
        }
    }

    /** A rule injected at once (no {@code delay_injection}). */
    public NewRule(List<DidKey> dids, String account, int copies, String rseExpression, Grouping grouping, String weight,
            Duration lifetime, boolean locked, String sourceReplicaExpression, String activity, Notification notification,
            boolean purgeReplicas, boolean ignoreAvailability, boolean ignoreAccountLimit, String comment, boolean askApproval,
            boolean asynchronous, int priority, boolean splitContainer, Map<String, Object> meta) {
        this(dids, account, copies, rseExpression, grouping, weight, lifetime, locked, sourceReplicaExpression, activity, notification,
                purgeReplicas, ignoreAvailability, ignoreAccountLimit, comment, askApproval, asynchronous, priority, splitContainer, meta,
                Duration.ZERO);
    }

    /** A rule with Rucio's defaults for everything but the DIDs, copies and expression. */
    public static NewRule of(List<DidKey> dids, int copies, String rseExpression) {
        return new NewRule(dids, null, copies, rseExpression, Grouping.DATASET, null, null, false, null, null,
                Notification.NO, false, false, false, null, false, false, 3, false, null);
    }

    public NewRule withAccount(String newAccount) {
        return new NewRule(dids, newAccount, copies, rseExpression, grouping, weight, lifetime, locked, sourceReplicaExpression,
                activity, notification, purgeReplicas, ignoreAvailability, ignoreAccountLimit, comment, askApproval, asynchronous,
                priority, splitContainer, meta, delayInjection);
    }

    public NewRule withLifetime(Duration newLifetime) {
        return new NewRule(dids, account, copies, rseExpression, grouping, weight, newLifetime, locked, sourceReplicaExpression,
                activity, notification, purgeReplicas, ignoreAvailability, ignoreAccountLimit, comment, askApproval, asynchronous,
                priority, splitContainer, meta, delayInjection);
    }

    public NewRule withGrouping(Grouping newGrouping) {
        return new NewRule(dids, account, copies, rseExpression, newGrouping, weight, lifetime, locked, sourceReplicaExpression,
                activity, notification, purgeReplicas, ignoreAvailability, ignoreAccountLimit, comment, askApproval, asynchronous,
                priority, splitContainer, meta, delayInjection);
    }

    public NewRule withAsynchronous(boolean newAsynchronous) {
        return new NewRule(dids, account, copies, rseExpression, grouping, weight, lifetime, locked, sourceReplicaExpression,
                activity, notification, purgeReplicas, ignoreAvailability, ignoreAccountLimit, comment, askApproval, newAsynchronous,
                priority, splitContainer, meta, delayInjection);
    }

    public NewRule withAskApproval(boolean newAskApproval) {
        return new NewRule(dids, account, copies, rseExpression, grouping, weight, lifetime, locked, sourceReplicaExpression,
                activity, notification, purgeReplicas, ignoreAvailability, ignoreAccountLimit, comment, newAskApproval, asynchronous,
                priority, splitContainer, meta, delayInjection);
    }
}
