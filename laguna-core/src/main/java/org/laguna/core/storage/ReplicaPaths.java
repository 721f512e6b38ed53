package org.laguna.core.storage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.common.Names;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseRepository;
import org.laguna.spi.error.LagunaException;

/** Which file a path on an RSE (below a protocol's prefix) belongs to. */
public final class ReplicaPaths {
    private ReplicaPaths() {
    }

    /**
     * A file that a path belongs to. With a replica state, the RSE holds a replica of the file at
     * that path; without, the RSE holds none and the path is where its deterministic layout would
     * put the file.
     */
    public record PathOwner(DidKey file, Optional<String> replicaState) {
    }

    /**
     * The replicas stored at the path; if there are none, the files that a deterministic RSE's
     * layout puts there (more than one only where the layout is ambiguous, as {@code identity}
     * is for {@code user.*} scopes); empty for a path of a non-deterministic RSE that no replica has.
     */
    public static List<PathOwner> owners(Tx tx, RseRepository rses, Rse rse, String path) {
        if (!rse.deterministic()) {
            return tx.query("select scope, name, state from replicas where rse_id = ? and path in (?, ?) order by scope, name",
                    rs -> new PathOwner(new DidKey(rs.getString(1), rs.getString(2)), Optional.of(rs.getString(3))),
                    rse.id(), path, "/" + path);
        }
        String algorithm = Lfn2Pfn.algorithm(rses.attributes(tx, rse.id()));
        List<DidKey> files = layoutFiles(algorithm, path);
        List<PathOwner> replicas = new ArrayList<>();
        for (DidKey file : files) {
            tx.queryOne("select state from replicas where scope = ? and name = ? and rse_id = ?", rs -> rs.getString(1),
                    file.scope(), file.name(), rse.id()).ifPresent(state -> replicas.add(new PathOwner(file, Optional.of(state))));
        }
        if (!replicas.isEmpty()) {
            return List.copyOf(replicas);
        }
        return files.stream().map(file -> new PathOwner(file, Optional.empty())).toList();
    }

    /** Every valid file whose path under the algorithm is exactly this one. */
    static List<DidKey> layoutFiles(String algorithm, String path) {
        String[] parts = path.split("/", -1);
        Set<DidKey> files = new LinkedHashSet<>();
        for (int scopeEnd = 1; scopeEnd < parts.length; scopeEnd++) {
            String scopeDirectory = String.join("/", Arrays.copyOfRange(parts, 0, scopeEnd));
            for (String scope : List.of(scopeDirectory, scopeDirectory.replace('/', '.'))) {
                for (int nameStart = scopeEnd; nameStart <= scopeEnd + 2 && nameStart < parts.length; nameStart += 2) {
                    String name = String.join("/", Arrays.copyOfRange(parts, nameStart, parts.length));
                    if (valid(scope, name) && Lfn2Pfn.path(algorithm, scope, name).equals(path)) {
                        files.add(new DidKey(scope, name));
                    }
                }
            }
        }
        return List.copyOf(files);
    }

    private static boolean valid(String scope, String name) {
        try {
            Names.scope(scope);
            Names.name(name);
            return true;
        } catch (LagunaException invalid) {
            return false;
        }
    }
}
