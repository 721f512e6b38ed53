package org.laguna.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The command line's one-pass adler32 + MD5 ({@link Checksums}) over 1 MiB read through its tee
 * stream in 64 KiB buffers, as {@code rucio upload} and {@code download} do: the score in ops/s
 * is MiB/s. (In package {@code org.laguna.cli} because {@link Checksums} is package-private.)
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChecksumsBenchmark {
    private final byte[] data = new byte[1 << 20];
    private final byte[] buffer = new byte[1 << 16];

    @Setup
    public void setUp() {
        new Random(42).nextBytes(data);
    }

    @Benchmark
    public String adler32AndMd5Streamed() throws IOException {
        Checksums checksums = new Checksums();
        try (InputStream in = Checksums.tee(new ByteArrayInputStream(data), checksums)) {
            while (in.read(buffer) > 0) {
                // the tee computes as it reads
            }
        }
        return checksums.adler32() + checksums.md5();
    }
}
