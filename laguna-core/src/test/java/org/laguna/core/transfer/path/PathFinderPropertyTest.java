package org.laguna.core.transfer.path;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.laguna.core.rse.RseProtocol;

/**
 * Compares the path finder with a brute-force search over every simple path of small random
 * graphs: same cost, same RSEs, same reason when there is no path.
 */
class PathFinderPropertyTest {
    private static final List<String> SCHEMES = List.of("davs", "https", "s3", "s3s", "root", "file");

    /** The best path by brute force: (cost, hops, names), or empty. */
    private record Candidate(List<String> rses, long cost) {
    }

    @Test
    void agreesWithBruteForceOnRandomGraphs() {
        for (long seed = 0; seed < 3000; seed++) {
            Random random = new Random(seed);
            int size = 2 + random.nextInt(5);
            RseGraph.Builder builder = RseGraph.builder();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                String name = "R" + i;
                names.add(name);
                List<RseProtocol> protocols = new ArrayList<>();
                int count = 1 + random.nextInt(2);
                for (int p = 0; p < count; p++) {
                    protocols.add(new RseProtocol(SCHEMES.get(random.nextInt(SCHEMES.size())), "h" + p, 443, "", null, 1, 1, 1, 1, 1, 1,
                            random.nextInt(3) - 1, random.nextInt(3) - 1, null)); // -1: unsupported
                }
                OptionalInt penalty = random.nextInt(4) == 0 ? OptionalInt.of(random.nextInt(5)) : OptionalInt.empty();
                builder.rse(new PathRse(name, protocols, random.nextInt(3) > 0, penalty));
            }
            for (String from : names) {
                for (String to : names) {
                    if (!from.equals(to) && random.nextInt(10) < 6) {
                        builder.distance(from, to, random.nextInt(6));
                    }
                }
            }
            RseGraph graph = builder.build();
            String destination = names.get(random.nextInt(size));
            Set<String> sources = new TreeSet<>();
            for (String name : names) {
                if (!name.equals(destination) && random.nextInt(3) == 0) {
                    sources.add(name);
                }
            }
            if (sources.isEmpty()) {
                sources.add(names.get((names.indexOf(destination) + 1) % size));
            }
            int maxHops = 1 + random.nextInt(4);
            int defaultPenalty = random.nextInt(4);

            PathResult result = new PathFinder(maxHops, defaultPenalty).find(graph, sources, destination);

            Optional<Candidate> expected = bruteForce(graph, sources, destination, maxHops, defaultPenalty, true);
            String context = "seed " + seed + ", graph " + graph + ", sources " + sources + ", destination " + destination + ", maxHops " + maxHops;
            if (expected.isPresent()) {
                assertThat(result).as(context).isInstanceOf(PathResult.Found.class);
                TransferPath path = result.path().orElseThrow();
                assertThat(path.cost()).as(context).isEqualTo(expected.get().cost());
                assertThat(path.rses()).as(context).isEqualTo(expected.get().rses());
                checkHops(graph, path, context);
            } else {
                assertThat(result).as(context).isInstanceOf(PathResult.NotFound.class);
                PathResult.Reason expectedReason;
                if (bruteForce(graph, sources, destination, size, defaultPenalty, true).isPresent()) {
                    expectedReason = PathResult.Reason.TOO_MANY_HOPS;
                } else if (bruteForce(graph, sources, destination, size, defaultPenalty, false).isPresent()) {
                    expectedReason = PathResult.Reason.NO_COMPATIBLE_PROTOCOL;
                } else {
                    expectedReason = PathResult.Reason.NO_LINK;
                }
                assertThat(((PathResult.NotFound) result).reason()).as(context).isEqualTo(expectedReason);
            }
        }
    }

    /** Every hop follows a distance, uses protocols that can copy, and passes only flagged RSEs. */
    private static void checkHops(RseGraph graph, TransferPath path, String context) {
        for (int i = 0; i < path.hops().size(); i++) {
            Hop hop = path.hops().get(i);
            assertThat(graph.distances().get(hop.source())).as(context).containsEntry(hop.destination(), hop.distance());
            assertThat(hop.sourceProtocol().thirdPartyCopyRead()).as(context).isNotNegative();
            assertThat(hop.destinationProtocol().thirdPartyCopyWrite()).as(context).isNotNegative();
            assertThat(SchemeCompatibility.compatible(hop.sourceProtocol().scheme(), hop.destinationProtocol().scheme())).as(context).isTrue();
            assertThat(graph.rses().get(hop.source()).protocols()).as(context).contains(hop.sourceProtocol());
            assertThat(graph.rses().get(hop.destination()).protocols()).as(context).contains(hop.destinationProtocol());
            if (i > 0) {
                assertThat(graph.rses().get(hop.source()).availableForMultihop()).as(context).isTrue();
            }
        }
    }

    private static Optional<Candidate> bruteForce(RseGraph graph, Set<String> sources, String destination, int maxHops, int defaultPenalty,
            boolean protocolsMatter) {
        List<Candidate> all = new ArrayList<>();
        for (String source : sources) {
            List<String> start = new ArrayList<>(List.of(source));
            walk(graph, start, 0, destination, maxHops, defaultPenalty, protocolsMatter, all);
        }
        Comparator<Candidate> order = Comparator.comparingLong(Candidate::cost)
                .thenComparingInt(c -> c.rses().size())
                .thenComparing(c -> String.join(" ", c.rses()));
        return all.stream().min(order);
    }

    private static void walk(RseGraph graph, List<String> path, long cost, String destination, int maxHops, int defaultPenalty,
            boolean protocolsMatter, List<Candidate> found) {
        String at = path.get(path.size() - 1);
        if (at.equals(destination)) {
            found.add(new Candidate(List.copyOf(path), cost));
            return;
        }
        if (path.size() - 1 == maxHops) {
            return;
        }
        boolean intermediate = path.size() > 1;
        if (intermediate && !graph.rses().get(at).availableForMultihop()) {
            return;
        }
        long penalty = intermediate ? graph.rses().get(at).hopPenalty().orElse(defaultPenalty) : 0;
        graph.distances().getOrDefault(at, java.util.Map.of()).forEach((to, distance) -> {
            if (path.contains(to) || (protocolsMatter && !canCopy(graph.rses().get(at), graph.rses().get(to)))) {
                return;
            }
            path.add(to);
            walk(graph, path, cost + penalty + distance, destination, maxHops, defaultPenalty, protocolsMatter, found);
            path.remove(path.size() - 1);
        });
    }

    private static boolean canCopy(PathRse from, PathRse to) {
        for (RseProtocol reader : from.protocols()) {
            for (RseProtocol writer : to.protocols()) {
                if (reader.thirdPartyCopyRead() >= 0 && writer.thirdPartyCopyWrite() >= 0
                        && SchemeCompatibility.compatible(reader.scheme(), writer.scheme())) {
                    return true;
                }
            }
        }
        return false;
    }
}
