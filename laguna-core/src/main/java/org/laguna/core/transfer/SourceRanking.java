package org.laguna.core.transfer;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The order in which a file's sources are tried, with no I/O: only the RSEs a rule's
 * {@code source_replica_expression} allows (all when there is none); a source that failed the
 * previous attempt last; then nearer first (distance; pairs without one are farthest), the better
 * (lower) WAN read priority, and the RSE name.
 */
final class SourceRanking {
    /** Distance for a pair of RSEs that has none in the table {@code distances}. */
    static final int NO_DISTANCE = Integer.MAX_VALUE;

    private SourceRanking() {
    }

    /** A replica that could be read for a transfer. */
    record Candidate(UUID rseId, String rse, int distance, int readPriority) {
        Candidate {
            Objects.requireNonNull(rseId, "rseId is null");
            Objects.requireNonNull(rse, "rse is null");
        }
    }

    /**
     * @param allowed the RSEs the rule allows as sources, or null for any
     * @param failedBefore the source of the previous failed attempt, or null
     */
    static List<Candidate> rank(List<Candidate> candidates, Set<UUID> allowed, UUID failedBefore) {
        return candidates.stream()
                .filter(c -> allowed == null || allowed.contains(c.rseId()))
                .sorted(Comparator.<Candidate>comparingInt(c -> c.rseId().equals(failedBefore) ? 1 : 0)
                        .thenComparingInt(Candidate::distance)
                        .thenComparingInt(Candidate::readPriority)
                        .thenComparing(Candidate::rse))
                .toList();
    }
}
