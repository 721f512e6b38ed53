package org.laguna.core.transfer;

import java.time.Instant;
import java.util.UUID;

/**
 * A transfer request as Rucio shows it, live or from the history. The history keeps no priority,
 * retry count, external id, transfer tool or submission time: those are null there.
 */
public record RequestView(UUID id, String requestType, String scope, String name, UUID destRseId, String destRse, UUID sourceRseId,
                          String sourceRse, UUID ruleId, String account, String state, String activity, Integer priority, Long bytes,
                          Integer retryCount, String errMsg, String externalId, String transferTool, Instant createdAt,
                          Instant updatedAt, Instant submittedAt) {
}
