package org.laguna.storage.s3;

import java.util.Map;
import java.util.Set;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolFactory;

/**
 * S3 object stores (Ceph RGW, MinIO, AWS), path-style. PFNs are {@code s3://host:port/bucket/key}.
 * Credentials: {@code access_key}, {@code secret_key}, optional {@code region}. The protocol's
 * extended attribute {@code insecure=true} talks plain HTTP instead of HTTPS.
 */
public final class S3StorageFactory implements StorageProtocolFactory {
    @Override
    public Set<String> schemes() {
        return Set.of("s3", "s3s");
    }

    @Override
    public StorageProtocol create(StorageEndpoint endpoint, Map<String, String> credentials) {
        return new S3Storage(endpoint, credentials);
    }

    /** Every S3 storage signs URLs (presigned requests). */
    @Override
    public boolean canSignUrls(String scheme) {
        return schemes().contains(scheme);
    }
}
