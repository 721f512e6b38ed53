package org.laguna.spi.storage;

import java.util.Map;
import java.util.Set;

/**
 * Creates {@link StorageProtocol}s for the schemes it handles. Implementations are found with
 * {@link java.util.ServiceLoader}.
 */
public interface StorageProtocolFactory {
    /** The PFN schemes this plugin handles, for example {@code file} or {@code s3}. */
    Set<String> schemes();

    /**
     * @param endpoint the RSE protocol to talk to
     * @param credentials secrets for it (keys depend on the plugin), empty if none are configured
     */
    StorageProtocol create(StorageEndpoint endpoint, Map<String, String> credentials);

    /**
     * Whether the storage this plugin opens for the scheme (one of {@link #schemes}) can sign URLs
     * ({@link SignedUrls}), so that the server signs the PFNs of an RSE with {@code sign_url} set.
     * Answered without opening any storage.
     */
    default boolean canSignUrls(String scheme) {
        return false;
    }
}
