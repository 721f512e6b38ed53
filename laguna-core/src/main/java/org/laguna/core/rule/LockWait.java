package org.laguna.core.rule;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one lock that is not OK waits for: a sentence for people and the facts it is made of.
 *
 * @param waitsFor the sentence, e.g. "submitted to the built-in transfer engine E (job J) since T, ..."
 * @param requestState the state of the lock's transfer request (QUEUED, SUBMITTED, DONE, FAILED), empty without one
 * @param since when the request entered that state
 * @param attempts failed attempts so far
 * @param maxAttempts attempts in all before the request is FAILED ({@code transfer.max-attempts})
 * @param transferTool the tool the request was submitted to ({@code builtin}, {@code fts3}), if submitted
 * @param jobId the tool's job id, if it gave one
 * @param engine the built-in engine that took the request (its id) or the host of the tool
 * @param engineAlive for the built-in tool: whether that engine's heartbeat is alive
 * @param lastHeartbeat for the built-in tool: that engine's last heartbeat, if one is left
 * @param nextAttemptAt when the next step is due: the next attempt, the take-over of a dead engine's copy, the stuck retry
 */
public record LockWait(String waitsFor, Optional<String> requestState, Optional<Instant> since, int attempts, int maxAttempts,
                       Optional<String> transferTool, Optional<String> jobId, Optional<String> engine, Optional<Boolean> engineAlive,
                       Optional<Instant> lastHeartbeat, Optional<Instant> nextAttemptAt) {
    public LockWait {
        Objects.requireNonNull(waitsFor, "waitsFor is null");
        Objects.requireNonNull(requestState, "requestState is null");
        Objects.requireNonNull(since, "since is null");
        Objects.requireNonNull(transferTool, "transferTool is null");
        Objects.requireNonNull(jobId, "jobId is null");
        Objects.requireNonNull(engine, "engine is null");
        Objects.requireNonNull(engineAlive, "engineAlive is null");
        Objects.requireNonNull(lastHeartbeat, "lastHeartbeat is null");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt is null");
    }
}
