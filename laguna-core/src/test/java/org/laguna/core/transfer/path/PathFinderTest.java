package org.laguna.core.transfer.path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laguna.core.rse.RseProtocol;

class PathFinderTest {
    private final PathFinder finder = new PathFinder();

    /** A protocol with the given third-party-copy read and write priorities (0: not allowed). */
    /** A protocol with third-party-copy priorities, where 0 stands for "not supported" to keep the cases short. */
    static RseProtocol protocol(String scheme, int tpcRead, int tpcWrite) {
        return protocol(scheme, scheme + ".example.org", tpcRead, tpcWrite);
    }

    static RseProtocol protocol(String scheme, String host, int tpcRead, int tpcWrite) {
        return new RseProtocol(scheme, host, 443, "/data", null, 1, 1, 1, 1, 1, 1, orNone(tpcRead), orNone(tpcWrite), null);
    }

    private static int orNone(int priority) {
        return priority == 0 ? RseProtocol.UNSUPPORTED : priority;
    }

    static PathRse davs(String name, boolean multihop) {
        return new PathRse(name, List.of(protocol("davs", 1, 1)), multihop);
    }

    static PathRse s3(String name, boolean multihop) {
        return new PathRse(name, List.of(protocol("s3", 1, 1)), multihop);
    }

    /** Both S3 and WebDAV: the kind of RSE that bridges the two. */
    static PathRse bridge(String name, boolean multihop) {
        return new PathRse(name, List.of(protocol("davs", 1, 1), protocol("s3", 2, 2)), multihop);
    }

    private TransferPath found(PathResult result) {
        assertThat(result).isInstanceOf(PathResult.Found.class);
        return result.path().orElseThrow();
    }

    private PathResult.Reason reason(PathResult result) {
        assertThat(result).isInstanceOf(PathResult.NotFound.class);
        return ((PathResult.NotFound) result).reason();
    }

    @Test
    void copiesDirectlyWhenADirectHopIsCheapest() {
        RseGraph graph = RseGraph.builder().rse(davs("A", false)).rse(davs("B", false)).rse(davs("HUB", true))
                .distance("A", "B", 5).distance("A", "HUB", 1).distance("HUB", "B", 1).build();

        TransferPath path = found(finder.find(graph, Set.of("A"), "B"));

        assertThat(path.rses()).containsExactly("A", "B");
        assertThat(path.multihop()).isFalse();
        assertThat(path.cost()).isEqualTo(5);
        assertThat(path.hops().get(0).sourceProtocol().scheme()).isEqualTo("davs");
    }

    @Test
    void prefersTheDirectPathWhenADetourCostsTheSame() {
        RseGraph graph = RseGraph.builder().rse(davs("A", false)).rse(davs("B", false)).rse(davs("HUB", true))
                .distance("A", "B", 2).distance("A", "HUB", 1).distance("HUB", "B", 1).build();

        TransferPath path = found(new PathFinder(3, 0).find(graph, Set.of("A"), "B"));

        assertThat(path.rses()).containsExactly("A", "B");
    }

    @Test
    void goesThroughAnIntermediateWhenTheDetourIsCheaperIncludingItsPenalty() {
        RseGraph graph = RseGraph.builder().rse(davs("A", false)).rse(davs("B", false)).rse(davs("HUB", true))
                .distance("A", "B", 20).distance("A", "HUB", 1).distance("HUB", "B", 1).build();

        TransferPath path = found(finder.find(graph, Set.of("A"), "B"));

        assertThat(path.rses()).containsExactly("A", "HUB", "B");
        assertThat(path.cost()).isEqualTo(1 + PathFinder.DEFAULT_HOP_PENALTY + 1);
    }

    @Test
    void aHopPenaltyOfTheRseReplacesTheDefault() {
        PathRse expensiveHub = new PathRse("HUB", List.of(protocol("davs", 1, 1)), true, OptionalInt.of(100));
        RseGraph graph = RseGraph.builder().rse(davs("A", false)).rse(davs("B", false)).rse(expensiveHub)
                .distance("A", "B", 20).distance("A", "HUB", 1).distance("HUB", "B", 1).build();

        assertThat(found(finder.find(graph, Set.of("A"), "B")).rses()).containsExactly("A", "B");
    }

