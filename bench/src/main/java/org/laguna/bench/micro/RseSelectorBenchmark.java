package org.laguna.bench.micro;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.laguna.core.rule.RseSelector;
import org.laguna.core.rule.TargetRse;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rule planning: choosing the RSEs for 2 copies of each of 1,000 files (grouping NONE) among
 * weighted RSEs with quotas and space, as the rule engine does for every block.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RseSelectorBenchmark {
    private static final int FILES = 1_000;

    @Param({"10", "100"})
    public int rses;

    private List<TargetRse> targets;

    @Setup
    public void setUp() {
        targets = new ArrayList<>();
        for (int i = 0; i < rses; i++) {
            String name = "SITE" + i + "_DATADISK";
            targets.add(new TargetRse(UUID.nameUUIDFromBytes(name.getBytes()), name, 1 + i % 5, true,
                    1L << 50, 1L << 52, Set.of()));
        }
    }

    /** Time per file: a selector for the rule, then one choice of 2 RSEs for each 2 GB file. */
    @Benchmark
    @OperationsPerInvocation(FILES)
    public long planFiles() {
        RseSelector selector = new RseSelector(targets, Map.of(), 2, false, new SplittableRandom(42));
        long sum = 0;
        for (int f = 0; f < FILES; f++) {
            sum += selector.select(2_000_000_000L, List.of(), Set.of(), Map.of()).size();
        }
        return sum;
    }
}
