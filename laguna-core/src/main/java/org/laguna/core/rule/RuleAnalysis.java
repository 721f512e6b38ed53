package org.laguna.core.rule;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Why a rule is not OK: its state and error, and each lock that is not OK with its transfer. */
public record RuleAnalysis(UUID ruleId, RuleState state, String ruleError, List<Transfer> transfers) {
    public RuleAnalysis {
        transfers = List.copyOf(transfers);
    }

    /**
     * One lock that is not OK and its latest transfer request.
     *
     * @param requestState null without a request
     * @param attempts failed attempts of the request, 0 without one
     * @param lastTime when the request last changed, null without one
     * @param lastSource the RSE the request reads from, if chosen
     * @param sources the RSEs holding an available replica of the file, by name
     * @param waitingFor what the lock waits for
     */
    public record Transfer(String scope, String name, UUID rseId, String rse, String lockState, String requestState, int attempts,
                           String lastError, Instant lastTime, String lastSource, List<String> sources, LockWait waitingFor) {
        public Transfer {
            sources = List.copyOf(sources);
        }
    }
}
