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
                        "deletion", "check", "subscriptions");
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
