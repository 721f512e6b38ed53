package org.laguna.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The reaper's decisions that need no database: how much space to free, when to leave an RSE alone. */
class ReaperPlanningTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }
    }

    @Test
    void theWatermarkNeedsWhatIsMissingBelowMinFreeSpaceMinusDeletionsInFlight() {
        // total 100, used 80: 20 free, 55 wanted
        assertThat(Reaper.neededBytes(OptionalLong.of(55), OptionalLong.of(100), 80, 0)).hasValue(35);
        assertThat(Reaper.neededBytes(OptionalLong.of(55), OptionalLong.of(100), 80, 30)).hasValue(5);
        assertThat(Reaper.neededBytes(OptionalLong.of(55), OptionalLong.of(100), 80, 40)).hasValue(0);
        assertThat(Reaper.neededBytes(OptionalLong.of(10), OptionalLong.of(100), 80, 0)).hasValue(0);
    }

    @Test
    void withoutMinFreeSpaceOrATotalThereIsNoWatermark() {
        assertThat(Reaper.neededBytes(OptionalLong.empty(), OptionalLong.of(100), 80, 0)).isEmpty();
        assertThat(Reaper.neededBytes(OptionalLong.of(0), OptionalLong.of(100), 80, 0)).isEmpty();
        assertThat(Reaper.neededBytes(OptionalLong.of(50), OptionalLong.empty(), 80, 0)).isEmpty();
    }

    @Test
    void consecutiveFailuresExcludeAnRseForAWhileAndASuccessResetsTheCount() {
        ManualClock clock = new ManualClock();
        RseExclusions exclusions = new RseExclusions(3, Duration.ofMinutes(10), clock);
        UUID rse = UUID.randomUUID();
        UUID other = UUID.randomUUID();

        assertThat(exclusions.failed(rse)).isFalse();
        assertThat(exclusions.failed(rse)).isFalse();
        exclusions.succeeded(rse);
        assertThat(exclusions.failed(rse)).isFalse();
        assertThat(exclusions.failed(rse)).isFalse();
        assertThat(exclusions.excluded(rse)).as("two in a row since the success").isFalse();
        assertThat(exclusions.failed(rse)).isTrue();
        assertThat(exclusions.excluded(rse)).isTrue();
        assertThat(exclusions.excluded(other)).isFalse();

        clock.advance(Duration.ofMinutes(9));
        assertThat(exclusions.excluded(rse)).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(exclusions.excluded(rse)).isFalse();
    }
}
