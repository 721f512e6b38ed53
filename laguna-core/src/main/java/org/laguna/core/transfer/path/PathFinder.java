package org.laguna.core.transfer.path;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.laguna.core.rse.RseProtocol;

/**
 * Finds the cheapest way to copy a file from one of several source RSEs to a destination RSE,
 * directly or through intermediate RSEs (multi-hop), the way Rucio plans paths for FTS3.
 *
 * <ul>
 *   <li>A hop goes from RSE A to RSE B only if a distance from A to B is set, A has a protocol
 *       that allows third-party-copy read, B one that allows third-party-copy write, and their
 *       schemes are the same or interchangeable ({@link SchemeCompatibility}). Of the pairs that
 *       fit, the one with the best destination priority wins, then the best source priority, then
 *       names (scheme, host, port) so the choice never depends on input order.</li>
 *   <li>An RSE between the source and the destination must be available for multi-hop, and adds
 *       its hop penalty (its own, or the finder's default) to the path's cost.</li>
 *   <li>The cost of a path is the sum of its hops' distances and of its intermediates' penalties.
 *       The cheapest path wins; between equal costs, the one with fewer hops; then the one whose
 *       RSE names come first in order. A path never visits an RSE twice.</li>
 *   <li>A path has at most {@code maxHops} hops ({@code 1} allows only direct copies).</li>
 * </ul>
 *
 * <p>The search keeps, for each RSE and each number of hops, the best path that reaches it (a
 * shortest-path search by layers of hops; distances are never negative, so the best path to the
 * destination is among those kept). It is pure: no I/O, no clock, no randomness.
 */
public final class PathFinder {
    public static final int DEFAULT_MAX_HOPS = 3;
    public static final int DEFAULT_HOP_PENALTY = 10;

    private static final Comparator<RseProtocol> BY_NAME = Comparator.comparing(RseProtocol::scheme)
            .thenComparing(RseProtocol::hostname)
            .thenComparingInt(RseProtocol::port)
            .thenComparing(RseProtocol::prefix);

    private final int maxHops;
    private final int defaultHopPenalty;

    public PathFinder(int maxHops, int defaultHopPenalty) {
        if (maxHops < 1) {
            throw new IllegalArgumentException("maxHops must be at least 1, got " + maxHops);
        }
        if (defaultHopPenalty < 0) {
            throw new IllegalArgumentException("defaultHopPenalty must not be negative, got " + defaultHopPenalty);
        }
        this.maxHops = maxHops;
        this.defaultHopPenalty = defaultHopPenalty;
    }

    public PathFinder() {
        this(DEFAULT_MAX_HOPS, DEFAULT_HOP_PENALTY);
    }

    /** The cheapest path from one of the sources to the destination, or why there is none. */
    public PathResult find(RseGraph graph, Collection<String> sources, String destination) {
        Objects.requireNonNull(graph, "graph is null");
        Objects.requireNonNull(sources, "sources is null");
        Objects.requireNonNull(destination, "destination is null");
        List<String> knownSources = new TreeSet<>(sources).stream().filter(graph.rses()::containsKey).toList();
        if (knownSources.isEmpty()) {
            return new PathResult.NotFound(PathResult.Reason.NO_SOURCE, sources.isEmpty() ? "No source RSE to copy from"
                    : "None of the source RSEs " + new TreeSet<>(sources) + " is known");
        }
        if (!graph.rses().containsKey(destination)) {
            return new PathResult.NotFound(PathResult.Reason.UNKNOWN_DESTINATION, "The destination RSE " + destination + " is not known");
        }
        if (knownSources.contains(destination)) {
            return new PathResult.NotFound(PathResult.Reason.ALREADY_AT_DESTINATION, "The destination " + destination + " is one of the sources");
        }
        Optional<TransferPath> path = search(graph, knownSources, destination);
        if (path.isPresent()) {
            return new PathResult.Found(path.get());
        }
        Optional<List<String>> longer = fewestHops(graph, knownSources, destination, true);
        if (longer.isPresent()) {
            return new PathResult.NotFound(PathResult.Reason.TOO_MANY_HOPS, "The shortest way from " + knownSources + " to " + destination
                    + " (" + String.join(" -> ", longer.get()) + ") needs " + (longer.get().size() - 1) + " hops, more than the "
                    + maxHops + " allowed");
        }
        if (fewestHops(graph, knownSources, destination, false).isPresent()) {
            return new PathResult.NotFound(PathResult.Reason.NO_COMPATIBLE_PROTOCOL, "Distances link " + knownSources + " to " + destination
                    + ", but no chain of them has on every hop a protocol with third-party-copy read at the source and one with "
                    + "third-party-copy write at the destination of the same or an interchangeable scheme");
        }
        return new PathResult.NotFound(PathResult.Reason.NO_LINK, "No distances lead from " + knownSources + " to " + destination
                + (maxHops > 1 ? ", directly or through RSEs with available_for_multihop=true" : ""));
    }

    /** A partial path: where it stands, its cost, and the RSEs and hops so far. */
    private record Label(String at, long cost, List<String> rses, List<Hop> hops) {
    }