    @Test
    void bridgesS3ToWebDavThroughOneIntermediateWithTheProtocolsOfEachHop() {
        RseGraph graph = RseGraph.builder().rse(s3("S3_SOURCE", false)).rse(davs("DISK", false)).rse(bridge("BRIDGE", true))
                .distance("S3_SOURCE", "DISK", 1).distance("S3_SOURCE", "BRIDGE", 2).distance("BRIDGE", "DISK", 2).build();

        TransferPath path = found(finder.find(graph, Set.of("S3_SOURCE"), "DISK"));

        assertThat(path.rses()).containsExactly("S3_SOURCE", "BRIDGE", "DISK");
        Hop first = path.hops().get(0);
        assertThat(first.sourceProtocol().scheme()).isEqualTo("s3");
        assertThat(first.destinationProtocol().scheme()).isEqualTo("s3");
        Hop second = path.hops().get(1);
        assertThat(second.sourceProtocol().scheme()).isEqualTo("davs");
        assertThat(second.destinationProtocol().scheme()).isEqualTo("davs");
        assertThat(second.distance()).isEqualTo(2);
    }

    @Test
    void goesThroughTwoIntermediates() {
        PathRse firstHub = new PathRse("H1", List.of(protocol("s3", 1, 1), protocol("root", 1, 1)), true);
        PathRse secondHub = new PathRse("H2", List.of(protocol("root", 1, 1), protocol("davs", 1, 1)), true);
        RseGraph graph = RseGraph.builder().rse(s3("A", false)).rse(davs("B", false)).rse(firstHub).rse(secondHub)
                .distance("A", "H1", 1).distance("H1", "H2", 1).distance("H2", "B", 1).distance("A", "B", 1).distance("A", "H2", 1).build();

        TransferPath path = found(finder.find(graph, Set.of("A"), "B"));

        assertThat(path.rses()).containsExactly("A", "H1", "H2", "B");
        assertThat(path.hops()).extracting(hop -> hop.sourceProtocol().scheme() + "->" + hop.destinationProtocol().scheme())
                .containsExactly("s3->s3", "root->root", "davs->davs");
        assertThat(path.cost()).isEqualTo(3 + 2 * PathFinder.DEFAULT_HOP_PENALTY);
    }

    @Test
    void neverPassesThroughAnRseThatIsNotAvailableForMultihop() {
        RseGraph graph = RseGraph.builder().rse(s3("A", false)).rse(davs("B", false)).rse(bridge("CHEAP", false)).rse(bridge("DEAR", true))
                .distance("A", "CHEAP", 1).distance("CHEAP", "B", 1).distance("A", "DEAR", 50).distance("DEAR", "B", 50).build();

        TransferPath path = found(finder.find(graph, Set.of("A"), "B"));

        assertThat(path.rses()).containsExactly("A", "DEAR", "B");
    }

    @Test
    void aSourceNeedsNoMultihopFlag() {
        RseGraph graph = RseGraph.builder().rse(davs("A", false)).rse(davs("B", false)).distance("A", "B", 3).build();

        assertThat(found(finder.find(graph, Set.of("A"), "B")).rses()).containsExactly("A", "B");
    }

    @Test
    void withOnlyUnflaggedIntermediatesThereIsNoLink() {
        RseGraph graph = RseGraph.builder().rse(davs("A", false)).rse(davs("B", false)).rse(davs("HUB", false))
                .distance("A", "HUB", 1).distance("HUB", "B", 1).build();

        PathResult result = finder.find(graph, Set.of("A"), "B");

        assertThat(reason(result)).isEqualTo(PathResult.Reason.NO_LINK);
        assertThat(((PathResult.NotFound) result).message()).contains("available_for_multihop");
    }

