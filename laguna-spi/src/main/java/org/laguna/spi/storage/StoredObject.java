package org.laguna.spi.storage;

import java.time.Instant;
import java.util.Optional;

/** What a storage knows of one object: its size, checksums if it keeps them, and when it was last modified if it says. */
public record StoredObject(String pfn, long size, Optional<String> adler32, Optional<String> md5, Optional<Instant> modified) {
    public StoredObject {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        adler32 = adler32 == null ? Optional.empty() : adler32;
        md5 = md5 == null ? Optional.empty() : md5;
        modified = modified == null ? Optional.empty() : modified;
    }

    /** An object whose modification time is not known. */
    public StoredObject(String pfn, long size, Optional<String> adler32, Optional<String> md5) {
        this(pfn, size, adler32, md5, Optional.empty());
    }

    public static StoredObject ofSize(String pfn, long size) {
        return new StoredObject(pfn, size, Optional.empty(), Optional.empty());
    }

    /** An object of this size, last modified then (listings, for the storage consistency check). */
    public static StoredObject ofSize(String pfn, long size, Instant modified) {
        return new StoredObject(pfn, size, Optional.empty(), Optional.empty(), Optional.of(modified));
    }
}
