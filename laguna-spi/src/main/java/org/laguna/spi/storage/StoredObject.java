package org.laguna.spi.storage;

import java.util.Optional;

/** What a storage knows of one object: its size, and checksums if it keeps them. */
public record StoredObject(String pfn, long size, Optional<String> adler32, Optional<String> md5) {
    public StoredObject {
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
        adler32 = adler32 == null ? Optional.empty() : adler32;
        md5 = md5 == null ? Optional.empty() : md5;
    }

    public static StoredObject ofSize(String pfn, long size) {
        return new StoredObject(pfn, size, Optional.empty(), Optional.empty());
    }
}
