package org.laguna.core.replica;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.laguna.core.common.ReplicaState;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;

/**
 * Builds the per-file answer of {@code list_replicas}: PFNs for every readable protocol of every
 * RSE holding the file, ranked globally (domain, protocol priority, PFN) from 1, and grouped per RSE.
 */
public final class ReplicaPfns {
    /** What listing needs to know about one RSE; loaded once per listing. */
    public record RseView(Rse rse, String lfn2pfnAlgorithm, List<RseProtocol> readProtocols, String domain,
            UnaryOperator<String> sign) {
    }

    /** One replica row of a file. */
    public record Copy(UUID rseId, String path, ReplicaState state) {
    }

    private ReplicaPfns() {
    }

    /** The readable protocols of an RSE in a domain, filtered by schemes, best first. */
    public static List<RseProtocol> readable(List<RseProtocol> protocols, String domain, Optional<List<String>> schemes) {
        return protocols.stream()
                .filter(p -> schemes.isEmpty() || schemes.get().contains(p.scheme()))
                .filter(p -> p.supports(domain, "read"))
                .sorted(Comparator.comparingInt(p -> p.priority(domain, "read")))
                .toList();
    }

    public static ReplicaListing file(String scope, String name, Long bytes, String md5, String adler32,
            List<Copy> copies, Map<UUID, RseView> rses) {
        Map<String, ReplicaState> states = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Copy copy : copies) {
            RseView view = rses.get(copy.rseId());
            if (view == null) {
                continue;
            }
            states.put(view.rse().name(), copy.state());
            String path = copy.path() != null ? copy.path()
                    : view.rse().deterministic() ? Lfn2Pfn.path(view.lfn2pfnAlgorithm(), scope, name) : null;
            if (path == null) {
                continue;
            }
            for (RseProtocol protocol : view.readProtocols()) {
                entries.add(new Entry(view.sign().apply(protocol.pfn(path)), view, protocol.priority(view.domain(), "read")));
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> e.view.domain()).thenComparingInt(Entry::priority).thenComparing(Entry::pfn));
        List<ReplicaListing.Pfn> pfns = new ArrayList<>(entries.size());
        Set<String> seen = new HashSet<>();
        int rank = 1;
        for (Entry entry : entries) {
            if (!seen.add(entry.pfn)) {
                continue;
            }
            Rse rse = entry.view.rse();
            pfns.add(new ReplicaListing.Pfn(entry.pfn, rse.id(), rse.name(), rse.rseType(), rse.volatileRse(), entry.view.domain(), rank++));
        }
        return new ReplicaListing(scope, name, bytes, md5, adler32, pfns, states);
    }

    private record Entry(String pfn, RseView view, int priority) {
    }
}
