package org.laguna.spi.storage;

import java.io.InputStream;
import java.util.Optional;

/**
 * Byte access to one storage endpoint through one protocol (POSIX, S3, WebDAV, ...). Addresses are
 * PFNs as the catalogue gives them ({@code scheme://host[:port]/path}). A few operations are
 * required; optional abilities are the mixin interfaces of this package ({@link ListableStorage},
 * {@link ServerSideChecksums}, {@link SignedUrls}, {@link ThirdPartyCopy}), which callers test
 * with {@code instanceof}.
 *
 * <p>Errors are {@link org.laguna.spi.error.LagunaException}s whose message names the PFN: a
 * missing object is {@code SOURCE_NOT_FOUND}, refused credentials {@code STORAGE_ACCESS_DENIED},
 * anything else about reaching the storage {@code STORAGE_UNAVAILABLE}.
 */
public interface StorageProtocol extends AutoCloseable {
    /**
     * How the name of a partial object ends: a write that is not finished (and a download on the client) goes to a hidden
     * object with this suffix next to its target, so a storage check or a listing can tell it from a stored file.
     */
    String PART_SUFFIX = ".laguna-part";

    /** Size (and checksums, if the storage keeps them) of an object, or empty if it does not exist. */
    Optional<StoredObject> stat(String pfn);

    /** Reads an object from an offset to its end. The caller closes the stream. */
    InputStream openRead(String pfn, long offset);

    /**
     * Writes an object of a known size from a stream. The object appears under its PFN only once
     * all bytes are stored: a write that fails or is interrupted leaves no partial object there.
     *
     * @return what was stored
     */
    StoredObject write(String pfn, InputStream content, long size);

    /** Deletes an object; deleting what does not exist is not an error. */
    void delete(String pfn);

    @Override
    default void close() {
    }
}