    @Test
    void followsNoCycles() {
        RseGraph graph = RseGraph.builder().rse(s3("A", false)).rse(davs("B", false)).rse(bridge("H1", true)).rse(bridge("H2", true))
                .distance("A", "H1", 0).distance("H1", "H2", 0).distance("H2", "H1", 0).distance("H1", "A", 0).distance("H2", "A", 0)
                .distance("H2", "B", 1).build();

        TransferPath path = found(new PathFinder(5, 0).find(graph, Set.of("A"), "B"));

        assertThat(path.rses()).containsExactly("A", "H1", "H2", "B").doesNotHaveDuplicates();
    }

    @Test
    void neverPassesThroughTheDestination() {
        PathRse destination = new PathRse("B", List.of(protocol("davs", 1, 1)), true);
        RseGraph graph = RseGraph.builder().rse(davs("A", false)).rse(destination).rse(davs("C", true))
                .distance("A", "B", 1).distance("B", "C", 0).distance("C", "B", 0).build();

        assertThat(found(finder.find(graph, Set.of("A"), "B")).rses()).containsExactly("A", "B");
    }

    @Test
    void withoutAnyDistanceTheDestinationIsUnreachable() {
        RseGraph graph = RseGraph.builder().rse(davs("A", false)).rse(davs("B", false)).distance("B", "A", 1).build();

        PathResult result = finder.find(graph, Set.of("A"), "B");

        assertThat(reason(result)).isEqualTo(PathResult.Reason.NO_LINK);
        assertThat(((PathResult.NotFound) result).message()).contains("[A]").contains("B");
    }

    @Test
    void linkedRsesWithoutAFittingProtocolPairAreReportedAsSuch() {
        RseGraph graph = RseGraph.builder().rse(s3("A", false)).rse(davs("B", false)).distance("A", "B", 1).build();

        assertThat(reason(finder.find(graph, Set.of("A"), "B"))).isEqualTo(PathResult.Reason.NO_COMPATIBLE_PROTOCOL);
    }

    @Test
    void s3ToS3IsDirectOnlyWhenBothEndsAllowThirdPartyCopy() {
        PathRse readOnlyForTpc = new PathRse("S3_A", List.of(protocol("s3", 1, 0)), false);
        PathRse noTpcWrite = new PathRse("S3_B", List.of(protocol("s3", 1, 0)), false);
        PathRse tpcWrite = new PathRse("S3_C", List.of(protocol("s3s", 0, 1)), false);
        RseGraph graph = RseGraph.builder().rse(readOnlyForTpc).rse(noTpcWrite).rse(tpcWrite)
                .distance("S3_A", "S3_B", 1).distance("S3_A", "S3_C", 1).build();

        assertThat(reason(finder.find(graph, Set.of("S3_A"), "S3_B"))).isEqualTo(PathResult.Reason.NO_COMPATIBLE_PROTOCOL);
        assertThat(found(finder.find(graph, Set.of("S3_A"), "S3_C")).hops().get(0).destinationProtocol().scheme()).isEqualTo("s3s");
    }

    @Test
    void davsAndHttpsAreInterchangeable() {
        PathRse https = new PathRse("A", List.of(protocol("https", 1, 1)), false);
        RseGraph graph = RseGraph.builder().rse(https).rse(davs("B", false)).distance("A", "B", 1).build();

        Hop hop = found(finder.find(graph, Set.of("A"), "B")).hops().get(0);

        assertThat(hop.sourceProtocol().scheme()).isEqualTo("https");
        assertThat(hop.destinationProtocol().scheme()).isEqualTo("davs");
    }

    @Test
    void choosesTheBestDestinationPriorityThenTheBestSourcePriority() {
        PathRse source = new PathRse("A", List.of(protocol("root", 1, 1), protocol("davs", 2, 2)), false);
        PathRse destination = new PathRse("B", List.of(protocol("davs", 3, 1), protocol("root", 1, 2)), false);
        RseGraph graph = RseGraph.builder().rse(source).rse(destination).distance("A", "B", 1).build();

        Hop hop = found(finder.find(graph, Set.of("A"), "B")).hops().get(0);

        assertThat(hop.destinationProtocol().scheme()).isEqualTo("davs");
        assertThat(hop.sourceProtocol().scheme()).isEqualTo("davs");
    }

