package org.laguna.server.transfer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocolFactory;
import org.laguna.spi.storage.StoredObject;

/**
 * A test storage plugin for the scheme {@code braked}: local files like POSIX, read slowly while a brake file exists,
 * so that copies out of it are still under way when a test kills the process copying them. The brake is the file
 * named by the environment variable {@value #BRAKE} (or the system property of that name); while it exists every read
 * returns at most {@value #CHUNK} bytes after a pause of {@link #PAUSE}. Works across processes: a test removes the
 * file to let a surviving process copy at full speed.
 */
public final class BrakedStorage implements StorageProtocolFactory {
    public static final String BRAKE = "LAGUNA_TEST_BRAKE_FILE";
    static final int CHUNK = 4096;
    static final Duration PAUSE = Duration.ofMillis(250);

    @Override
    public Set<String> schemes() {
        return Set.of("braked");
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
                    return new Braked(in);
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
        String rest = pfn.substring("braked://".length());
        return Path.of(rest.substring(rest.indexOf('/'))).normalize();
    }

    private static boolean braking() {
        String brake = System.getenv(BRAKE);
        if (brake == null) {
            brake = System.getProperty(BRAKE);
        }
        return brake != null && Files.exists(Path.of(brake));
    }

    /** Reads in small chunks with a pause before each while the brake is on. */
    private static final class Braked extends FilterInputStream {
        Braked(InputStream in) {
            super(in);
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (!braking()) {
                return super.read(buffer, offset, length);
            }
            try {
                Thread.sleep(PAUSE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while braking");
            }
            return super.read(buffer, offset, Math.min(length, CHUNK));
        }
    }
}
