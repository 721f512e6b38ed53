package org.laguna.core.rse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Maps logical file names to storage paths and PFNs on deterministic RSEs, with Rucio's built-in
 * algorithms: {@code hash} (the default: two directory levels from the md5 of {@code scope:name})
 * and {@code identity} ({@code scope/name}). Scopes starting with {@code user} or {@code group}
 * become directories at their dots.
 */
public final class Lfn2Pfn {
    public static final String DEFAULT_ALGORITHM = "hash";

    private Lfn2Pfn() {
    }

    /** The path (relative to a protocol's prefix) of a file under the named algorithm. */
    public static String path(String algorithm, String scope, String name) {
        String scopePath = scope.startsWith("user") || scope.startsWith("group") ? scope.replace('.', '/') : scope;
        return switch (algorithm == null ? DEFAULT_ALGORITHM : algorithm) {
            case "hash" -> {
                String hash = md5(scope + ":" + name);
                yield scopePath + "/" + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/" + name;
            }
            case "identity" -> scopePath + "/" + name;
            default -> throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                    "Unknown lfn2pfn_algorithm '" + algorithm + "': known are hash, identity");
        };
    }

    /**
     * The PFN of a path under a protocol: {@code scheme://host[:port]/prefix/path}. The port is left
     * out for the {@code file} scheme (as POSIX protocols do) and written otherwise.
     */
    public static String pfn(String scheme, String hostname, int port, String prefix, String path) {
        String normalisedPrefix = prefix == null || prefix.isEmpty() ? "/" : prefix;
        if (!normalisedPrefix.startsWith("/")) {
            normalisedPrefix = "/" + normalisedPrefix;
        }
        if (!normalisedPrefix.endsWith("/")) {
            normalisedPrefix = normalisedPrefix + "/";
        }
        String relative = path.startsWith("/") ? path.substring(1) : path;
        StringBuilder pfn = new StringBuilder(scheme).append("://").append(hostname == null ? "" : hostname);
        if (!"file".equals(scheme)) {
            pfn.append(':').append(port);
        }
        return pfn.append(normalisedPrefix).append(relative).toString();
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
