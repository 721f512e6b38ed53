package org.laguna.server.cli;

import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolFactory;
import org.laguna.spi.storage.StorageProtocols;
import org.laguna.spi.storage.StoredObject;

/**
 * A test storage plugin for the scheme {@code hookedwrite}: the POSIX plugin under another scheme, with a
 * hook that runs after each write, so a test can take the server away in the middle of an upload.
 */
public final class WriteHookStorage implements StorageProtocolFactory {
    /** Runs with the PFN of every object just written. */
    static volatile Consumer<String> afterWrite = pfn -> { };

    private static final String SCHEME = "hookedwrite";

    @Override
    public Set<String> schemes() {
        return Set.of(SCHEME);
    }

    @Override
    public StorageProtocol create(StorageEndpoint endpoint, Map<String, String> credentials) {
        StorageProtocol posix = StorageProtocols.load().open(new StorageEndpoint(endpoint.rse(), "file", endpoint.hostname(),
                endpoint.port(), endpoint.prefix(), endpoint.attributes()), credentials);
        return new StorageProtocol() {
            @Override
            public Optional<StoredObject> stat(String pfn) {
                return posix.stat(file(pfn));
            }

            @Override
            public InputStream openRead(String pfn, long offset) {
                return posix.openRead(file(pfn), offset);
            }

            @Override
            public StoredObject write(String pfn, InputStream content, long size) {
                StoredObject written = posix.write(file(pfn), content, size);
                afterWrite.accept(pfn);
                return written;
            }

            @Override
            public void delete(String pfn) {
                posix.delete(file(pfn));
            }
        };
    }

    private static String file(String pfn) {
        return "file" + pfn.substring(SCHEME.length());
    }
}
