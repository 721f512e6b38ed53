package org.laguna.server.deletion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.laguna.server.testing.RefusingProtocol;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolFactory;

/**
 * A test storage plugin for the scheme {@code hooked}: local files like POSIX, and a hook that runs
 * before each delete, so a test can change the catalogue while the reaper is deleting bytes.
 */
public final class HookedStorage implements StorageProtocolFactory {
    /** Runs with the path of every object about to be deleted. */
    static volatile Consumer<Path> beforeDelete = path -> { };

    @Override
    public Set<String> schemes() {
        return Set.of("hooked");
    }

    @Override
    public StorageProtocol create(StorageEndpoint endpoint, Map<String, String> credentials) {
        return new RefusingProtocol() {
            @Override
            public void delete(String pfn) {
                String rest = pfn.substring("hooked://".length());
                Path path = Path.of(rest.substring(rest.indexOf('/'))).normalize();
                beforeDelete.accept(path);
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }
}
