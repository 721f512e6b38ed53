package org.laguna.core.auth.oidc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an access token grants beyond the account it maps to, in the terms of the WLCG token
 * profile: its storage scopes ({@code storage.read:/path}, {@code storage.create:/path},
 * {@code storage.modify:/path}, {@code storage.stage:/path}), its other scopes, and its groups
 * ({@code wlcg.groups}). Laguna's own tokens grant nothing here ({@link #NONE}); the account's
 * permissions still decide every call.
 */
public record TokenGrants(List<StorageScope> storage, Set<String> scopes, List<String> groups, Optional<String> wlcgVersion) {
    /** The grants of a token that carries no claims (Laguna's own tokens, the system caller). */
    public static final TokenGrants NONE = new TokenGrants(List.of(), Set.of(), List.of(), Optional.empty());

    private static final Pattern WLCG_VERSION = Pattern.compile("1\\.[0-9]+");

    public TokenGrants {
        storage = List.copyOf(storage);
        scopes = Set.copyOf(scopes);
        groups = List.copyOf(groups);
        Objects.requireNonNull(wlcgVersion, "wlcgVersion is null");
    }

    /** The operations of the WLCG storage scopes. */
    public enum StorageOperation {
        READ, CREATE, MODIFY, STAGE;

        static Optional<StorageOperation> ofScope(String name) {
            return switch (name) {
                case "storage.read" -> Optional.of(READ);
                case "storage.create" -> Optional.of(CREATE);
                case "storage.modify" -> Optional.of(MODIFY);
                case "storage.stage" -> Optional.of(STAGE);
                default -> Optional.empty();
            };
        }
    }

    /** One storage scope: an operation allowed under a path (always absolute, without a trailing slash except for the root). */
    public record StorageScope(StorageOperation operation, String path) {
        public StorageScope {
            Objects.requireNonNull(operation, "operation is null");
            Objects.requireNonNull(path, "path is null");
        }

        /** Whether this scope covers a path: the same path or one below it. */
        public boolean covers(String other) {
            return path.equals("/") || other.equals(path) || other.startsWith(path + "/");
        }

        @Override
        public String toString() {
            return "storage." + operation.name().toLowerCase(Locale.ROOT) + ":" + path;
        }
    }

    /** Whether a storage scope of this operation covers the path. */
    public boolean allows(StorageOperation operation, String path) {
        return storage.stream().anyMatch(s -> s.operation() == operation && s.covers(path));
    }

    /**
     * Reads the grants from a token's {@code scope} claim (a space-separated string, or a list of
     * strings), its {@code wlcg.groups} claim (a list of strings, or one string) and its
     * {@code wlcg.ver} claim. A storage scope whose path is not absolute or climbs with {@code ..}
     * grants no storage access and is kept only as a plain scope.
     *
     * @throws IllegalArgumentException if {@code wlcg.ver} names a version of the profile other than 1.x
     */
    public static TokenGrants fromClaims(Object scopeClaim, Object groupsClaim, Object versionClaim) {
        Optional<String> version = Optional.empty();
        if (versionClaim != null) {
            String v = versionClaim.toString().trim();
            if (!WLCG_VERSION.matcher(v).matches()) {
                throw new IllegalArgumentException("unsupported WLCG token profile version wlcg.ver=" + v);
            }
            version = Optional.of(v);
        }
        Set<String> scopes = new LinkedHashSet<>(words(scopeClaim));
        List<StorageScope> storage = new ArrayList<>();
        for (String scope : scopes) {
            int colon = scope.indexOf(':');
            if (colon < 0) {
                continue;
            }
            Optional<StorageOperation> operation = StorageOperation.ofScope(scope.substring(0, colon));
            Optional<String> path = normalisePath(scope.substring(colon + 1));
            if (operation.isPresent() && path.isPresent()) {
                storage.add(new StorageScope(operation.get(), path.get()));
            }
        }
        List<String> groups = new ArrayList<>(new LinkedHashSet<>(words(groupsClaim)));
        return new TokenGrants(storage, scopes, groups, version);
    }

    private static List<String> words(Object claim) {
        List<String> out = new ArrayList<>();
        if (claim instanceof Collection<?> values) {
            for (Object value : values) {
                if (value != null) {
                    out.addAll(words(value));
                }
            }
        } else if (claim != null) {
            for (String word : claim.toString().trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    out.add(word);
                }
            }
        }
        return out;
    }

    private static Optional<String> normalisePath(String raw) {
        if (!raw.startsWith("/")) {
            return Optional.empty();
        }
        StringBuilder path = new StringBuilder();
        for (String segment : raw.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                return Optional.empty();
            }
            path.append('/').append(segment);
        }
        return Optional.of(path.isEmpty() ? "/" : path.toString());
    }
}
