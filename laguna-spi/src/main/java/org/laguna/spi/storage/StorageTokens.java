package org.laguna.spi.storage;

import java.util.Locale;
import java.util.Set;

/**
 * Bearer tokens for one token-protected storage endpoint, obtained by the server for each operation: the token's
 * audience is the endpoint and its scope is limited to the path of the operation, in the terms of the WLCG token
 * profile ({@code storage.read:/path}, {@code storage.create:/path}, {@code storage.modify:/path}). A plugin asks for a
 * token right before each request and never keeps, logs or shows one.
 */
@FunctionalInterface
public interface StorageTokens {
    /** The WLCG storage operations a token may allow. */
    enum Access {
        /** Read data and metadata, list collections. */
        READ,
        /** Upload new data, create collections (the missing parents of the path included). */
        CREATE,
        /** Change data: overwrite, rename, delete. */
        MODIFY;

        /** The scope's name, for example {@code storage.read}. */
        public String scopeName() {
            return "storage." + name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * A token allowing these operations on the path of the PFN and below it.
     *
     * @param pfn a PFN of this endpoint: an object, or a collection whose whole content the operation needs
     * @throws org.laguna.spi.error.LagunaException {@code STORAGE_ACCESS_DENIED} when the issuer refuses,
     *     {@code STORAGE_UNAVAILABLE} when it cannot be reached; the message never holds a secret
     */
    String bearer(String pfn, Set<Access> access);
}
