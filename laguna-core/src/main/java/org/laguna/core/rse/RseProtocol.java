package org.laguna.core.rse;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.db.JsonValues;

/**
 * One way to reach an RSE, with per-domain priorities: the lowest is the best, 0 included, and
 * {@link #UNSUPPORTED} (Rucio's {@code null}, stored as SQL null) means the protocol does not do that operation.
 */
public record RseProtocol(
        String scheme,
        String hostname,
        int port,
        String prefix,
        String impl,
        int readLan,
        int writeLan,
        int deleteLan,
        int readWan,
        int writeWan,
        int deleteWan,
        int thirdPartyCopyRead,
        int thirdPartyCopyWrite,
        String extendedAttributesJson) {
    /** The priority of an operation the protocol does not support. */
    public static final int UNSUPPORTED = -1;

    public RseProtocol {
        Objects.requireNonNull(scheme, "scheme is null");
        hostname = hostname == null ? "" : hostname;
        prefix = prefix == null ? "" : prefix;
    }

    /** The priority for an operation in a domain; operation is read, write, delete, third_party_copy_read/write. */
    public int priority(String domain, String operation) {
        return switch (operation) {
            case "read" -> "lan".equals(domain) ? readLan : readWan;
            case "write" -> "lan".equals(domain) ? writeLan : writeWan;
            case "delete" -> "lan".equals(domain) ? deleteLan : deleteWan;
            case "third_party_copy_read" -> thirdPartyCopyRead;
            case "third_party_copy_write", "third_party_copy" -> thirdPartyCopyWrite;
            default -> UNSUPPORTED;
        };
    }

    /** Whether the protocol does an operation in a domain at all (at any priority, 0 included). */
    public boolean supports(String domain, String operation) {
        return priority(domain, operation) != UNSUPPORTED;
    }

    /** A priority as stored: SQL null for {@link #UNSUPPORTED}. */
    public static Integer stored(int priority) {
        return priority == UNSUPPORTED ? null : priority;
    }

    /** A priority as read from a nullable integer column. */
    public static int read(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? UNSUPPORTED : value;
    }

    /** The PFN of a path under this protocol, written the way its implementation writes them. */
    public String pfn(String path) {
        return Lfn2Pfn.pfn(impl, scheme, hostname, port, prefix, extendedAttributes(), path);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> extendedAttributes() {
        if (extendedAttributesJson == null || extendedAttributesJson.isBlank()) {
            return Map.of();
        }
        Object parsed = JsonValues.read(extendedAttributesJson);
        return parsed instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
