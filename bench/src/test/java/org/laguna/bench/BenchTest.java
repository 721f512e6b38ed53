package org.laguna.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchTest {
    @Test
    void everyScenarioNameIsUniqueAndBuiltInOnesLoad() {
        List<String> names = Scenarios.ALL.stream().map(Scenarios.Entry::name).toList();
        assertThat(names).doesNotHaveDuplicates()
                .contains("replicas", "import", "rules", "replication", "replication-s3", "list", "search", "did-get", "fdr",
                        "deletion", "check", "subscriptions", "chaos", "ui");
        for (String name : names) {
            assertThat(Scenarios.named(name).orElseThrow().create()).as(name).isPresent();
        }
    }

    @Test
    void replicationTakesPosixOrS3Storage() {
        try (BenchContext context = new BenchContext(1, Map.of("storage", "tape"), null, null, "t")) {
            assertThatThrownBy(() -> new ReplicationBenchmark().run(context))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("posix or s3");
        }
    }

    @Test
    void chaosIsSkippedWithAReasonWhenItsPostgreSqlDoesNotAnswer() {
        Scenario chaos = Scenarios.named("chaos").orElseThrow().create().orElseThrow();
        try (BenchContext context = new BenchContext(1, Map.of("chaos-database", "jdbc:postgresql://127.0.0.1:1/postgres?user=postgres"),
                null, null, "t")) {
            assertThatThrownBy(() -> chaos.run(context)).isInstanceOf(Scenario.Skipped.class)
                    .hasMessageContaining("needs an external PostgreSQL");
        }
    }

    /** A scenario whose condition does not hold, for the runner's test. */
    public static final class UnmetScenario implements Scenario {
        @Override
        public Figures run(BenchContext context) {
            throw new Failed("not met: no 5xx (1)", new Figures().add("answers 5xx", 1, "answers"));
        }
    }

    @Test
    void aScenarioWhoseConditionsFailIsFailedWithTheFiguresItMeasured() {
        Bench.Outcome outcome = Bench.run(new Scenarios.Entry("unmet", UnmetScenario.class.getName(), ""), 1, Map.of(), null, null, "u");
        assertThat(outcome.status()).isEqualTo("failed");
        assertThat(outcome.reason()).isEqualTo("not met: no 5xx (1)");
        assertThat(outcome.figures().list()).extracting(Figures.Figure::name).containsExactly("answers 5xx");
    }

    @Test
    void theUiScenarioTakesPercentilesByNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = i + 1;
        }
        assertThat(UiBenchmark.percentile(sorted, 0.50)).isEqualTo(50);
        assertThat(UiBenchmark.percentile(sorted, 0.99)).isEqualTo(99);
        assertThat(UiBenchmark.percentile(new long[] {7}, 0.99)).isEqualTo(7);
        assertThat(UiBenchmark.percentile(new long[0], 0.5)).isZero();
    }

    @Test
    void aScenarioWhoseClassIsMissingIsNotAvailable() {
        assertThat(new Scenarios.Entry("x", "org.laguna.bench.NoSuchBenchmark", "").create()).isEmpty();
    }

    @Test
    void aClassThatIsNotAScenarioIsNotAvailableAndSaysWhy() {
        Scenarios.Entry entry = new Scenarios.Entry("x", Bench.class.getName(), "");
        assertThat(entry.create()).isEmpty();
        assertThat(entry.whyMissing()).contains("does not implement Scenario");
    }

    @Test
    void theTableAlignsFiguresAndShowsSkippedScenariosOnOneRow() {
        String table = Bench.table(List.of(
                new Bench.Outcome("replicas", "ok", null, 1, new Figures().add("register", 12345.6, "files/s").add("peak", 12.34, "MiB")),
                new Bench.Outcome("deletion", "skipped", "needs a Laguna server", 0, new Figures())));
        assertThat(table.lines().toList()).containsExactly(
                "scenario  figure     value  unit",
                "-".repeat(35),
                "replicas  register  12,346  files/s",
                "replicas  peak        12.3  MiB",
                "deletion  skipped: needs a Laguna server");
    }

    @Test
    void unknownFiguresAreLeftOut() {
        assertThat(new Figures().addIfKnown("heap", -1, "MiB").list()).isEmpty();
    }

    @Test
    void countsShowWithoutDecimalsAndRatesWithThreeSignificantDigits() {
        assertThat(Bench.format(0)).isEqualTo("0");
        assertThat(Bench.format(1_148)).isEqualTo("1,148");
        assertThat(Bench.format(1_148.4)).isEqualTo("1,148");
        assertThat(Bench.format(11.83)).isEqualTo("11.8");
        assertThat(Bench.format(0.452)).isEqualTo("0.45");
    }
}
