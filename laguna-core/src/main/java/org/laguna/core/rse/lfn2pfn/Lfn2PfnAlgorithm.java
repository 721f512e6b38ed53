package org.laguna.core.rse.lfn2pfn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.stream.Collectors;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's built-in deterministic LFN-to-path algorithms, chosen per RSE by its
 * {@code lfn2pfn_algorithm} attribute. Both write a scope that starts with {@code user} or
 * {@code group} (no dot needed: {@code users} and {@code groupies} qualify too) with its dots
 * turned into slashes, so {@code user.jdoe} becomes the directories {@code user/jdoe}.
 */
public enum Lfn2PfnAlgorithm {
    /** {@code <scope>/<md5[0:2]>/<md5[2:4]>/<name>}, the md5 taken of {@code scope:name} as written. */
    HASH("hash") {
        @Override
        String layout(String scopeDirectory, String scope, String name) {
            String md5 = md5Hex(scope + ":" + name);
            return scopeDirectory + "/" + md5.substring(0, 2) + "/" + md5.substring(2, 4) + "/" + name;
        }
    },
    /** {@code <scope>/<name>}. */
    IDENTITY("identity") {
        @Override
        String layout(String scopeDirectory, String scope, String name) {
            return scopeDirectory + "/" + name;
        }
    };

    /** The name that stands for the server's default algorithm. */
    public static final String DEFAULT_NAME = "default";

    private final String rucioName;

    Lfn2PfnAlgorithm(String rucioName) {
        this.rucioName = rucioName;
    }

    /** The name Rucio registers the algorithm under. */
    public String rucioName() {
        return rucioName;
    }

    /** The path of a file below a protocol's prefix, without a leading slash. */
    public String path(String scope, String name) {
        requireText("scope", scope);
        requireText("name", name);
        return layout(scopeDirectory(scope), scope, name);
    }

    abstract String layout(String scopeDirectory, String scope, String name);

    /** The directory form of a scope: dots become slashes for {@code user*} and {@code group*} scopes. */
    public static String scopeDirectory(String scope) {
        return scope.startsWith("user") || scope.startsWith("group") ? scope.replace('.', '/') : scope;
    }

    /** The algorithm of that name, {@link #HASH} standing for null, empty and {@code default}. */
    public static Lfn2PfnAlgorithm named(String name) {
        return named(name, HASH);
    }

    /**
     * The algorithm of that name, where null, empty and {@code default} mean the server's default.
     *
     * @throws LagunaException INVALID_VALUE_FOR_KEY for a name that is no known algorithm
     */
    public static Lfn2PfnAlgorithm named(String name, Lfn2PfnAlgorithm serverDefault) {
        if (name == null || name.isEmpty() || name.equals(DEFAULT_NAME)) {
            return serverDefault;
        }
        for (Lfn2PfnAlgorithm algorithm : values()) {
            if (algorithm.rucioName.equals(name)) {
                return algorithm;
            }
        }
        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "Unknown lfn2pfn_algorithm '" + name + "': known are "
                + Arrays.stream(values()).map(Lfn2PfnAlgorithm::rucioName).collect(Collectors.joining(", "))
                + " and " + DEFAULT_NAME);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Cannot map a file to a path: the " + field + " is missing");
        }
    }

    private static String md5Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }
}
