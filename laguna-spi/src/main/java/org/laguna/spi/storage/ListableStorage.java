package org.laguna.spi.storage;

import java.util.function.Consumer;

/** A storage that can list the objects under a prefix (a directory tree, an S3 prefix, a collection). */
public interface ListableStorage extends StorageProtocol {
    /** Calls the sink once per object below the PFN prefix, recursively, in no particular order. */
    void list(String pfnPrefix, Consumer<StoredObject> sink);
}
