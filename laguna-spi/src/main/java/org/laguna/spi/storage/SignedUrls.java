package org.laguna.spi.storage;

import java.net.URI;
import java.time.Duration;

/**
 * A storage that can hand out short-lived URLs for one operation on one object, so that clients
 * reach the bytes without ever holding the storage's credentials.
 */
public interface SignedUrls extends StorageProtocol {
    /**
     * @param operation {@code read}, {@code write} or {@code delete}
     * @return a URL that allows the operation on the object until the lifetime ends
     */
    URI signedUrl(String pfn, String operation, Duration lifetime);
}
