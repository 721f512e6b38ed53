package org.laguna.server.replica;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.laguna.server.testing.RefusingProtocol;
import org.laguna.spi.storage.SignedUrls;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolFactory;

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
        return new Signer();
    }

    private static final class Signer extends RefusingProtocol implements SignedUrls {
        @Override
        public URI signedUrl(String pfn, String operation, Duration lifetime) {
            return URI.create("https://signed.example" + URI.create(pfn).getRawPath() + "?op=" + operation + "&lifetime="
                    + lifetime.toSeconds());
        }
    }
}
