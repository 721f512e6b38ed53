package org.laguna.core.replica;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
import org.laguna.core.did.DidKey;
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

    /**
     * One replica row of a file: its own replica, or (with {@code archive}) a replica of an archive
     * holding it, whose {@code path} is the archive's.
     */
    public record Copy(UUID rseId, String path, ReplicaState state, DidKey archive) {
        public Copy(UUID rseId, String path, ReplicaState state) {
            this(rseId, path, state, null);
        }
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
            states.putIfAbsent(view.rse().name(), copy.state());
            String stored = copy.archive() == null ? scope : copy.archive().scope();
            String storedName = copy.archive() == null ? name : copy.archive().name();
            String path = copy.path() != null ? copy.path()
                    : view.rse().deterministic() ? Lfn2Pfn.path(view.lfn2pfnAlgorithm(), stored, storedName) : null;
            if (path == null) {
                continue;
            }
            for (RseProtocol protocol : view.readProtocols()) {
                entries.add(copy.archive() == null
                        ? new Entry(view.sign().apply(protocol.pfn(path)), view, view.domain(), protocol.priority(view.domain(), "read"), false)
                        : inArchive(view.sign().apply(protocol.pfn(path)), view, protocol, name));
            }
        }
        entries.sort(Comparator.comparing(Entry::domain).thenComparingInt(Entry::priority).thenComparing(Entry::pfn));
        List<ReplicaListing.Pfn> pfns = new ArrayList<>(entries.size());
        Set<String> seen = new HashSet<>();
        int rank = 1;
        for (Entry entry : entries) {
            if (!seen.add(entry.pfn)) {
                continue;
            }
            Rse rse = entry.view.rse();
            pfns.add(new ReplicaListing.Pfn(entry.pfn, rse.id(), rse.name(), rse.rseType(), rse.volatileRse(), entry.domain(), rank++,
                    entry.clientExtract()));
        }
        return new ReplicaListing(scope, name, bytes, md5, adler32, pfns, states);
    }

    /**
     * A PFN of a file read through the archive holding it, as Rucio gives it: the archive's PFN with
     * {@code xrdcl.unzip=NAME}, in domain {@code zip}; xroot reads inside the archive itself (first,
     * nothing to extract), other protocols leave the extraction to the client.
     */
    private static Entry inArchive(String archivePfn, RseView view, RseProtocol protocol, String name) {
        String pfn = archivePfn + (archivePfn.contains("?") ? "&" : "?") + "xrdcl.unzip=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        boolean xroot = protocol.scheme().equals("root");
        return new Entry(pfn, view, "zip", xroot ? -1 : protocol.priority(view.domain(), "read"), !xroot);
    }

    private record Entry(String pfn, RseView view, String domain, int priority, boolean clientExtract) {
    }
}
