package org.laguna.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTest {
    @Test
    void everyScenarioNameIsUniqueAndBuiltInOnesLoad() {
        List<String> names = Scenarios.ALL.stream().map(Scenarios.Entry::name).toList();
        assertThat(names).doesNotHaveDuplicates()
                .contains("replicas", "import", "rules", "replication", "list", "search", "did-get", "fdr", "deletion");
        for (String name : List.of("replicas", "import", "rules", "replication", "list", "search", "did-get", "fdr")) {
            assertThat(Scenarios.named(name).orElseThrow().create()).as(name).isPresent();
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
                new Bench.Outcome("deletion", "skipped", "not available yet", 0, new Figures())));
        assertThat(table.lines().toList()).containsExactly(
                "scenario  figure     value  unit",
                "-".repeat(35),
                "replicas  register  12,346  files/s",
                "replicas  peak        12.3  MiB",
                "deletion  skipped: not available yet");
    }

    @Test
    void unknownFiguresAreLeftOut() {
        assertThat(new Figures().addIfKnown("heap", -1, "MiB").list()).isEmpty();
    }
}
