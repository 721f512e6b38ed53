package org.laguna.spi.storage;

import java.net.URI;
import java.time.Duration;

/**
 * A storage that can hand out short-lived URLs for one operation on one object, so that clients
 * reach the bytes without ever holding the storage's credentials. A third-party-copy tool (FTS3) is
 * handed such URLs in place of the PFNs: GET for a source, PUT for a destination.
 */
public interface SignedUrls extends StorageProtocol {
    /**
     * @param operation {@code read}, {@code write} or {@code delete}
     * @return a URL that allows the operation on the object until the lifetime ends
     */
    URI signedUrl(String pfn, String operation, Duration lifetime);

    /**
     * The largest object a client can write through one signed {@code write} URL (one request, no multipart upload);
     * a larger file cannot be handed to a third-party tool for this storage.
     */
    default long maxSignedWriteBytes() {
        return Long.MAX_VALUE;
    }
}
