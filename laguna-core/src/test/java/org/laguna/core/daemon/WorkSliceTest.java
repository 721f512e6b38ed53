package org.laguna.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkSliceTest {
    @Test
    void aSingleInstanceTakesEverything() {
        assertThat(WorkSlice.ALL).isEqualTo(new WorkSlice(0, 1));
        assertThat(WorkSlice.ALL.sql("r.id::text")).isEqualTo("true");
        assertThat(WorkSlice.ALL.isAll()).isTrue();
    }

    @Test
    void hashesTheExpressionIntoANonNegativeRangeBeforeTakingTheModulus() {
        assertThat(new WorkSlice(2, 5).sql("r.id::text"))
                .isEqualTo("mod(hashtext(r.id::text)::bigint + 2147483648, 5) = 2");
        assertThat(new WorkSlice(2, 5).isAll()).isFalse();
    }

    @Test
    void rejectsRanksOutsideTheLiveInstances() {
        assertThatThrownBy(() -> new WorkSlice(3, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..2");
        assertThatThrownBy(() -> new WorkSlice(-1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkSlice(0, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("live");
    }

    @Test
    void rejectsABlankExpression() {
        assertThatThrownBy(() -> new WorkSlice(0, 2).sql(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
