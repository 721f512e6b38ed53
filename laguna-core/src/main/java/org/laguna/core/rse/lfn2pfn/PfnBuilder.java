package org.laguna.core.rse.lfn2pfn;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The fields of one RSE protocol that make up its PFNs, and the way its implementation joins them.
 * Every style first gives the prefix a leading and a trailing slash (Rucio's only normalisation:
 * a prefix such as {@code //rucio} keeps its double slash). A path below the prefix loses one
 * leading slash, except in the styles that keep it ({@link PfnStyle#XROOTD}, {@link PfnStyle#SSH},
 * {@link PfnStyle#STORM}, and {@link PfnStyle#GFAL} for the {@code root} scheme).
 */
public record PfnBuilder(PfnStyle style, String scheme, String hostname, int port, String prefix,
                         Map<String, Object> extendedAttributes) {
    private static final Pattern URL = Pattern.compile("^\\w+://", Pattern.UNICODE_CHARACTER_CLASS);

    public PfnBuilder {
        Objects.requireNonNull(style, "style is null");
        if (scheme == null || scheme.isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "A protocol needs a scheme, got '" + scheme + "'");
        }
        if (port < 0 || port > 65535) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Invalid port " + port + " for scheme " + scheme);
        }
        hostname = hostname == null ? "" : hostname;
        prefix = prefix == null ? "" : prefix;
        extendedAttributes = extendedAttributes == null ? Map.of()
                : Collections.unmodifiableMap(new HashMap<>(extendedAttributes));
    }

    /** A builder in the style of a Rucio implementation class ({@code impl} of the protocol). */
    public static PfnBuilder forProtocol(String impl, String scheme, String hostname, int port, String prefix,
                                         Map<String, Object> extendedAttributes) {
        return new PfnBuilder(PfnStyle.forImpl(impl), scheme, hostname, port, prefix, extendedAttributes);
    }

    /** The prefix with a leading and a trailing slash. */
    public String normalisedPrefix() {
        String normalised = prefix.startsWith("/") ? prefix : "/" + prefix;
        return normalised.endsWith("/") ? normalised : normalised + "/";
    }

    /** The PFN of a file under a deterministic algorithm. */
    public String pfn(Lfn2PfnAlgorithm algorithm, String scope, String name) {
        return pfn(algorithm.path(scope, name));
    }

    /** The PFN of a path below the prefix (as an algorithm gives it, or as stored for a replica). */
    public String pfn(String path) {
        Objects.requireNonNull(path, "path is null");
        String base = normalisedPrefix();
        return switch (style) {
            case STANDARD -> scheme + "://" + hostname + ":" + port + base + withoutLeadingSlash(path);
            case POSIX -> scheme + "://" + hostname + base + withoutLeadingSlash(path);
            case GFAL -> gfal(base, path);
            case XROOTD -> scheme + "://" + hostname + ":" + port + base + path;
            case SSH -> scheme + "://" + sshUser() + hostname + ":" + port + base + path;
            case STORM -> "storm://" + hostWithoutScheme() + ":" + port + base + path;
            case GLOBUS -> base + withoutLeadingSlash(path);
        };
    }

    private String gfal(String base, String path) {
        String relative = scheme.equals("root") ? path : withoutLeadingSlash(path);
        String servicePath = extendedText("web_service_path");
        if (port == 0) {
            return scheme + "://" + hostWithoutScheme() + servicePath + base + relative;
        }
        if (URL.matcher(relative).find()) {
            return relative;
        }
        return scheme + "://" + hostWithoutScheme() + ":" + port + servicePath + base + relative;
    }

    private String sshUser() {
        String user = extendedText("user");
        return extendedAttributes.containsKey("user") ? user + "@" : "";
    }

    private String hostWithoutScheme() {
        return hostname.contains("://") ? hostname.split("://", -1)[1] : hostname;
    }

    private String extendedText(String key) {
        Object value = extendedAttributes.get(key);
        return value == null ? "" : String.valueOf(value);
    }

    private static String withoutLeadingSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
