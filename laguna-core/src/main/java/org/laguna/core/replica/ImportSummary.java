package org.laguna.core.replica;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What an import did: entries found, replicas registered, entries already registered, and problems. */
public final class ImportSummary {
    private static final int MAX_REPORTED = 100;

    private long found;
    private long registered;
    private long skipped;
    private long mismatched;
    private long invalid;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> hints = new LinkedHashSet<>();

    void found(long n) {
        found += n;
    }

    void registered(long n) {
        registered += n;
    }

    void skipped(long n) {
        skipped += n;
    }

    void mismatch(String what) {
        mismatched++;
        report(what);
    }

    void invalid(String what) {
        invalid++;
        report(what);
    }

    /** What to do about a kind of problem, said once however many entries have it. */
    void hint(String what) {
        hints.add(what);
    }

    private void report(String what) {
        if (problems.size() < MAX_REPORTED) {
            problems.add(what);
        }
    }

    public long found() {
        return found;
    }

    public long registered() {
        return registered;
    }

    public long skipped() {
        return skipped;
    }

    public long mismatched() {
        return mismatched;
    }

    public long invalid() {
        return invalid;
    }

    /** What to do about the problems met, each said once. */
    public List<String> hints() {
        return List.copyOf(hints);
    }

    /** The first problems (mismatches and invalid lines), at most 100. */
    public List<String> problems() {
        return List.copyOf(problems);
    }
}
