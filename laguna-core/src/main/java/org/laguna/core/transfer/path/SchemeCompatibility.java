package org.laguna.core.transfer.path;

import java.util.List;
import java.util.Set;

/**
 * Which URL schemes can copy to each other: the same scheme, or two spellings of one protocol
 * (WebDAV over TLS is {@code davs} or {@code https}, as in Rucio's scheme map; S3 is {@code s3}
 * or {@code s3s}).
 */
public final class SchemeCompatibility {
    private static final List<Set<String>> INTERCHANGEABLE = List.of(
            Set.of("https", "davs", "srm+https", "cs3s"),
            Set.of("http", "dav"),
            Set.of("s3", "s3s"));

    private SchemeCompatibility() {
    }

    public static boolean compatible(String sourceScheme, String destinationScheme) {
        if (sourceScheme.equals(destinationScheme)) {
            return true;
        }
        return INTERCHANGEABLE.stream().anyMatch(group -> group.contains(sourceScheme) && group.contains(destinationScheme));
    }
}
