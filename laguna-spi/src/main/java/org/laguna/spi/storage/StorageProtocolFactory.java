package org.laguna.spi.storage;

import java.util.Map;
import java.util.Set;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

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
     * Opens a token-protected endpoint: every request the storage makes carries a bearer token from {@code tokens},
     * asked for the operation and path of that request. Plugins that cannot use tokens refuse.
     */
    default StorageProtocol create(StorageEndpoint endpoint, Map<String, String> credentials, StorageTokens tokens) {
        throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "The storage plugin for scheme '" + endpoint.scheme()
                + "' cannot send bearer tokens (RSE " + endpoint.rse() + " is configured with auth: token)");
    }

    /**
     * Whether the storage this plugin opens for the scheme (one of {@link #schemes}) can sign URLs
     * ({@link SignedUrls}), so that the server signs the PFNs of an RSE with {@code sign_url} set.
     * Answered without opening any storage.
     */
    default boolean canSignUrls(String scheme) {
        return false;
    }
}
