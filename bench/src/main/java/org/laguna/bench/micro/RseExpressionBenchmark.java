package org.laguna.bench.micro;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.core.rse.expression.RseExpression;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Parsing an RSE expression, and resolving it over a catalogue of RSEs with attributes. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RseExpressionBenchmark {
    private static final String EXPRESSION = "(tier=1|tier=2)&type=DISK\\country=FR&freespace>100";

    @Param({"100", "1000"})
    public int rses;

    private List<RseCandidate> candidates;
    private RseExpression parsed;

    @Setup
    public void setUp() {
        String[] countries = {"DE", "FR", "IT", "US", "CH"};
        candidates = new ArrayList<>();
        for (int i = 0; i < rses; i++) {
            String name = "SITE" + i + (i % 4 == 0 ? "_TAPE" : "_DATADISK");
            Map<String, Object> attributes = new HashMap<>();
            attributes.put(name, true);
            attributes.put("rse", name);
            attributes.put("tier", Integer.toString(i % 3));
            attributes.put("type", i % 4 == 0 ? "TAPE" : "DISK");
            attributes.put("country", countries[i % countries.length]);
            attributes.put("freespace", i * 10);
            candidates.add(new RseCandidate(UUID.nameUUIDFromBytes(name.getBytes()), name, attributes));
        }
        parsed = RseExpression.parse(EXPRESSION);
    }

    @Benchmark
    public RseExpression parse() {
        return RseExpression.parse(EXPRESSION);
    }

    @Benchmark
    public List<RseCandidate> resolve() {
        return parsed.resolveOrEmpty(candidates);
    }
}
