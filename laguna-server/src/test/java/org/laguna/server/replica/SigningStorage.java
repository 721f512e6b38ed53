package org.laguna.server.replica;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laguna.spi.storage.SignedUrls;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolFactory;
import org.laguna.spi.storage.StoredObject;

/**
 * A test storage plugin for the scheme {@code signing}: it holds no bytes and only signs URLs, as
 * {@code https://signed.example/<path>?op=<operation>&lifetime=<seconds>}.
 */
public final class SigningStorage implements StorageProtocolFactory {
    @Override
    public Set<String> schemes() {
        return Set.of("signing");
    }

    @Override
    public boolean canSignUrls(String scheme) {
        return true;
    }

    @Override
    public StorageProtocol create(StorageEndpoint endpoint, Map<String, String> credentials) {
        return new SignedUrls() {
            @Override
            public URI signedUrl(String pfn, String operation, Duration lifetime) {
                return URI.create("https://signed.example" + URI.create(pfn).getRawPath() + "?op=" + operation + "&lifetime="
                        + lifetime.toSeconds());
            }

            @Override
            public Optional<StoredObject> stat(String pfn) {
                throw new UnsupportedOperationException("stat");
            }

            @Override
            public InputStream openRead(String pfn, long offset) {
                throw new UnsupportedOperationException("openRead");
            }

            @Override
            public StoredObject write(String pfn, InputStream content, long size) {
                throw new UnsupportedOperationException("write");
            }

            @Override
            public void delete(String pfn) {
                throw new UnsupportedOperationException("delete");
            }
        };
    }
}
