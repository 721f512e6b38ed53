package org.laguna.core.replica;

import java.util.List;
import java.util.Optional;
import org.laguna.core.did.DidKey;

/** What {@code list_replicas} asks for: DIDs (files or collections, resolved to files), filters and options. */
public record ReplicaListRequest(
        List<DidKey> dids,
        Optional<List<String>> schemes,
        Optional<String> rseExpression,
        String domain,
        boolean allStates,
        boolean resolveParents,
        Optional<Integer> nrandom,
        Optional<Integer> signatureLifetime) {
    public ReplicaListRequest {
        dids = List.copyOf(dids);
        schemes = schemes.map(List::copyOf);
    }
}
