package org.laguna.core.replica;

import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseRepository;

/** From a PFN back to the replica it names. */
final class PfnPaths {
    private PfnPaths() {
    }

    /** The path after a protocol's {@code scheme://host[:port]prefix}, for the first protocol that the PFN starts with. */
    static Optional<String> relativePath(List<RseProtocol> protocols, String pfn) {
        for (RseProtocol protocol : protocols) {
            String base = protocol.pfn("");
            if (pfn.startsWith(base) && pfn.length() > base.length()) {
                return Optional.of(pfn.substring(base.length()));
            }
        }
        return Optional.empty();
    }

    /** The RSE and file that a PFN names, if any RSE's protocol and path scheme explain it. */
    static Optional<Map.Entry<Rse, DidKey>> resolve(Tx tx, RseRepository rses, List<Rse> candidates, String pfn) {
        for (Rse rse : candidates) {
            Optional<String> path = relativePath(rses.protocols(tx, rse.id()), pfn);
            if (path.isEmpty()) {
                continue;
            }
            Optional<DidKey> file;
            if (rse.deterministic()) {
                String algorithm = String.valueOf(rses.attributes(tx, rse.id()).getOrDefault("lfn2pfn_algorithm", Lfn2Pfn.DEFAULT_ALGORITHM));
                file = fromDeterministicPath(algorithm, path.get());
            } else {
                file = tx.queryOne("select scope, name from replicas where rse_id = ? and path = ?",
                        rs -> new DidKey(rs.getString(1), rs.getString(2)), rse.id(), path.get());
            }
            if (file.isPresent()) {
                return Optional.of(new AbstractMap.SimpleEntry<>(rse, file.get()));
            }
        }
        return Optional.empty();
    }

    /** Inverts the hash layout {@code scope-path/xx/yy/name} (checked against the md5) or the identity layout. */
    static Optional<DidKey> fromDeterministicPath(String algorithm, String path) {
        String[] parts = path.split("/");
        for (int i = 1; i + 2 < parts.length; i++) {
            String scopePath = String.join("/", java.util.Arrays.copyOfRange(parts, 0, i));
            String name = String.join("/", java.util.Arrays.copyOfRange(parts, "hash".equals(algorithm) ? i + 2 : i, parts.length));
            for (String scope : List.of(scopePath, scopePath.replace('/', '.'))) {
                try {
                    if (Lfn2Pfn.path(algorithm, scope, name).equals(path)) {
                        return Optional.of(new DidKey(scope, name));
                    }
                } catch (RuntimeException invalid) {
                    // not a valid scope or name: try the next split
                }
            }
        }
        if (!"hash".equals(algorithm) && parts.length >= 2) {
            return Optional.of(new DidKey(parts[0], String.join("/", java.util.Arrays.copyOfRange(parts, 1, parts.length))));
        }
        return Optional.empty();
    }

}
