package org.laguna.spi.storage;

/**
 * A storage that can fetch an object from another place itself, so that the bytes go from source
 * to destination without passing through the caller ("third-party copy"). What "another place"
 * may be is the plugin's to say, from the source PFN alone:
 * <ul>
 *   <li>S3: an object on the same endpoint (scheme, host and port), in any bucket: the store copies
 *       it server-side ({@code CopyObject}, or {@code UploadPartCopy} parts for large objects),
 *       reading the source with this endpoint's credentials.</li>
 *   <li>POSIX: a {@code file} PFN of the same host: the file is copied within the file system
 *       ({@code copy_file_range} where the kernel offers it), not through the caller's streams.</li>
 * </ul>
 *
 * <p>The caller verifies: a copy is as trustworthy as the storage that made it, so the caller
 * checks the size returned (and its checksum, asking {@link ServerSideChecksums} when the
 * destination has it, else the checksum the copy reports, else by reading the copy back) and
 * deletes a copy that does not match.
 */
public interface ThirdPartyCopy extends StorageProtocol {
    /**
     * Whether {@link #copyFrom} can fetch this source, decided from the PFN (scheme, host, port)
     * without any I/O. True does not promise success: the source may be missing or unreadable.
     */
    boolean canCopyFrom(String sourcePfn);

    /**
     * Copies the object at {@code sourcePfn} to {@code pfn}. As for {@link #write}, the object
     * appears under {@code pfn} only once complete: a copy that fails leaves no partial object.
     *
     * @param size the size the caller expects; a source of another size fails with {@code CHECKSUM_MISMATCH}
     *     and leaves nothing behind
     * @return what was stored, with the adler32 the storage knows of the copy, if any
     * @throws org.laguna.spi.error.LagunaException as documented in {@link StorageProtocol}; a missing source is
     *     {@code SOURCE_NOT_FOUND}, a source this storage cannot fetch ({@code canCopyFrom} false) {@code INVALID_PATH}
     */
    StoredObject copyFrom(String sourcePfn, String pfn, long size);
}
