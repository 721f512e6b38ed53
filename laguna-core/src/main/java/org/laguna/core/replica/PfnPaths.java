package org.laguna.core.replica;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseRepository;

/** From a PFN back to the replica it names, and which stored paths are safe. */
final class PfnPaths {
    /** The longest path the catalogue keeps, in characters (the column's size) and in UTF-8 bytes (the index's limit). */
    static final int MAX_PATH_CHARACTERS = 1024;
    static final int MAX_PATH_BYTES = 2048;

    private PfnPaths() {
    }

    /**
     * Why a path (relative to a protocol's prefix) names its file ambiguously, or empty when it is
     * safe to store: it must have no empty segment ({@code a//b}, a leading or trailing {@code /}),
     * no {@code .} or {@code ..} segment, also percent-encoded in any case ({@code %2e%2E}), and no
     * encoded {@code /} or {@code \} ({@code %2f}, {@code %5c}). Otherwise two different paths
     * could name one file, and a replica could point outside its own place on the storage.
     */
    static Optional<String> unsafe(String path) {
        if (path.length() > MAX_PATH_CHARACTERS || path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            return Optional.of("is longer than " + MAX_PATH_CHARACTERS + " characters or " + MAX_PATH_BYTES + " bytes");
        }
        for (String segment : path.split("/", -1)) {
            String decoded = percentDecoded(segment);
            if (segment.isEmpty()) {
                return Optional.of("has an empty segment (a '//', or a '/' at its start or end)");
            }
            if (decoded.equals(".") || decoded.equals("..")) {
                return Optional.of("contains '" + segment + "' as a segment");
            }
            if (decoded.indexOf('/') >= 0 || decoded.indexOf('\\') >= 0) {
                return Optional.of("has a '\\' or an encoded '/' in '" + segment + "'");
            }
        }
        return Optional.empty();
    }

    /** Percent-escapes decoded up to three times over (as servers that decode twice would), byte by byte. */
    private static String percentDecoded(String text) {
        String current = text;
        for (int round = 0; round < 3 && current.indexOf('%') >= 0; round++) {
            StringBuilder out = new StringBuilder(current.length());
            for (int i = 0; i < current.length(); i++) {
                char c = current.charAt(i);
                if (c == '%' && i + 2 < current.length()
                        && HexFormat.isHexDigit(current.charAt(i + 1)) && HexFormat.isHexDigit(current.charAt(i + 2))) {
                    out.append((char) HexFormat.fromHexDigits(current, i + 1, i + 3));
                    i += 2;
                } else {
                    out.append(c);
                }
            }
            current = out.toString();
        }
        return current;
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
                String algorithm = Lfn2Pfn.algorithm(rses.attributes(tx, rse.id()));
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
            String scopePath = String.join("/", Arrays.copyOfRange(parts, 0, i));
            String name = String.join("/", Arrays.copyOfRange(parts, "hash".equals(algorithm) ? i + 2 : i, parts.length));
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
            return Optional.of(new DidKey(parts[0], String.join("/", Arrays.copyOfRange(parts, 1, parts.length))));
        }
        return Optional.empty();
    }

}