    private static final Comparator<Label> BEST_FIRST = Comparator.comparingLong(Label::cost)
            .thenComparing(Label::rses, PathFinder::compareNames);

    private Optional<TransferPath> search(RseGraph graph, List<String> sources, String destination) {
        Map<String, Label> layer = new HashMap<>();
        for (String source : sources) {
            layer.put(source, new Label(source, 0, List.of(source), List.of()));
        }
        Label best = null;
        for (int hops = 1; hops <= maxHops && !layer.isEmpty(); hops++) {
            Map<String, Label> next = new HashMap<>();
            for (Label label : layer.values()) {
                String at = label.at();
                boolean intermediate = !label.hops().isEmpty();
                if (intermediate && (at.equals(destination) || !graph.rses().get(at).availableForMultihop())) {
                    continue;
                }
                long penalty = intermediate ? hopPenalty(graph.rses().get(at)) : 0;
                for (Map.Entry<String, Integer> link : graph.linksFrom(at).entrySet()) {
                    String to = link.getKey();
                    if (!graph.rses().containsKey(to) || label.rses().contains(to)) {
                        continue;
                    }
                    Optional<Hop> hop = hop(graph.rses().get(at), graph.rses().get(to), link.getValue());
                    if (hop.isEmpty()) {
                        continue;
                    }
                    List<String> rses = new ArrayList<>(label.rses());
                    rses.add(to);
                    List<Hop> path = new ArrayList<>(label.hops());
                    path.add(hop.get());
                    Label extended = new Label(to, label.cost() + penalty + link.getValue(), List.copyOf(rses), List.copyOf(path));
                    next.merge(to, extended, (a, b) -> BEST_FIRST.compare(a, b) <= 0 ? a : b);
                }
            }
            Label arrived = next.get(destination);
            // a path with fewer hops wins a tie on cost, so a later layer must be strictly cheaper
            if (arrived != null && (best == null || arrived.cost() < best.cost())) {
                best = arrived;
            }
            layer = next;
        }
        return best == null ? Optional.empty() : Optional.of(new TransferPath(best.hops(), best.cost()));
    }

    /**
     * The path with the fewest hops whatever the limit and the cost (breadth first, RSEs in name
     * order), to tell why no path fits: linear in the number of links.
     */
    private static Optional<List<String>> fewestHops(RseGraph graph, List<String> sources, String destination, boolean protocolsMatter) {
        Map<String, String> reachedFrom = new HashMap<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        for (String source : sources) {
            reachedFrom.put(source, null);
            queue.add(source);
        }
        while (!queue.isEmpty()) {
            String at = queue.poll();
            if (at.equals(destination)) {
                List<String> path = new ArrayList<>();
                for (String step = at; step != null; step = reachedFrom.get(step)) {
                    path.add(0, step);
                }
                return Optional.of(path);
            }
            boolean intermediate = reachedFrom.get(at) != null;
            if (intermediate && !graph.rses().get(at).availableForMultihop()) {
                continue;
            }
            for (Map.Entry<String, Integer> link : graph.linksFrom(at).entrySet()) {
                String to = link.getKey();
                if (graph.rses().containsKey(to) && !reachedFrom.containsKey(to)
                        && (!protocolsMatter || hop(graph.rses().get(at), graph.rses().get(to), link.getValue()).isPresent())) {
                    reachedFrom.put(to, at);
                    queue.add(to);
                }
            }
        }
        return Optional.empty();
    }

    private long hopPenalty(PathRse rse) {
        return rse.hopPenalty().orElse(defaultHopPenalty);
    }

    /**
     * Whether one RSE can copy to another directly, whatever the distances: the protocols of that
     * hop (as {@link #find} would choose them), or empty when no pair fits.
     */
    public static Optional<Hop> directHop(PathRse from, PathRse to) {
        return hop(from, to, 0);
    }

    /**
     * The protocols of a hop from one RSE to another: third-party-copy read at the source and
     * write at the destination, schemes compatible, best destination priority first.
     */
    static Optional<Hop> hop(PathRse from, PathRse to, int distance) {
        List<RseProtocol> readers = from.protocols().stream().filter(p -> p.thirdPartyCopyRead() != RseProtocol.UNSUPPORTED)
                .sorted(Comparator.comparingInt(RseProtocol::thirdPartyCopyRead).thenComparing(BY_NAME)).toList();
        List<RseProtocol> writers = to.protocols().stream().filter(p -> p.thirdPartyCopyWrite() != RseProtocol.UNSUPPORTED)
                .sorted(Comparator.comparingInt(RseProtocol::thirdPartyCopyWrite).thenComparing(BY_NAME)).toList();
        for (RseProtocol writer : writers) {
            for (RseProtocol reader : readers) {
                if (SchemeCompatibility.compatible(reader.scheme(), writer.scheme())) {
                    return Optional.of(new Hop(from.name(), to.name(), reader, writer, distance));
                }
            }
        }
        return Optional.empty();
    }

    private static int compareNames(List<String> first, List<String> second) {
        for (int i = 0; i < Math.min(first.size(), second.size()); i++) {
            int order = first.get(i).compareTo(second.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(first.size(), second.size());
    }
}
