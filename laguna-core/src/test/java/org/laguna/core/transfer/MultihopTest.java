package org.laguna.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The lifetime of copies on intermediate RSEs, from their multihop_tombstone_delay attribute. */
class MultihopTest {
    @Test
    void theRsesDelayInSecondsElseTwoHours() {
        assertThat(Multihop.lifetime(null)).isEqualTo(Duration.ofHours(2));
        assertThat(Multihop.lifetime("soon")).isEqualTo(Duration.ofHours(2));
        assertThat(Multihop.lifetime(600)).isEqualTo(Duration.ofMinutes(10));
        assertThat(Multihop.lifetime(" 3600 ")).isEqualTo(Duration.ofHours(1));
        assertThat(Multihop.lifetime(0)).as("no tombstone").isNull();
        assertThat(Multihop.lifetime(-1)).as("the epoch: removed first").isNegative();
    }
}