    @Test
    void choosesBetweenProtocolsOfEqualPriorityByName() {
        PathRse source = new PathRse("A", List.of(protocol("davs", "zeta.example.org", 1, 1), protocol("davs", "alpha.example.org", 1, 1)), false);
        RseGraph graph = RseGraph.builder().rse(source).rse(davs("B", false)).distance("A", "B", 1).build();

        assertThat(found(finder.find(graph, Set.of("A"), "B")).hops().get(0).sourceProtocol().hostname()).isEqualTo("alpha.example.org");
    }

    @Test
    void startsFromTheNearestOfSeveralSources() {
        RseGraph graph = RseGraph.builder().rse(davs("FAR", false)).rse(davs("NEAR", false)).rse(davs("B", false))
                .distance("FAR", "B", 9).distance("NEAR", "B", 2).build();

        assertThat(found(finder.find(graph, Set.of("FAR", "NEAR"), "B")).source()).isEqualTo("NEAR");
    }

    @Test
    void breaksTiesByRseNamesWhateverTheOrderOfInput() {
        RseGraph one = RseGraph.builder().rse(s3("A", false)).rse(davs("B", false)).rse(bridge("H2", true)).rse(bridge("H1", true))
                .distance("A", "H2", 1).distance("H2", "B", 1).distance("A", "H1", 1).distance("H1", "B", 1).build();
        RseGraph other = RseGraph.builder().rse(bridge("H1", true)).rse(bridge("H2", true)).rse(davs("B", false)).rse(s3("A", false))
                .distance("A", "H1", 1).distance("H1", "B", 1).distance("H2", "B", 1).distance("A", "H2", 1).build();

        assertThat(found(finder.find(one, Set.of("A"), "B")).rses()).containsExactly("A", "H1", "B");
        assertThat(found(finder.find(other, List.of("A"), "B")).rses()).containsExactly("A", "H1", "B");
    }

    @Test
    void breaksTiesBetweenSourcesByName() {
        RseGraph graph = RseGraph.builder().rse(davs("S2", false)).rse(davs("S1", false)).rse(davs("B", false))
                .distance("S2", "B", 4).distance("S1", "B", 4).build();

        assertThat(found(finder.find(graph, List.of("S2", "S1"), "B")).source()).isEqualTo("S1");
    }

    @Test
    void honoursTheMaximumNumberOfHops() {
        RseGraph graph = RseGraph.builder().rse(s3("A", false)).rse(davs("B", false))
                .rse(new PathRse("H1", List.of(protocol("s3", 1, 1), protocol("root", 1, 1)), true))
                .rse(new PathRse("H2", List.of(protocol("root", 1, 1), protocol("davs", 1, 1)), true))
                .distance("A", "H1", 1).distance("H1", "H2", 1).distance("H2", "B", 1).build();

        assertThat(found(new PathFinder(3, 10).find(graph, Set.of("A"), "B")).hops()).hasSize(3);
        PathResult limited = new PathFinder(2, 10).find(graph, Set.of("A"), "B");
        assertThat(reason(limited)).isEqualTo(PathResult.Reason.TOO_MANY_HOPS);
        assertThat(((PathResult.NotFound) limited).message()).contains("A -> H1 -> H2 -> B").contains("3 hops").contains("2 allowed");
    }

    @Test
    void withOneHopAllowedOnlyDirectCopiesAreFound() {
        RseGraph graph = RseGraph.builder().rse(s3("A", false)).rse(davs("B", false)).rse(bridge("HUB", true))
                .distance("A", "HUB", 1).distance("HUB", "B", 1).distance("A", "B", 1).build();

        PathResult result = new PathFinder(1, 10).find(graph, Set.of("A"), "B");

        assertThat(reason(result)).isEqualTo(PathResult.Reason.TOO_MANY_HOPS);
    }

