package org.laguna.storage.posix;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.Adler32;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.InterruptedWrites;
import org.laguna.spi.storage.ListableStorage;
import org.laguna.spi.storage.ServerSideChecksums;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StoredObject;
import org.laguna.spi.storage.ThirdPartyCopy;

/**
 * POSIX storage under the protocol's prefix directory. PFNs are {@code file://host/absolute/path};
 * a PFN that resolves outside the prefix is refused. Writes go to a hidden temporary file in the
 * target directory, are flushed to disk, and are renamed into place atomically once complete.
 * Third-party copy: from a {@code file} PFN of the same host, the file is copied within the file
 * system ({@link Files#copy}) the same way, so its bytes never pass through the caller's streams.
 */
final class PosixStorage implements ListableStorage, ServerSideChecksums, ThirdPartyCopy, InterruptedWrites {
    private static final int BUFFER = 1 << 16;

    private final StorageEndpoint endpoint;
    private final Path root;

    PosixStorage(StorageEndpoint endpoint) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint is null");
        String prefix = endpoint.prefix().isEmpty() ? "/" : endpoint.prefix();
        this.root = Path.of(prefix.startsWith("/") ? prefix : "/" + prefix).toAbsolutePath().normalize();
    }

    /** The local path of a PFN, checked to lie under the endpoint's prefix. */
    Path path(String pfn) {
        Path path = localPath(pfn);
        if (!path.startsWith(root)) {
            throw new LagunaException(ErrorCode.INVALID_PATH, "PFN " + pfn + " lies outside the RSE's prefix " + root);
        }
        return path;
    }

    /** The local path of any file PFN, without '..'. */
    private static Path localPath(String pfn) {
        if (pfn == null || !pfn.startsWith("file://")) {
            throw new LagunaException(ErrorCode.INVALID_PATH, "Not a file PFN: " + pfn);
        }
        String rest = pfn.substring("file://".length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new LagunaException(ErrorCode.INVALID_PATH, "PFN has no path: " + pfn);
        }
        String raw = rest.substring(slash);
        for (String segment : raw.split("/")) {
            if (segment.equals("..")) {
                throw new LagunaException(ErrorCode.INVALID_PATH, "PFN must not contain '..': " + pfn);
            }
        }
        return Path.of(raw).normalize();
    }

    @Override
    public Optional<StoredObject> stat(String pfn) {
        Path path = path(pfn);
        try {
            if (!Files.isRegularFile(path)) {
                return Optional.empty();
            }
            return Optional.of(StoredObject.ofSize(pfn, Files.size(path), Files.getLastModifiedTime(path).toInstant()));
        } catch (IOException e) {
            throw failure(pfn, e);
        }
    }

    @Override
    public InputStream openRead(String pfn, long offset) {
        Path path = path(pfn);
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            channel.position(offset);
            return Channels.newInputStream(channel);
        } catch (IOException e) {
            throw failure(pfn, e);
        }
    }

    @Override
    public StoredObject write(String pfn, InputStream content, long size) {
        Path path = path(pfn);
        Path part = partFile(path);
        try {
            Files.createDirectories(path.getParent());
            long written = 0;
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                 OutputStream out = Channels.newOutputStream(channel)) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = content.read(buffer)) > 0) {
                    written += n;
                    if (written > size) {
                        throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "More than the announced " + size + " bytes for " + pfn);
                    }
                    out.write(buffer, 0, n);
                }
                out.flush();
                channel.force(true);
            }
            if (written != size) {
                throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "Got " + written + " of the announced " + size + " bytes for " + pfn);
            }
            Files.move(part, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return StoredObject.ofSize(pfn, size);
        } catch (IOException e) {
            throw failure(pfn, e);
        } finally {
            discard(part);
        }
    }

    /** A hidden file beside {@code path} that bytes go to before they are renamed into place; listings skip it. */
    private static Path partFile(Path path) {
        return path.resolveSibling("." + path.getFileName() + "." + UUID.randomUUID() + PART_SUFFIX);
    }

    /** Whether a file name is that of a part file of {@code path} (the name, a random UUID, the suffix). */
    static boolean isPartFileOf(Path path, String fileName) {
        String prefix = "." + path.getFileName() + ".";
        if (!fileName.startsWith(prefix) || !fileName.endsWith(PART_SUFFIX)) {
            return false;
        }
        String middle = fileName.substring(prefix.length(), fileName.length() - PART_SUFFIX.length());
        return middle.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    /** Removes the part files of this PFN's writes and copies that a killed process left beside it. */
    @Override
    public int removeLeftovers(String pfn) {
        Path path = path(pfn);
        if (!Files.isDirectory(path.getParent())) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> siblings = Files.list(path.getParent())) {
            for (Path part : siblings.filter(p -> isPartFileOf(path, p.getFileName().toString())).toList()) {
                if (Files.deleteIfExists(part)) {
                    removed++;
                }
            }
        } catch (IOException e) {
            throw failure(pfn, e);
        }
        return removed;
    }

    /** Removes a part file left by a write or copy that did not finish (none after a rename). */
    private static void discard(Path part) {
        try {
            Files.deleteIfExists(part);
        } catch (IOException ignored) {
            // the part file is hidden and ignored by listings
        }
    }

    /** A {@code file} PFN whose host is this endpoint's. */
    @Override
    public boolean canCopyFrom(String sourcePfn) {
        if (sourcePfn == null || !sourcePfn.startsWith("file://")) {
            return false;
        }
        String rest = sourcePfn.substring("file://".length());
        int slash = rest.indexOf('/');
        return slash >= 0 && rest.substring(0, slash).equalsIgnoreCase(endpoint.hostname());
    }

    /** Copies within the file system to a hidden temporary file, flushed and renamed into place as {@link #write} does. */
    @Override
    public StoredObject copyFrom(String sourcePfn, String pfn, long size) {
        if (!canCopyFrom(sourcePfn)) {
            throw new LagunaException(ErrorCode.INVALID_PATH, endpoint.rse() + " cannot copy " + sourcePfn + " locally: not a file PFN of "
                    + endpoint.hostname());
        }
        Path source = localPath(sourcePfn);
        Path path = path(pfn);
        if (!Files.isRegularFile(source)) {
            throw new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "No such file for " + endpoint.rse() + " to copy: " + sourcePfn);
        }
        Path part = partFile(path);
        try {
            Files.createDirectories(path.getParent());
            Files.copy(source, part);
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                long copied = channel.size();
                if (copied != size) {
                    throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "The source " + sourcePfn + " has " + copied
                            + " bytes, not the announced " + size);
                }
                channel.force(true);
            }
            Files.move(part, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return StoredObject.ofSize(pfn, size);
        } catch (NoSuchFileException e) {
            throw Files.exists(source) ? failure(pfn, e)
                    : new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "No such file for " + endpoint.rse() + " to copy: " + sourcePfn, e);
        } catch (IOException e) {
            throw failure(pfn, e);
        } finally {
            discard(part);
        }
    }

    @Override
    public void delete(String pfn) {
        try {
            Files.deleteIfExists(path(pfn));
        } catch (IOException e) {
            throw failure(pfn, e);
        }
    }

    @Override
    public void list(String pfnPrefix, Consumer<StoredObject> sink) {
        Path start = path(pfnPrefix);
        if (!Files.isDirectory(start)) {
            stat(pfnPrefix).ifPresent(sink);
            return;
        }
        String base = pfnPrefix.substring(0, pfnPrefix.length() - pfnPath(pfnPrefix).length());
        try {
            Files.walkFileTree(start, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (file.getFileName().toString().endsWith(PART_SUFFIX)) {
                        return FileVisitResult.CONTINUE;
                    }
                    BasicFileAttributes target = attributes;
                    if (attributes.isSymbolicLink()) {
                        try {
                            target = Files.readAttributes(file, BasicFileAttributes.class);
                        } catch (IOException e) {
                            return FileVisitResult.CONTINUE; // dangling, or gone meanwhile
                        }
                    }
                    if (target.isRegularFile()) {
                        sink.accept(StoredObject.ofSize(base + file, target.size(), target.lastModifiedTime().toInstant()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        // removed between reading its directory and reading it (a transfer's temporary file renamed away,
                        // a deletion): it is not on the storage any more, which is neither dark data nor an error
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw failure(pfnPrefix, e);
        }
    }

    private static String pfnPath(String pfn) {
        String rest = pfn.substring("file://".length());
        return rest.substring(rest.indexOf('/'));
    }

    @Override
    public Optional<String> checksum(String pfn, String algorithm) {
        try (InputStream in = Files.newInputStream(path(pfn))) {
            byte[] buffer = new byte[BUFFER];
            int n;
            switch (algorithm) {
                case "adler32" -> {
                    Adler32 adler = new Adler32();
                    while ((n = in.read(buffer)) > 0) {
                        adler.update(buffer, 0, n);
                    }
                    return Optional.of(String.format("%08x", adler.getValue()));
                }
                case "md5" -> {
                    MessageDigest md5 = MessageDigest.getInstance("MD5");
                    while ((n = in.read(buffer)) > 0) {
                        md5.update(buffer, 0, n);
                    }
                    return Optional.of(HexFormat.of().formatHex(md5.digest()));
                }
                default -> {
                    return Optional.empty();
                }
            }
        } catch (IOException e) {
            throw failure(pfn, e);
        } catch (NoSuchAlgorithmException e) {
            return Optional.empty();
        }
    }

    private LagunaException failure(String pfn, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "No such file on " + endpoint.rse() + ": " + pfn, e);
        }
        if (e instanceof AccessDeniedException) {
            return new LagunaException(ErrorCode.STORAGE_ACCESS_DENIED, "Permission denied on " + endpoint.rse() + ": " + pfn, e);
        }
        String reason = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Storage error on " + endpoint.rse() + " for " + pfn + ": " + reason, e);
    }
}
