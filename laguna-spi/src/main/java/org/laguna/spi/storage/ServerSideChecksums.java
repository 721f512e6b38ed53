package org.laguna.spi.storage;

import java.util.Optional;

/** A storage that can compute a checksum itself, without sending the bytes. */
public interface ServerSideChecksums extends StorageProtocol {
    /** The checksum ({@code adler32} or {@code md5}) of an object, if the storage can give it. */
    Optional<String> checksum(String pfn, String algorithm);
}
