package org.laguna.core.replica;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.laguna.core.common.ReplicaState;

/**
 * One file of a replica listing: its identity, size and checksums, the PFNs to read it from ranked
 * best first, and the state of its replica on each RSE that holds it.
 *
 * @param pfns   distinct PFNs, best first; {@link Pfn#priority()} counts from 1 in this order
 * @param states replica state per RSE name, in the order the replicas were found
 */
public record ReplicaListing(String scope, String name, Long bytes, String md5, String adler32,
        List<Pfn> pfns, Map<String, ReplicaState> states) {

    /**
     * One PFN of a file with the RSE it reads from and its rank among all PFNs of the file;
     * {@code clientExtract} when the PFN is of an archive that the client unpacks the file from.
     */
    public record Pfn(String url, UUID rseId, String rse, String rseType, boolean volatileRse, String domain, int priority,
            boolean clientExtract) {
    }

    /** The PFNs grouped per RSE name, RSEs in the order of their best PFN, PFNs best first. */
    public Map<String, List<String>> pfnsByRse() {
        Map<String, List<String>> byRse = new LinkedHashMap<>();
        for (Pfn pfn : pfns) {
            byRse.computeIfAbsent(pfn.rse(), k -> new ArrayList<>()).add(pfn.url());
        }
        return byRse;
    }
}
