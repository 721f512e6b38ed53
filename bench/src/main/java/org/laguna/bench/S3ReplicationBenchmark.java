package org.laguna.bench;

/**
 * Scenario {@code replication-s3}: the {@code replication} scenario between two S3 RSEs, buckets
 * of an s3proxy (filesystem-backed) that the benchmark runs in its own JVM, with the keys in the
 * server's {@code laguna.properties}; the files are written straight into the source bucket's
 * directory. s3proxy shares the machine with the server, so this measures the conveyor and the S3
 * plugin against a local, not a production, object store. Figures: files/s and MB/s from the rule's
 * creation to the rule being OK. Laguna-only. Same as {@code ./laguna bench replication --storage s3}.
 *
 * <p>Options: {@code --size BYTES} (default 10,240), {@code --heap SIZE} (server -Xmx, default
 * 512m), {@code --timeout S} (default 3,600).
 */
public final class S3ReplicationBenchmark implements Scenario {
    @Override
    public Figures run(BenchContext context) throws Exception {
        return ReplicationBenchmark.replicate(context, true);
    }

    /** Runs this scenario alone: {@code ./laguna bench replication-s3 [options]}. */
    public static void main(String[] args) throws Exception {
        Bench.main(Bench.prepend("replication-s3", args));
    }
}
