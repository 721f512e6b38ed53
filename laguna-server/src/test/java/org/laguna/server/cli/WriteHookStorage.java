package org.laguna.server.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolFactory;
import org.laguna.spi.storage.StoredObject;

/**
 * A test storage plugin for the scheme {@code hookedwrite}: local files like POSIX, and a hook that runs
 * after each write, so a test can take the server away in the middle of an upload.
 */
public final class WriteHookStorage implements StorageProtocolFactory {
    /** Runs with the path of every object just written. */
    static volatile Consumer<Path> afterWrite = path -> { };

    @Override
    public Set<String> schemes() {
        return Set.of("hookedwrite");
    }

    @Override
    public StorageProtocol create(StorageEndpoint endpoint, Map<String, String> credentials) {
        return new StorageProtocol() {
            @Override
            public Optional<StoredObject> stat(String pfn) {
                Path path = path(pfn);
                try {
                    return Files.isRegularFile(path) ? Optional.of(StoredObject.ofSize(pfn, Files.size(path))) : Optional.empty();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public InputStream openRead(String pfn, long offset) {
                try {
                    InputStream in = Files.newInputStream(path(pfn));
                    in.skipNBytes(offset);
                    return in;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public StoredObject write(String pfn, InputStream content, long size) {
                Path path = path(pfn);
                try {
                    Files.createDirectories(path.getParent());
                    Files.copy(content, path, StandardCopyOption.REPLACE_EXISTING);
                    afterWrite.accept(path);
                    return StoredObject.ofSize(pfn, Files.size(path));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void delete(String pfn) {
                try {
                    Files.deleteIfExists(path(pfn));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static Path path(String pfn) {
        String rest = pfn.substring("hookedwrite://".length());
        return Path.of(rest.substring(rest.indexOf('/'))).normalize();
    }
}
