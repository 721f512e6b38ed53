package org.laguna.core.transfer.path;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The RSEs and the distances between them (a link exists only where a distance is set, one way).
 */
public record RseGraph(Map<String, PathRse> rses, Map<String, Map<String, Integer>> distances) {
    public RseGraph {
        rses = Map.copyOf(Objects.requireNonNull(rses, "rses is null"));
        Map<String, Map<String, Integer>> copy = new HashMap<>();
        Objects.requireNonNull(distances, "distances is null").forEach((source, targets) -> {
            Map<String, Integer> row = new TreeMap<>();
            targets.forEach((target, distance) -> {
                if (distance == null || distance < 0) {
                    throw new IllegalArgumentException("distance from " + source + " to " + target + " must not be negative, got " + distance);
                }
                if (!source.equals(target)) {
                    row.put(target, distance);
                }
            });
            copy.put(source, Collections.unmodifiableMap(row));
        });
        distances = Map.copyOf(copy);
    }

    /** The links out of an RSE, by target name in name order. */
    Map<String, Integer> linksFrom(String rse) {
        return distances.getOrDefault(rse, Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects RSEs and distances. */
    public static final class Builder {
        private final Map<String, PathRse> rses = new HashMap<>();
        private final Map<String, Map<String, Integer>> distances = new HashMap<>();

        public Builder rse(PathRse rse) {
            rses.put(rse.name(), rse);
            return this;
        }

        public Builder distance(String source, String destination, int distance) {
            distances.computeIfAbsent(source, k -> new HashMap<>()).put(destination, distance);
            return this;
        }

        public RseGraph build() {
            return new RseGraph(rses, distances);
        }
    }
}
