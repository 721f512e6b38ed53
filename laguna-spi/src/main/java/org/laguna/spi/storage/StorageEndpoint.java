package org.laguna.spi.storage;

import java.util.Map;
import java.util.Objects;

/**
 * One protocol of an RSE as a plugin sees it: scheme, host, port, prefix, and the protocol's
 * extended attributes. Secrets come separately, from the server's configuration.
 */
public record StorageEndpoint(String rse, String scheme, String hostname, int port, String prefix, Map<String, Object> attributes) {
    public StorageEndpoint {
        Objects.requireNonNull(scheme, "scheme is null");
        hostname = hostname == null ? "" : hostname;
        prefix = prefix == null ? "" : prefix;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
