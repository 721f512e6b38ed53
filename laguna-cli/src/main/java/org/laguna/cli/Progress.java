package org.laguna.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A byte-counting progress bar for transfers, shown only on an interactive terminal (never in
 * {@code --json} output or when the output goes to a file or pipe).
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    static Progress start(String task, long totalBytes, boolean json) {
        if (json || System.console() == null) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(totalBytes, 0))
                .setUnit(" MiB", 1 << 20).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).build());
    }

    /** Counts what is read through the stream into the bar. */
    InputStream counting(InputStream in) {
        if (bar == null) {
            return in;
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bar.step();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    bar.stepBy(n);
                }
                return n;
            }
        };
    }

    /** Grows the expected total (for listings whose size is known only as they stream). */
    void expect(long bytes) {
        if (bar != null) {
            bar.maxHint(bar.getMax() + bytes);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
