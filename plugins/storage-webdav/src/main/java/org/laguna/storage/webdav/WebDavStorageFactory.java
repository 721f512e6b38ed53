package org.laguna.storage.webdav;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolFactory;
import org.laguna.spi.storage.StorageTokens;

/**
 * WebDAV storage (dCache, StoRM, nginx, Apache): {@code davs}/{@code https} over TLS,
 * {@code dav}/{@code http} in the clear. Credentials: {@code token} (bearer) or
 * {@code username} + {@code password} (basic); or, on a token-protected endpoint, a bearer token per request
 * obtained by the server for its operation and path.
 */
public final class WebDavStorageFactory implements StorageProtocolFactory {
    @Override
    public Set<String> schemes() {
        return Set.of("davs", "https", "dav", "http");
    }

    @Override
    public StorageProtocol create(StorageEndpoint endpoint, Map<String, String> credentials) {
        return new WebDavStorage(endpoint, credentials, Optional.empty());
    }

    @Override
    public StorageProtocol create(StorageEndpoint endpoint, Map<String, String> credentials, StorageTokens tokens) {
        return new WebDavStorage(endpoint, credentials, Optional.of(tokens));
    }
}
