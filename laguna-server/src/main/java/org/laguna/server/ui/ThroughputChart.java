package org.laguna.server.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.laguna.core.transfer.TransferMatrix;

/**
 * The throughput of a window as a bar chart drawn on the server: one bar per time slot, as high as the
 * bytes the slot's transfers moved, and a mark under a slot whose transfers failed. The page writes it
 * as SVG (no script, nothing fetched); each bar has a title with its figures, and the same figures are
 * listed in a table for screen readers and for copying.
 */
public record ThroughputChart(int width, int height, List<Bar> bars, String maxLabel, String startLabel, String endLabel, long doneTotal,
                              long failedTotal, long bytesTotal, String rateLabel) {
    /** Where the bars stand: the plot is from x = LEFT to width, from y = TOP to height - BOTTOM. */
    static final int WIDTH = 720;
    static final int HEIGHT = 220;
    static final int LEFT = 8;
    static final int TOP = 8;
    static final int BOTTOM = 22;

    /** One slot's bar, its failure mark (height 0 when none failed), and its figures. */
    public record Bar(String x, String y, String barWidth, String barHeight, boolean failed, String title, String start, long done,
                      long failedCount, long bytes) {
        public String bytesLabel() {
            return Format.bytes(bytes);
        }
    }

    public ThroughputChart {
        bars = List.copyOf(bars);
    }

    /** Baseline of the bars (y of the x axis). */
    public int baseline() {
        return height - BOTTOM;
    }

    /** Where the failure marks stand, under the axis. */
    public int markY() {
        return height - BOTTOM + 4;
    }

    public boolean empty() {
        return doneTotal == 0 && failedTotal == 0;
    }

    static ThroughputChart of(List<TransferMatrix.Slot> slots, int hours) {
        long max = 0;
        long done = 0;
        long failed = 0;
        long bytes = 0;
        for (TransferMatrix.Slot slot : slots) {
            max = Math.max(max, slot.bytes());
            done += slot.done();
            failed += slot.failed();
            bytes += slot.bytes();
        }
        double plotWidth = WIDTH - LEFT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double step = plotWidth / Math.max(1, slots.size());
        double barWidth = Math.max(1, step - 2);
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
            TransferMatrix.Slot slot = slots.get(i);
            double barHeight = max == 0 ? 0 : Math.max(slot.bytes() > 0 ? 1 : 0, plotHeight * slot.bytes() / max);
            String start = Format.date(slot.start());
            String title = start + ": " + slot.done() + " done, " + slot.failed() + " failed, " + Format.bytes(slot.bytes());
            bars.add(new Bar(number(LEFT + i * step + 1), number(TOP + plotHeight - barHeight), number(barWidth), number(barHeight),
                    slot.failed() > 0, title, start, slot.done(), slot.failed(), slot.bytes()));
        }
        String start = slots.isEmpty() ? "" : Format.date(slots.getFirst().start());
        String end = hours + (hours == 1 ? " hour" : " hours") + " later";
        long seconds = Duration.ofHours(hours).toSeconds();
        String rate = Format.bytes(bytes / Math.max(1, seconds)) + "/s on average";
        return new ThroughputChart(WIDTH, HEIGHT, bars, Format.bytes(max) + " per slot at most", start, end, done, failed, bytes, rate);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
