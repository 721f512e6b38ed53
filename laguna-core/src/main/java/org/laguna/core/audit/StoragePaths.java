package org.laguna.core.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * Paths of an RSE's files relative to its protocol's root, as both sides of a check write them:
 * a listing gives PFNs, a dump gives PFNs, paths under the prefix or relative paths. A path
 * holding a tab or a line break cannot be compared this way and is left out, and so is one with a
 * {@code ..} segment, which could name a file outside the RSE.
 */
record StoragePaths(String basePfn, String prefix) {
    StoragePaths {
        Objects.requireNonNull(basePfn, "basePfn is null");
        prefix = prefix == null ? "" : prefix.endsWith("/") ? prefix : prefix + "/";
    }

    Optional<String> relative(String entry) {
        String path;
        if (entry.contains("://")) {
            if (!entry.startsWith(basePfn)) {
                return Optional.empty();
            }
            path = entry.substring(basePfn.length());
        } else if (!prefix.equals("/") && entry.startsWith(prefix)) {
            path = entry.substring(prefix.length());
        } else {
            path = entry;
        }
        path = clean(path);
        boolean unusable = path.isEmpty() || path.indexOf('\t') >= 0 || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0
                || ("/" + path + "/").contains("/../");
        return unusable ? Optional.empty() : Optional.of(path);
    }

    /** Without leading slashes, so that {@code /a/b} and {@code a/b} are one path. */
    static String clean(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        return path.substring(start);
    }
}
