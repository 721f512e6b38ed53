package org.laguna.core.replica;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
            java.util.function.UnaryOperator<String> sign) {
    }

    /** One replica row of a file. */
    public record Copy(UUID rseId, String path, String state) {
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

    public static Map<String, Object> file(String scope, String name, Long bytes, String md5, String adler32,
            List<Copy> copies, Map<UUID, RseView> rses) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("scope", scope);
        file.put("name", name);
        file.put("bytes", bytes);
        file.put("md5", md5);
        file.put("adler32", adler32);
        Map<String, Map<String, Object>> pfns = new LinkedHashMap<>();
        Map<String, List<String>> byRse = new LinkedHashMap<>();
        Map<String, String> states = new LinkedHashMap<>();
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
        int rank = 1;
        for (Entry entry : entries) {
            if (pfns.containsKey(entry.pfn)) {
                continue;
            }
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("rse_id", entry.view.rse().id().toString());
            value.put("rse", entry.view.rse().name());
            value.put("type", entry.view.rse().rseType());
            value.put("volatile", entry.view.rse().volatileRse());
            value.put("domain", entry.view.domain());
            value.put("priority", rank++);
            value.put("client_extract", false);
            pfns.put(entry.pfn, value);
        }
        pfns.forEach((pfn, value) -> byRse.computeIfAbsent((String) value.get("rse"), k -> new ArrayList<>()).add(pfn));
        file.put("pfns", pfns);
        file.put("rses", byRse);
        file.put("states", states);
        return file;
    }

    private record Entry(String pfn, RseView view, int priority) {
    }
}
