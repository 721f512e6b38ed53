package org.laguna.cli;

import java.util.Arrays;
import java.util.Optional;

/**
 * How {@code laguna import} names a file found at a path: on a non-deterministic RSE from the path
 * ({@link NameFrom}), on a deterministic one from where the RSE's layout puts it.
 */
final class ImportNames {
    /** Where a file's name comes from on a non-deterministic RSE. */
    enum NameFrom {
        /** The path below the RSE's protocol prefix, e.g. {@code 2019/run02/a.raw}: unique by construction. */
        path,
        /** The last part of the path, e.g. {@code a.raw}: two files of one name in different directories collide. */
        basename
    }

    private ImportNames() {
    }

    /** The name a path gives under a rule. */
    static String name(NameFrom from, String relativePath) {
        String path = trimSlashes(relativePath);
        return from == NameFrom.basename ? path.substring(path.lastIndexOf('/') + 1) : path;
    }

    /**
     * The name of the file at this path on a deterministic RSE, read back from its layout: below the
     * scope's directory, after the two hash directories for {@code hash}, directly for {@code identity}.
     * Empty when the path is not in the layout.
     */
    static Optional<String> fromLayout(String algorithm, String scope, String relativePath) {
        String path = trimSlashes(relativePath);
        String directory = scope.startsWith("user") || scope.startsWith("group") ? scope.replace('.', '/') : scope;
        if (!path.startsWith(directory + "/")) {
            return Optional.empty();
        }
        String[] parts = path.substring(directory.length() + 1).split("/");
        if ("identity".equals(algorithm)) {
            return Optional.of(String.join("/", parts));
        }
        if (parts.length < 3 || !parts[0].matches("[0-9a-f]{2}") || !parts[1].matches("[0-9a-f]{2}")) {
            return Optional.empty();
        }
        return Optional.of(String.join("/", Arrays.copyOfRange(parts, 2, parts.length)));
    }

    /** How the layout names files, for messages. */
    static String layout(String algorithm) {
        return "identity".equals(algorithm) ? "SCOPE/NAME" : "SCOPE/xx/yy/NAME";
    }

    static String trimSlashes(String text) {
        String t = text == null ? "" : text;
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
