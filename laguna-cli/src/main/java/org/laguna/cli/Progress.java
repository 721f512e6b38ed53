package org.laguna.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * One line of progress on standard error, redrawn in place: items done of expected (files, locks),
 * bytes done of expected, the rate and the time left, e.g.
 * {@code upload  3/10 files  12.0 MiB/40.0 MiB  4.0 MiB/s  ETA 0:07}. Shown only on an interactive
 * terminal and never with {@code --json}; otherwise every method does nothing visible.
 */
final class Progress implements AutoCloseable {
    private static final long REDRAW_MILLIS = 250;

    private final String task;
    private final String unit;
    private final PrintWriter err;
    private final LongSupplier nanos;
    private final long started;
    private final AtomicLong items = new AtomicLong();
    private final AtomicLong itemsExpected = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong bytesExpected = new AtomicLong();
    private final AtomicLong itemsBefore = new AtomicLong(-1);
    private ScheduledExecutorService ticker;
    private int drawn;

    /** A progress line written to {@code err}, or a silent one when {@code err} is null. */
    Progress(String task, String unit, PrintWriter err, LongSupplier nanos) {
        this.task = task;
        this.unit = unit;
        this.err = err;
        this.nanos = nanos;
        this.started = nanos.getAsLong();
    }

    /** A progress line for a command, redrawn a few times a second: on a terminal only, and not with {@code --json}. */
    static Progress start(String task, String unit, PrintWriter err, boolean json) {
        return start(task, unit, err, json, Terminal.interactive());
    }

    static Progress start(String task, String unit, PrintWriter err, boolean json, boolean terminal) {
        if (json || !terminal) {
            return new Progress(task, unit, null, System::nanoTime);
        }
        Progress progress = new Progress(task, unit, err, System::nanoTime);
        progress.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "laguna-progress");
            thread.setDaemon(true);
            return thread;
        });
        progress.ticker.scheduleAtFixedRate(progress::draw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
        return progress;
    }

    boolean visible() {
        return err != null;
    }

    /** More work is known: items and their bytes (0 when unknown). */
    void expect(long moreItems, long moreBytes) {
        itemsExpected.addAndGet(moreItems);
        bytesExpected.addAndGet(moreBytes);
    }

    /** Items finished (transferred, skipped or failed: they no longer wait). */
    void done(long finishedItems) {
        items.addAndGet(finishedItems);
    }

    /** Bytes moved. */
    void bytes(long moved) {
        bytes.addAndGet(moved);
    }

    /**
     * Sets the counts outright, for work measured by polling (the locks of a rule); what was already
     * done at the first call does not count towards the rate.
     */
    void set(long itemsDone, long itemsTotal) {
        itemsBefore.compareAndSet(-1, itemsDone);
        items.set(itemsDone);
        itemsExpected.set(itemsTotal);
    }

    /** Counts what is read through the stream as bytes moved. */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    bytes(n);
                }
                return n;
            }
        };
    }

    /** The line as it stands now. */
    String line() {
        double seconds = Math.max(0, nanos.getAsLong() - started) / 1e9;
        long doneItems = items.get();
        long expectedItems = Math.max(itemsExpected.get(), doneItems);
        long doneBytes = bytes.get();
        long expectedBytes = Math.max(bytesExpected.get(), doneBytes);
        StringBuilder line = new StringBuilder(task).append("  ").append(doneItems).append('/').append(expectedItems).append(' ').append(unit);
        double rate;
        double left;
        if (expectedBytes > 0) {
            line.append("  ").append(size(doneBytes)).append('/').append(size(expectedBytes));
            rate = seconds > 0 ? doneBytes / seconds : 0;
            line.append("  ").append(size(Math.round(rate))).append("/s");
            left = rate > 0 ? (expectedBytes - doneBytes) / rate : -1;
        } else {
            rate = seconds > 0 ? (doneItems - Math.max(0, itemsBefore.get())) / seconds : 0;
            line.append("  ").append(String.format(Locale.ROOT, "%.1f %s/s", rate, unit));
            left = rate > 0 ? (expectedItems - doneItems) / rate : -1;
        }
        return line.append("  ETA ").append(eta(left)).toString();
    }

    private synchronized void draw() {
        if (err == null) {
            return;
        }
        String line = line();
        err.print("\r" + line + " ".repeat(Math.max(0, drawn - line.length())));
        err.flush();
        drawn = line.length();
    }

    /** Prints something (a line on standard output, say) above the progress line: the line is wiped first and drawn again after. */
    synchronized void above(Runnable print) {
        if (err == null || drawn == 0) {
            print.run();
            return;
        }
        err.print("\r" + " ".repeat(drawn) + "\r");
        err.flush();
        drawn = 0;
        print.run();
        draw();
    }

    /** Stops redrawing; a shown line is drawn a last time and ended, so what follows starts on its own line. */
    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (err != null) {
            draw();
            err.println();
            err.flush();
        }
    }

    /** A byte count for people: 512 B, 1.5 KiB, 12.0 MiB, 3.2 GiB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Seconds left as m:ss or h:mm:ss; "--:--" when unknown (negative). */
    static String eta(double seconds) {
        if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "--:--";
        }
        long total = Math.round(seconds);
        long hours = total / 3600;
        long minutes = total % 3600 / 60;
        long secs = total % 60;
        return hours > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
                : String.format(Locale.ROOT, "%d:%02d", minutes, secs);
    }
}
