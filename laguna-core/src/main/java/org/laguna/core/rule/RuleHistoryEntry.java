package org.laguna.core.rule;

import java.time.Instant;
import java.util.UUID;
import org.laguna.core.common.DidType;

/** A rule as it was at one of its changes ({@code rules_history}). */
public record RuleHistoryEntry(UUID ruleId, String account, String scope, String name, DidType didType, RuleState state, String error,
                               String rseExpression, int copies, Instant expiresAt, boolean locked, long locksOk,
                               long locksReplicating, long locksStuck, String activity, Grouping grouping, Instant createdAt,
                               Instant updatedAt) {
}
