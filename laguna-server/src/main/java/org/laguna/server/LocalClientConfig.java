package org.laguna.server;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.laguna.cli.ConfigFile;
import org.laguna.core.auth.Bootstrap;

/**
 * {@code <home>/config} (mode 0600): root's generated credentials, saved for the local command line.
 * Written whole through a temporary file, so it is either the old or the new text, never half.
 */
final class LocalClientConfig {
    private final ConfigFile file;

    LocalClientConfig(Path home) {
        this.file = new ConfigFile(Objects.requireNonNull(home, "home is null").resolve("config"));
    }

    Path file() {
        return file.file();
    }

    /** The password saved for this username, if the file holds one. */
    Optional<String> savedPassword(String username) {
        Properties properties;
        try {
            properties = file.read();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!username.equals(properties.getProperty("username"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(properties.getProperty("password")).filter(password -> !password.isBlank());
    }

    /** Saves root's credentials, keeping the file's other lines (and dropping the token of an earlier login). */
    void saveRoot(Bootstrap.RootCredentials root) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("account", root.account());
        lines.put("username", root.username());
        lines.put("password", root.password());
        lines.put("token", null);
        lines.put("token_expires", null);
        file.update(lines, "Written by the local Laguna server for the local command line.");
    }
}
