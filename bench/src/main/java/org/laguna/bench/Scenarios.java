package org.laguna.bench;

import java.util.List;
import java.util.Optional;

/**
 * The scenarios {@link Bench} knows, in the order {@code all} runs them. Some are found by class
 * name at run time, so that adding the class is all it takes to light them up; until then they
 * report "skipped: not available yet".
 */
final class Scenarios {
    /** A scenario by name: its class, and what it measures (for {@code --help}). */
    record Entry(String name, String className, String description) {
        /**
         * The scenario, or empty when its class is not there (yet), or is there but not written
         * as a scenario (a stand-alone benchmark with only a {@code main}): {@link #whyMissing()}
         * says which.
         */
        Optional<Scenario> create() {
            Class<?> type;
            try {
                type = Class.forName(className);
            } catch (ClassNotFoundException e) {
                return Optional.empty();
            }
            if (!Scenario.class.isAssignableFrom(type)) {
                return Optional.empty();
            }
            try {
                return Optional.of((Scenario) type.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(className + " needs a public no-argument constructor", e);
            }
        }

        /** Why {@link #create()} found no scenario. */
        String whyMissing() {
            try {
                Class.forName(className);
                return "not available yet (" + className + " does not implement Scenario; see bench/README.md)";
            } catch (ClassNotFoundException e) {
                return "not available yet (no class " + className + ")";
            }
        }
    }

    static final List<Entry> ALL = List.of(
            entry("replicas", "ReplicaBulkBenchmark", "register N replicas (POST /replicas), attach, list; files/s"),
            entry("import", "ImportBenchmark", "import an N-line manifest (POST /replicas/import), twice; files/s"),
            entry("list", "ListReplicasBenchmark", "list_replicas of an N-file dataset, NDJSON and Metalink; files/s, peak heap"),
            entry("search", "DidSearchBenchmark", "DID metadata search over N datasets; queries/s"),
            entry("rules", "RuleBenchmark", "rule for 2 copies on an N-file dataset; s to locks, peak heap at -Xmx512m"),
            entry("replication", "ReplicationBenchmark", "N small files POSIX -> POSIX (--storage s3: S3) through the conveyor; files/s, MB/s"),
            entry("replication-s3", "S3ReplicationBenchmark", "N small files S3 -> S3 (s3proxy) through the conveyor; files/s, MB/s"),
            entry("deletion", "DeletionBenchmark", "N real files and replicas deleted by the reaper (greedy); replicas/s"),
            entry("check", "StorageCheckBenchmark", "storage consistency check of an N-file RSE from a gzip dump; files/s, peak heap"),
            entry("did-get", "DidGetBenchmark", "authenticated GET of a DID from 32 threads; requests/s, p50/p99"),
            entry("ui", "UiBenchmark", "web interface over an N-file dataset: its page's first screen (first byte, whole HTML);"
                    + " p50/p99 of the main pages from 20 clients"),
            entry("subscriptions", "SubscriptionBenchmark", "a subscription over N new files in N/100 datasets; s from the last attachment to all rules and locks"),
            entry("fdr", "FdrBenchmark", "10 RSEs, N files, rules for 2 copies, one JVM; wall time, peak RSS"),
            entry("chaos", "ChaosBenchmark", "kill -9, daemon take-over, 10% transfer failures, storage damage, REST fuzz, authz matrix;"
                    + " lost, duplicated, 5xx, mismatches, recovery s"));

    private Scenarios() {
    }

    private static Entry entry(String name, String simpleName, String description) {
        return new Entry(name, Scenarios.class.getPackageName() + "." + simpleName, description);
    }

    static Optional<Entry> named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }
}
