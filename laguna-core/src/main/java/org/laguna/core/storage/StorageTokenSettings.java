package org.laguna.core.storage;

import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageTokens.Access;

/**
 * How a token-protected RSE protocol wants its tokens, from the protocol's extended attributes:
 * {@code auth: token} marks it; {@code token_issuer} names the issuer (one of {@code auth.oidc.issuers}) the server
 * asks; {@code token_audience} is the audience the storage checks (default: the protocol's host name, as Rucio's
 * {@code determine_audience_for_rse}); {@code token_base_path} is the part of the URL path the storage maps its token
 * area to, removed from the path of a scope (as Rucio's {@code oidc_base_path}; default none).
 *
 * @param rse the RSE, for messages
 * @param issuer the issuer's name in {@code auth.oidc.issuers}
 * @param audience the audience of the tokens
 * @param basePath the URL path the scopes are relative to, without a trailing slash ({@code ""} for none)
 */
public record StorageTokenSettings(String rse, String issuer, String audience, String basePath) {
    public StorageTokenSettings {
        Objects.requireNonNull(rse, "rse is null");
        Objects.requireNonNull(issuer, "issuer is null");
        Objects.requireNonNull(audience, "audience is null");
        basePath = basePath == null ? "" : basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    }

    /** The settings of a protocol with {@code auth: token}, empty for any other protocol. */
    public static Optional<StorageTokenSettings> of(String rse, String hostname, Map<String, Object> attributes) {
        if (!"token".equals(String.valueOf(attributes.get("auth")))) {
            return Optional.empty();
        }
        String issuer = text(attributes.get("token_issuer"));
        if (issuer.isEmpty()) {
            throw new LagunaException(ErrorCode.STORAGE_ACCESS_DENIED, "RSE " + rse + ": a protocol with auth: token needs token_issuer "
                    + "(the name of an issuer in auth.oidc.issuers)");
        }
        String audience = text(attributes.get("token_audience"));
        return Optional.of(new StorageTokenSettings(rse, issuer, audience.isEmpty() ? hostname : audience,
                text(attributes.get("token_base_path"))));
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString().trim();
    }

    /** The path a scope names for a PFN: its URL path below the base path, {@code /} for the base itself. */
    public String scopePath(String pfn) {
        int scheme = pfn.indexOf("://");
        int slash = scheme < 0 ? -1 : pfn.indexOf('/', scheme + 3);
        String path = slash < 0 ? "/" : pfn.substring(slash);
        int query = path.indexOf('?');
        path = query < 0 ? path : path.substring(0, query);
        if (!basePath.isEmpty()) {
            if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
                throw new LagunaException(ErrorCode.STORAGE_ACCESS_DENIED, "RSE " + rse + ": " + pfn + " is outside the token base path "
                        + basePath);
            }
            path = path.substring(basePath.length());
        }
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() ? "/" : path.replace(" ", "%20");
    }

    /** The scope of a token for these operations on the PFN's path, for example {@code storage.read:/exp/ab/cd/file}. */
    public String scope(String pfn, Set<Access> access) {
        String path = scopePath(pfn);
        return (access.isEmpty() ? EnumSet.of(Access.READ) : EnumSet.copyOf(access)).stream()
                .map(a -> a.scopeName() + ":" + path).collect(Collectors.joining(" "));
    }
}
