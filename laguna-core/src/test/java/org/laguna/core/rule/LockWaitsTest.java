package org.laguna.core.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockWaitsTest {
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private final LockWaits waits = new LockWaits(new LockWaits.Settings("builtin", 5, Duration.ofSeconds(30), Duration.ofMinutes(1),
            Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofSeconds(60)));

    private static LockWaits.Row queued(int attempts, Instant at) {
        return new LockWaits.Row("REPLICATING", "QUEUED", attempts, attempts == 0 ? null : "boom", at, null, null, null, null, null, true);
    }

    @Test
    void thePauseBeforeTheNextAttemptDoublesAndStopsAtTheMaximum() {
        Instant at = NOW.minusSeconds(5);
        assertThat(waits.describe(queued(1, at), NOW, Map.of(), Optional.empty()).nextAttemptAt()).contains(at.plusSeconds(30));
        assertThat(waits.describe(queued(2, at), NOW, Map.of(), Optional.empty()).nextAttemptAt()).contains(at.plusSeconds(60));
        LockWait third = waits.describe(queued(3, at), NOW, Map.of(), Optional.empty());
        assertThat(third.nextAttemptAt()).contains(at.plusSeconds(60));
        assertThat(third.waitsFor()).contains("attempt 4 of 5").contains("not before").contains("boom");
    }

    @Test
    void aRetryWhosePauseIsOverIsDueForTheSubmitter() {
        LockWait wait = waits.describe(queued(1, NOW.minusSeconds(300)), NOW, Map.of(), Optional.empty());
        assertThat(wait.waitsFor()).contains("due since").contains("conveyor-submitter");
    }

    @Test
    void aStuckLockIsRetriedByTheRepairerAfterTheStuckDelay() {
        LockWaits.Row row = new LockWaits.Row("STUCK", "FAILED", 5, "no space", NOW, null, null, null, null, null, true);
        LockWait wait = waits.describe(row, NOW, Map.of(), Optional.of(NOW.minusSeconds(60)));
        assertThat(wait.nextAttemptAt()).contains(NOW.minusSeconds(60).plus(Duration.ofMinutes(30)));
        assertThat(wait.waitsFor()).contains("stuck after 5 failed attempt(s) (no space)").contains("judge-repairer").contains("laguna rule retry");
    }

    @Test
    void aCopyOnAnEngineWhoseHeartbeatStoppedIsTakenOver() {
        LockWaits.Row row = new LockWaits.Row("REPLICATING", "SUBMITTED", 0, null, NOW, NOW.minusSeconds(120), null, "builtin", "e-1-7", "e-1",
                true);
        LockWait wait = waits.describe(row, NOW, Map.of("e-1", new LockWaits.Engine(NOW.minusSeconds(90), false)), Optional.empty());
        assertThat(wait.engineAlive()).contains(false);
        assertThat(wait.lastHeartbeat()).contains(NOW.minusSeconds(90));
        assertThat(wait.since()).contains(NOW.minusSeconds(120));
        assertThat(wait.waitsFor()).contains("no longer alive").contains("last heartbeat " + NOW.minusSeconds(90));
    }

    @Test
    void aCopiedFileWaitsForTheFinisher() {
        LockWaits.Row row = new LockWaits.Row("REPLICATING", "DONE", 0, null, NOW, NOW.minusSeconds(20), NOW.minusSeconds(1), "fts3", "j", "h",
                true);
        assertThat(waits.describe(row, NOW, Map.of(), Optional.empty()).waitsFor()).contains("copied at").contains("conveyor-finisher");
    }
}
