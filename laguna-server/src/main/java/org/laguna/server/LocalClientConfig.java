package org.laguna.server;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.laguna.core.auth.Bootstrap;

/**
 * {@code <home>/config} (mode 0600): root's generated credentials, saved for the local command line.
 * Written whole through a temporary file, so it is either the old or the new text, never half.
 */
final class LocalClientConfig {
    private static final List<String> ROOT_KEYS = List.of("account", "username", "password");

    private final Path file;

    LocalClientConfig(Path home) {
        this.file = Objects.requireNonNull(home, "home is null").resolve("config");
    }

    Path file() {
        return file;
    }

    /** The password saved for this username, if the file holds one. */
    Optional<String> savedPassword(String username) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!username.equals(properties.getProperty("username"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(properties.getProperty("password")).filter(password -> !password.isBlank());
    }

    /** Saves root's credentials, keeping the file's other lines. */
    void saveRoot(Bootstrap.RootCredentials root) {
        try {
            List<String> lines = new ArrayList<>();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (ROOT_KEYS.stream().noneMatch(key -> line.strip().startsWith(key + "="))) {
                        lines.add(line);
                    }
                }
            } else {
                lines.add("# Written by the local Laguna server for the local command line.");
            }
            lines.add("account=" + root.account());
            lines.add("username=" + root.username());
            lines.add("password=" + root.password());
            Path temporary = Files.createTempFile(file.getParent(), "config", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(temporary, lines, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot save root's password in " + file + ": " + e.getMessage(), e);
        }
    }
}