    @Test
    void findsAPathWithinTheLimitEvenWhenACheaperOneIsLonger() {
        RseGraph graph = RseGraph.builder().rse(s3("A", false)).rse(davs("B", false)).rse(bridge("H1", true)).rse(bridge("H2", true))
                .rse(bridge("H3", true))
                .distance("A", "H1", 0).distance("H1", "H2", 0).distance("H2", "B", 0).distance("A", "H3", 50).distance("H3", "B", 50).build();

        assertThat(found(new PathFinder(2, 0).find(graph, Set.of("A"), "B")).rses()).containsExactly("A", "H3", "B");
        assertThat(found(new PathFinder(3, 0).find(graph, Set.of("A"), "B")).rses()).containsExactly("A", "H1", "H2", "B");
    }

    @Test
    void answersQuicklyOnALargeDenseGraphWithoutAPath() {
        RseGraph.Builder builder = RseGraph.builder();
        int size = 300;
        for (int i = 0; i < size; i++) {
            builder.rse(bridge("R" + i, true));
            for (int j = 0; j < size; j++) {
                builder.distance("R" + i, "R" + j, 1 + (i * j) % 7);
            }
        }
        RseGraph graph = builder.rse(new PathRse("TAPE", List.of(protocol("root", 1, 1)), false)).build();

        PathResult result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> finder.find(graph, Set.of("R0", "R1"), "TAPE"));

        assertThat(reason(result)).isEqualTo(PathResult.Reason.NO_LINK);
    }

    @Test
    void saysWhyWhenSourcesOrDestinationDoNotFit() {
        RseGraph graph = RseGraph.builder().rse(davs("A", false)).rse(davs("B", false)).distance("A", "B", 1).build();

        assertThat(reason(finder.find(graph, Set.of(), "B"))).isEqualTo(PathResult.Reason.NO_SOURCE);
        assertThat(reason(finder.find(graph, Set.of("GONE"), "B"))).isEqualTo(PathResult.Reason.NO_SOURCE);
        assertThat(reason(finder.find(graph, Set.of("A"), "GONE"))).isEqualTo(PathResult.Reason.UNKNOWN_DESTINATION);
        assertThat(reason(finder.find(graph, Set.of("A", "B"), "B"))).isEqualTo(PathResult.Reason.ALREADY_AT_DESTINATION);
    }

    @Test
    void readsTheMultihopFlagAndHopPenaltyFromRseAttributes() {
        List<RseProtocol> protocols = List.of(protocol("davs", 1, 1));

        assertThat(PathRse.of("A", protocols, Map.of("available_for_multihop", true)).availableForMultihop()).isTrue();
        assertThat(PathRse.of("A", protocols, Map.of("available_for_multihop", "True")).availableForMultihop()).isTrue();
        assertThat(PathRse.of("A", protocols, Map.of("available_for_multihop", "false")).availableForMultihop()).isFalse();
        assertThat(PathRse.of("A", protocols, Map.of()).availableForMultihop()).isFalse();
        assertThat(PathRse.of("A", protocols, Map.of("hop_penalty", 25)).hopPenalty()).hasValue(25);
        assertThat(PathRse.of("A", protocols, Map.of("hop_penalty", "7")).hopPenalty()).hasValue(7);
        assertThat(PathRse.of("A", protocols, Map.of("hop_penalty", "high")).hopPenalty()).isEmpty();
        assertThat(PathRse.of("A", protocols, Map.of("hop_penalty", -3)).hopPenalty()).isEmpty();
    }

    @Test
    void refusesNegativeDistancesAndSettings() {
        assertThatThrownBy(() -> RseGraph.builder().distance("A", "B", -1).build()).hasMessageContaining("A to B");
        assertThatThrownBy(() -> new PathFinder(0, 10)).hasMessageContaining("maxHops");
        assertThatThrownBy(() -> new PathFinder(3, -1)).hasMessageContaining("defaultHopPenalty");
    }
}
