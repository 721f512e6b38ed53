package org.laguna.core.dirac;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.laguna.core.did.DidKey;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** DIRAC's hierarchical names: the scope of a path and the directories above a file, as Rucio's dirac module reads them. */
final class DiracNames {
    private DiracNames() {
    }

    /** Rucio's {@code dirac} scope extraction: the path's second element, or its first when it has only one. */
    static DidKey did(String path) {
        String trimmed = path;
        while (trimmed.endsWith("/") && trimmed.length() > 1) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        String[] elements = trimmed.split("/", -1);
        if (elements.length < 2 || elements[1].isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Cannot extract a scope from '" + path + "'");
        }
        String scope = elements.length > 2 ? elements[2] : elements[1];
        return new DidKey(scope, path);
    }

    /** The directories above a name, nearest first: {@code /a/b/c/f} gives {@code /a/b/c}, {@code /a/b}, {@code /a}. */
    static List<String> parents(String name) {
        List<String> parts = Arrays.asList(name.split("/", -1));
        List<String> parents = new ArrayList<>();
        for (int end = parts.size() - 1; end >= 2; end--) {
            parents.add(String.join("/", parts.subList(0, end)));
        }
        return parents;
    }
}
