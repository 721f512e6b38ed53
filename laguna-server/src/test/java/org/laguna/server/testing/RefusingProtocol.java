package org.laguna.server.testing;

import java.io.InputStream;
import java.util.Optional;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StoredObject;

/**
 * The storage protocol of a test plugin that does one thing: every operation it does not override refuses with
 * {@link UnsupportedOperationException} naming the operation.
 */
public abstract class RefusingProtocol implements StorageProtocol {
    @Override
    public Optional<StoredObject> stat(String pfn) {
        throw new UnsupportedOperationException("stat");
    }

    @Override
    public InputStream openRead(String pfn, long offset) {
        throw new UnsupportedOperationException("openRead");
    }

    @Override
    public StoredObject write(String pfn, InputStream content, long size) {
        throw new UnsupportedOperationException("write");
    }

    @Override
    public void delete(String pfn) {
        throw new UnsupportedOperationException("delete");
    }
}
