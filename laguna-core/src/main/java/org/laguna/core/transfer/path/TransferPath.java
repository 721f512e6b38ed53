package org.laguna.core.transfer.path;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A way from a source RSE to the destination: one hop for a direct copy, more through
 * intermediate RSEs.
 *
 * @param hops the copies in order, at least one
 * @param cost the sum of the hops' distances and of the hop penalties of the intermediate RSEs
 */
public record TransferPath(List<Hop> hops, long cost) {
    public TransferPath {
        hops = List.copyOf(Objects.requireNonNull(hops, "hops is null"));
        if (hops.isEmpty()) {
            throw new IllegalArgumentException("a path has at least one hop");
        }
    }

    public String source() {
        return hops.get(0).source();
    }

    public String destination() {
        return hops.get(hops.size() - 1).destination();
    }

    public boolean multihop() {
        return hops.size() > 1;
    }

    /** The RSEs in order, source first. */
    public List<String> rses() {
        List<String> rses = new ArrayList<>();
        rses.add(source());
        hops.forEach(hop -> rses.add(hop.destination()));
        return rses;
    }
}
