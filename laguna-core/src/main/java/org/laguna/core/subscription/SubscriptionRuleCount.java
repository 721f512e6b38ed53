package org.laguna.core.subscription;

import org.laguna.core.rule.RuleState;

/** How many rules of one state a subscription made. */
public record SubscriptionRuleCount(String account, String name, RuleState state, long count) {
}
