package org.laguna.core.rse;

import java.util.Map;
import org.laguna.core.rse.lfn2pfn.Lfn2PfnAlgorithm;
import org.laguna.core.rse.lfn2pfn.PfnBuilder;
import org.laguna.core.rse.lfn2pfn.PfnStyle;

/**
 * Paths and PFNs of files on deterministic RSEs, by algorithm name and protocol fields. The work is
 * done by {@link Lfn2PfnAlgorithm} and {@link PfnBuilder}; this class is the short way in.
 */
public final class Lfn2Pfn {
    /** Rucio's default algorithm. */
    public static final String DEFAULT_ALGORITHM = Lfn2PfnAlgorithm.HASH.rucioName();

    /** The RSE attribute naming the algorithm of a deterministic RSE. */
    public static final String ALGORITHM_ATTRIBUTE = "lfn2pfn_algorithm";

    private Lfn2Pfn() {
    }

    /** The algorithm an RSE with these attributes lays its files out by: its {@value #ALGORITHM_ATTRIBUTE}, or the default. */
    public static String algorithm(Map<String, Object> rseAttributes) {
        return String.valueOf(rseAttributes.getOrDefault(ALGORITHM_ATTRIBUTE, DEFAULT_ALGORITHM));
    }

    /** The path (relative to a protocol's prefix) of a file under the named algorithm; null means the default. */
    public static String path(String algorithm, String scope, String name) {
        return Lfn2PfnAlgorithm.named(algorithm).path(scope, name);
    }

    /**
     * The PFN of a path when the protocol implementation is not known: the {@code file} scheme
     * leaves the port out as Rucio's POSIX protocol does; other schemes write it.
     */
    public static String pfn(String scheme, String hostname, int port, String prefix, String path) {
        return new PfnBuilder(PfnStyle.forScheme(scheme), scheme, hostname, port, prefix, Map.of()).pfn(path);
    }

    /** The PFN of a path as the protocol implementation {@code impl} of Rucio writes it. */
    public static String pfn(String impl, String scheme, String hostname, int port, String prefix,
                             Map<String, Object> extendedAttributes, String path) {
        return PfnBuilder.forProtocol(impl, scheme, hostname, port, prefix, extendedAttributes).pfn(path);
    }
}
