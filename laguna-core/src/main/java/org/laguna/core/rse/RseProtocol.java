package org.laguna.core.rse;

import java.util.Objects;

/** One way to reach an RSE, with per-domain priorities (0 = not supported, 1 = best). */
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
            default -> 0;
        };
    }

    /** The PFN of a path under this protocol, written the way its implementation writes them. */
    public String pfn(String path) {
        return Lfn2Pfn.pfn(impl, scheme, hostname, port, prefix, extendedAttributes(), path);
    }

    @SuppressWarnings("unchecked")
    private java.util.Map<String, Object> extendedAttributes() {
        if (extendedAttributesJson == null || extendedAttributesJson.isBlank()) {
            return java.util.Map.of();
        }
        Object parsed = org.laguna.core.db.JsonValues.read(extendedAttributesJson);
        return parsed instanceof java.util.Map<?, ?> map ? (java.util.Map<String, Object>) map : java.util.Map.of();
    }
}
