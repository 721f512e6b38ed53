package org.laguna.core.subscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.laguna.core.did.DidKey;
import org.laguna.core.rule.Grouping;
import org.laguna.core.rule.NewRule;
import org.laguna.core.rule.Notification;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * One of a subscription's replication rules, as Rucio writes them: {@code copies},
 * {@code rse_expression}, {@code lifetime} (seconds), {@code activity}, {@code grouping},
 * {@code weight}, {@code source_replica_expression}, {@code comment}, {@code priority},
 * {@code asynchronous}, {@code ignore_availability}, {@code purge_replicas} and
 * {@code split_rule} (one rule of one copy on each of {@code copies} RSEs of the expression,
 * instead of one rule of {@code copies} copies).
 */
public record SubscriptionRule(int copies, String rseExpression, Long lifetimeSeconds, String activity, Grouping grouping,
        String weight, String sourceReplicaExpression, String comment, int priority, boolean asynchronous,
        boolean ignoreAvailability, boolean purgeReplicas, boolean splitRule) {

    private static final Set<String> KEYS = Set.of("copies", "rse_expression", "lifetime", "activity", "grouping", "weight",
            "source_replica_expression", "comment", "comments", "priority", "asynchronous", "ignore_availability",
            "purge_replicas", "split_rule", "delay_injection", "notify");

    public SubscriptionRule {
        // the checks of a rule, once, when the subscription is written
        NewRule.of(List.of(new DidKey("scope", "name")), copies, rseExpression);
    }

    /** The replication rules of a request: a non-empty JSON list of objects, or its JSON text. */
    public static List<SubscriptionRule> parseAll(Object raw) {
        List<Map<String, Object>> entries = SubscriptionJson.objects(raw, "replication_rules");
        if (entries.isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "replication_rules must name at least one rule");
        }
        List<SubscriptionRule> rules = new ArrayList<>();
        for (Map<String, Object> entry : entries) {
            rules.add(parse(entry));
        }
        return rules;
    }

    private static SubscriptionRule parse(Map<String, Object> entry) {
        for (String key : entry.keySet()) {
            if (!KEYS.contains(key)) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "Unknown key '" + key + "' in a subscription's replication rule");
            }
        }
        String expression = SubscriptionJson.optionalText(entry.get("rse_expression"), "rse_expression");
        if (expression == null) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "a subscription's replication rule needs an rse_expression");
        }
        Long copies = SubscriptionJson.optionalLong(entry.get("copies"), "copies", 1, 100);
        Object grouping = entry.get("grouping");
        Object comment = entry.containsKey("comment") ? entry.get("comment") : entry.get("comments");
        Long priority = SubscriptionJson.optionalLong(entry.get("priority"), "priority", 0, 5);
        return new SubscriptionRule(copies == null ? 1 : copies.intValue(), expression,
                SubscriptionJson.optionalLong(entry.get("lifetime"), "lifetime", 1, Long.MAX_VALUE / 1_000_000_000L),
                SubscriptionJson.optionalText(entry.get("activity"), "activity"),
                grouping == null ? Grouping.DATASET : Grouping.parse(String.valueOf(grouping)),
                SubscriptionJson.optionalText(entry.get("weight"), "weight"),
                SubscriptionJson.optionalText(entry.get("source_replica_expression"), "source_replica_expression"),
                SubscriptionJson.optionalText(comment, "comment"), priority == null ? 3 : priority.intValue(),
                SubscriptionJson.bool(entry.get("asynchronous"), "asynchronous", false),
                SubscriptionJson.bool(entry.get("ignore_availability"), "ignore_availability", false),
                SubscriptionJson.bool(entry.get("purge_replicas"), "purge_replicas", false),
                SubscriptionJson.bool(entry.get("split_rule"), "split_rule", false));
    }

    /** This rule, split over single-copy rules. */
    public SubscriptionRule split() {
        return new SubscriptionRule(copies, rseExpression, lifetimeSeconds, activity, grouping, weight, sourceReplicaExpression,
                comment, priority, asynchronous, ignoreAvailability, purgeReplicas, true);
    }

    /** The rule to add on one DID for the subscription's account, with the given copies and expression. */
    public NewRule toNewRule(DidKey did, String account, int ruleCopies, String expression) {
        return new NewRule(List.of(did), account, ruleCopies, expression, grouping, weight,
                lifetimeSeconds == null ? null : Duration.ofSeconds(lifetimeSeconds), false, sourceReplicaExpression, activity,
                Notification.NO, purgeReplicas, ignoreAvailability, false, comment, false, asynchronous, priority, false, null);
    }
}
