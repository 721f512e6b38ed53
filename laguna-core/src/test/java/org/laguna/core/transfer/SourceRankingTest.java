package org.laguna.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.laguna.core.transfer.SourceRanking.Candidate;

class SourceRankingTest {
    private static final Candidate NEAR = new Candidate(UUID.randomUUID(), "NEAR", 1, 2);
    private static final Candidate FAR = new Candidate(UUID.randomUUID(), "FAR", 5, 1);
    private static final Candidate UNKNOWN = new Candidate(UUID.randomUUID(), "AAA_NO_DISTANCE", SourceRanking.NO_DISTANCE, 1);
    private static final Candidate NEAR_BETTER_PROTOCOL = new Candidate(UUID.randomUUID(), "ZZZ", 1, 1);

    private static List<String> names(List<Candidate> ranked) {
        return ranked.stream().map(Candidate::rse).toList();
    }

    @Test
    void nearerSourcesComeFirstAndPairsWithoutADistanceLast() {
        assertThat(names(SourceRanking.rank(List.of(UNKNOWN, FAR, NEAR), null, null))).containsExactly("NEAR", "FAR", "AAA_NO_DISTANCE");
    }

    @Test
    void atTheSameDistanceTheBetterProtocolPriorityComesFirstThenTheName() {
        assertThat(names(SourceRanking.rank(List.of(NEAR, NEAR_BETTER_PROTOCOL), null, null))).containsExactly("ZZZ", "NEAR");
    }

    @Test
    void aSourceThatFailedThePreviousAttemptComesLastWhateverItsDistance() {
        assertThat(names(SourceRanking.rank(List.of(NEAR, FAR, UNKNOWN), null, NEAR.rseId()))).containsExactly("FAR", "AAA_NO_DISTANCE", "NEAR");
    }

    @Test
    void onlyTheRsesTheRuleAllowsAreSources() {
        assertThat(names(SourceRanking.rank(List.of(NEAR, FAR, UNKNOWN), Set.of(FAR.rseId()), null))).containsExactly("FAR");
        assertThat(SourceRanking.rank(List.of(NEAR), Set.of(), null)).isEmpty();
    }
}
