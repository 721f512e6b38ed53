package org.laguna.storage.posix;

import java.util.Map;
import java.util.Set;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolFactory;

/** The {@code file} scheme: a local or mounted POSIX file system. */
public final class PosixStorageFactory implements StorageProtocolFactory {
    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public StorageProtocol create(StorageEndpoint endpoint, Map<String, String> credentials) {
        return new PosixStorage(endpoint);
    }
}
