package org.laguna.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/** POSIX RSEs in temporary directories for the transfer tests: one directory per RSE, named after it in lower case. */
public final class PosixRses {
    private PosixRses() {
    }

    /** Adds an RSE whose file protocol (WAN read, write, delete) has the given prefix. */
    public static void add(Rest root, String rse, Path prefix) {
        root.post("/rses/" + rse, Map.of());
        root.post("/rses/" + rse + "/protocols/file", Map.of("hostname", "localhost", "port", 0, "prefix", prefix.toString(),
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
    }

    /** Adds an RSE stored under {@code storage/<rse in lower case>}. */
    public static void addUnder(Rest root, String rse, Path storage) {
        add(root, rse, storage.resolve(rse.toLowerCase(Locale.ROOT)));
    }

    /** The file of that name stored on an RSE added with {@link #addUnder}, or null. */
    public static Path stored(Path storage, String rse, String name) {
        Path dir = storage.resolve(rse.toLowerCase(Locale.ROOT));
        if (!Files.exists(dir)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.getFileName().toString().equals(name)).findFirst().orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
