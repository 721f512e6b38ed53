package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.laguna.core.transfer.TransferMatrix;

class ThroughputChartTest {
    private static final Instant START = Instant.parse("2026-12-04T00:00:00Z");

    @Test
    void theFullestSlotFillsThePlotAndTheOthersAreInProportion() {
        ThroughputChart chart = ThroughputChart.of(List.of(new TransferMatrix.Slot(START, 2, 0, 4_000), new TransferMatrix.Slot(START.plusSeconds(60), 1, 0, 1_000),
                new TransferMatrix.Slot(START.plusSeconds(120), 0, 3, 0)), 1);

        double plot = ThroughputChart.HEIGHT - ThroughputChart.TOP - ThroughputChart.BOTTOM;
        assertThat(Double.parseDouble(chart.bars().get(0).barHeight())).isEqualTo(plot);
        assertThat(Double.parseDouble(chart.bars().get(1).barHeight())).isEqualTo(plot / 4, org.assertj.core.data.Offset.offset(0.1));
        assertThat(Double.parseDouble(chart.bars().get(2).barHeight())).isZero();
        assertThat(chart.bars().get(2).failed()).isTrue();
        assertThat(chart.bars().get(0).failed()).isFalse();
        assertThat(Double.parseDouble(chart.bars().get(0).y()) + plot).isEqualTo(chart.baseline());
        assertThat(chart.doneTotal()).isEqualTo(3);
        assertThat(chart.failedTotal()).isEqualTo(3);
        assertThat(chart.bars().get(0).title()).isEqualTo("2026-12-04 00:00 UTC: 2 done, 0 failed, 4.0 kB");
    }

    @Test
    void aWindowWithoutTransfersIsEmptyAndDrawsNoBar() {
        ThroughputChart chart = ThroughputChart.of(List.of(new TransferMatrix.Slot(START, 0, 0, 0), new TransferMatrix.Slot(START.plusSeconds(60), 0, 0, 0)), 24);

        assertThat(chart.empty()).isTrue();
        assertThat(chart.bars()).allSatisfy(bar -> assertThat(bar.barHeight()).isEqualTo("0.0"));
    }
}
