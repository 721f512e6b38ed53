package org.laguna.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The named results of one scenario, each with its unit, in the order they were measured. */
final class Figures {
    /** One result: {@code value} in {@code unit} (files/s, s, MiB, ...). */
    record Figure(String name, double value, String unit) {
    }

    private final List<Figure> figures = new ArrayList<>();

    Figures add(String name, double value, String unit) {
        figures.add(new Figure(name, value, unit));
        return this;
    }

    /** Adds a figure only when it is known (not negative): e.g. a server's heap, which a remote server may not expose. */
    Figures addIfKnown(String name, double value, String unit) {
        return value < 0 ? this : add(name, value, unit);
    }

    /**
     * Adds the server's peak heap (MiB), peak RSS (MiB) and failed daemon cycles where the server exposes them. A failed
     * cycle is retried after a growing pause, so failures explain a scenario that took far longer than usual.
     */
    Figures addServer(Server server) throws Exception {
        long heap = server.heapPeakBytes();
        addIfKnown("server peak heap", heap < 0 ? -1 : heap / 1024.0 / 1024.0, "MiB");
        long rss = server.peakRssBytes();
        addIfKnown("server peak RSS", rss < 0 ? -1 : rss / 1024.0 / 1024.0, "MiB");
        return addIfKnown("daemon cycles failed", server.daemonFailures(), "cycles");
    }

    List<Figure> list() {
        return Collections.unmodifiableList(figures);
    }
}
