package org.laguna.core.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Paths of storage URLs, compared segment by segment: the prefix {@code /bucket} covers
 * {@code /bucket/obj} but not {@code /bucket-other/obj}. A path that a storage could read in more
 * than one way (empty, {@code .} or {@code ..} segments, percent-encoded characters) is refused
 * rather than normalised, so what is checked is exactly what gets signed.
 */
public final class StoragePaths {
    private StoragePaths() {
    }

    /** The segments of an object's URL path ({@code /bucket/a/b} gives {@code [bucket, a, b]}). */
    public static List<String> objectSegments(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            throw invalid(rawPath, "names no object");
        }
        if (!rawPath.startsWith("/")) {
            throw invalid(rawPath, "is not absolute");
        }
        if (rawPath.indexOf('%') >= 0) {
            throw invalid(rawPath, "contains a percent-encoded character");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.substring(1).split("/", -1)) {
            if (segment.isEmpty()) {
                throw invalid(rawPath, "contains an empty segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(rawPath, "contains a '" + segment + "' segment");
            }
            segments.add(segment);
        }
        return List.copyOf(segments);
    }

    /** The segments of a protocol's prefix, whose leading, trailing and doubled slashes do not count. */
    public static List<String> prefixSegments(String prefix) {
        List<String> segments = new ArrayList<>();
        for (String segment : prefix.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return List.copyOf(segments);
    }

    /** The path below the prefix ({@code a/b}), if the object lies strictly inside it. */
    public static Optional<String> below(List<String> prefix, List<String> object) {
        if (object.size() <= prefix.size() || !object.subList(0, prefix.size()).equals(prefix)) {
            return Optional.empty();
        }
        return Optional.of(String.join("/", object.subList(prefix.size(), object.size())));
    }

    private static LagunaException invalid(String rawPath, String why) {
        return new LagunaException(ErrorCode.INVALID_PATH, "The path '" + rawPath + "' of parameter \"url\" " + why);
    }
}
