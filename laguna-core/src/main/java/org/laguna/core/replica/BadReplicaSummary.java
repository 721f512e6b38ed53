package org.laguna.core.replica;

import java.time.Instant;
import java.util.UUID;

/**
 * Per RSE, day and reason, how many records of {@code bad_replicas} are in each state, as
 * {@code get_bad_replicas_summary} answers it.
 *
 * @param day the start of the day (UTC)
 */
public record BadReplicaSummary(String rse, UUID rseId, Instant day, String reason,
        long bad, long deleted, long lost, long recovered, long suspicious, long temporaryUnavailable) {
}
