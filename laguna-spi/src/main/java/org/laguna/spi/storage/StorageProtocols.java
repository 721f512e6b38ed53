package org.laguna.spi.storage;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** The storage plugins on the class path, by scheme. */
public final class StorageProtocols {
    private final Map<String, StorageProtocolFactory> byScheme = new HashMap<>();

    private StorageProtocols() {
    }

    public static StorageProtocols load() {
        StorageProtocols protocols = new StorageProtocols();
        for (StorageProtocolFactory factory : ServiceLoader.load(StorageProtocolFactory.class)) {
            for (String scheme : factory.schemes()) {
                protocols.byScheme.putIfAbsent(scheme, factory);
            }
        }
        return protocols;
    }

    public boolean supports(String scheme) {
        return byScheme.containsKey(scheme);
    }

    /** Whether the plugin of the scheme can sign URLs for it ({@link StorageProtocolFactory#canSignUrls}). */
    public boolean canSignUrls(String scheme) {
        StorageProtocolFactory factory = byScheme.get(scheme);
        return factory != null && factory.canSignUrls(scheme);
    }

    public StorageProtocol open(StorageEndpoint endpoint, Map<String, String> credentials) {
        return factory(endpoint).create(endpoint, credentials);
    }

    /** Opens a token-protected endpoint ({@link StorageProtocolFactory#create(StorageEndpoint, Map, StorageTokens)}). */
    public StorageProtocol open(StorageEndpoint endpoint, Map<String, String> credentials, StorageTokens tokens) {
        return factory(endpoint).create(endpoint, credentials, tokens);
    }

    private StorageProtocolFactory factory(StorageEndpoint endpoint) {
        StorageProtocolFactory factory = byScheme.get(endpoint.scheme());
        if (factory == null) {
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "No storage plugin for scheme '" + endpoint.scheme()
                    + "' (known: " + String.join(", ", new TreeSet<>(byScheme.keySet())) + ")");
        }
        return factory;
    }
}
