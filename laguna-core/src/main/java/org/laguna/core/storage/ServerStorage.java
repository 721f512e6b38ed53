package org.laguna.core.storage;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.laguna.core.db.JsonValues;
import org.laguna.core.rse.RseProtocol;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocols;

/**
 * The server's own connections to storage, through the storage plugins and with the server's
 * storage credentials (which never leave it): used by the transfers, later by deletion. One open
 * connection per RSE endpoint, kept until {@link #close()}.
 */
public final class ServerStorage implements AutoCloseable {
    private final StorageCredentials credentials;
    private final StorageProtocols plugins;
    private final Map<String, StorageProtocol> open = new ConcurrentHashMap<>();
    /** Per RSE, the PFN prefix of each endpoint opened so far (for {@link #openPfn}). */
    private final Map<String, Map<String, StorageProtocol>> byPfnPrefix = new ConcurrentHashMap<>();

    public ServerStorage(StorageCredentials credentials, StorageProtocols plugins) {
        this.credentials = Objects.requireNonNull(credentials, "credentials is null");
        this.plugins = Objects.requireNonNull(plugins, "plugins is null");
    }

    public boolean supports(String scheme) {
        return plugins.supports(scheme);
    }

    /** Whether a storage plugin on the class path can sign URLs of this scheme. */
    public boolean canSignUrls(String scheme) {
        return plugins.canSignUrls(scheme);
    }

    /** The connection to one protocol endpoint of an RSE. */
    public StorageProtocol open(String rse, RseProtocol protocol) {
        if (!plugins.supports(protocol.scheme())) {
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "No storage plugin for scheme " + protocol.scheme()
                    + " (RSE " + rse + ")");
        }
        String key = rse + " " + protocol.scheme() + "://" + protocol.hostname() + ":" + protocol.port() + " " + protocol.prefix();
        StorageProtocol connection = open.computeIfAbsent(key, k -> plugins.open(new StorageEndpoint(rse, protocol.scheme(),
                protocol.hostname(), protocol.port(), protocol.prefix(), attributes(protocol)), credentials.forRse(rse)));
        byPfnPrefix.computeIfAbsent(rse, r -> new ConcurrentHashMap<>()).putIfAbsent(protocol.pfn(""), connection);
        return connection;
    }

    /**
     * The connection of an RSE whose endpoint a PFN belongs to (the longest matching PFN prefix
     * among the endpoints opened with {@link #open}); for transfer tools that are given PFNs.
     */
    public StorageProtocol openPfn(String rse, String pfn) {
        StorageProtocol best = null;
        int length = -1;
        for (Map.Entry<String, StorageProtocol> e : byPfnPrefix.getOrDefault(rse, Map.of()).entrySet()) {
            if (pfn.startsWith(e.getKey()) && e.getKey().length() > length) {
                best = e.getValue();
                length = e.getKey().length();
            }
        }
        if (best == null) {
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "No open storage endpoint of RSE " + rse + " serves " + pfn);
        }
        return best;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(RseProtocol protocol) {
        if (protocol.extendedAttributesJson() == null) {
            return Map.of();
        }
        Object value = JsonValues.read(protocol.extendedAttributesJson());
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @Override
    public void close() {
        open.values().forEach(StorageProtocol::close);
        open.clear();
        byPfnPrefix.clear();
    }
}
