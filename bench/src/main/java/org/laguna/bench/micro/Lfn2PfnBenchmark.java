package org.laguna.bench.micro;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.laguna.core.rse.Lfn2Pfn;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The path of a file on a deterministic RSE (Rucio's hash or identity algorithm), and the full PFN. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class Lfn2PfnBenchmark {
    @Param({"hash", "identity"})
    public String algorithm;

    private int counter;

    @Benchmark
    public String path() {
        return Lfn2Pfn.path(algorithm, "data18_13TeV", "DAOD_PHYS.12345678._" + (counter++ & 0xffff) + ".pool.root.1");
    }

    @Benchmark
    public String pfn() {
        String path = Lfn2Pfn.path(algorithm, "data18_13TeV", "DAOD_PHYS.12345678._" + (counter++ & 0xffff) + ".pool.root.1");
        return Lfn2Pfn.pfn("rucio.rse.protocols.gfal.Default", "davs", "storage.example.org", 443, "/dpm/example.org/home/atlas/",
                Map.of(), path);
    }
}
