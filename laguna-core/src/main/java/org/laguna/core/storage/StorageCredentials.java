package org.laguna.core.storage;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Secrets of the storage endpoints, kept on the server only: {@code storage.<RSE>.<key>} in
 * {@code <home>/laguna.properties}, or the environment variable {@code LAGUNA_STORAGE_<RSE>_<KEY>}
 * (RSE name and key upper-cased, dashes as underscores). Keys depend on the protocol:
 * {@code access_key}, {@code secret_key}, {@code region} for S3; {@code token} or
 * {@code username}/{@code password} for WebDAV. Never logged, never returned by any API.
 */
public final class StorageCredentials {
    private final Map<String, Map<String, String>> byRse;

    private StorageCredentials(Map<String, Map<String, String>> byRse) {
        this.byRse = byRse;
    }

    public static StorageCredentials load(Path home, Map<String, String> env) {
        Map<String, Map<String, String>> byRse = new HashMap<>();
        Path file = home.resolve("laguna.properties");
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
            }
            for (String name : properties.stringPropertyNames()) {
                if (name.startsWith("storage.")) {
                    int dot = name.lastIndexOf('.');
                    if (dot > "storage.".length()) {
                        String rse = name.substring("storage.".length(), dot);
                        byRse.computeIfAbsent(rse.toUpperCase(Locale.ROOT).replace('-', '_'), k -> new HashMap<>())
                                .put(name.substring(dot + 1), properties.getProperty(name).trim());
                    }
                }
            }
        }
        env.forEach((name, value) -> {
            if (name.startsWith("LAGUNA_STORAGE_")) {
                String rest = name.substring("LAGUNA_STORAGE_".length());
                for (String key : new String[] {"ACCESS_KEY", "SECRET_KEY", "REGION", "TOKEN", "USERNAME", "PASSWORD"}) {
                    if (rest.endsWith("_" + key)) {
                        byRse.computeIfAbsent(rest.substring(0, rest.length() - key.length() - 1), k -> new HashMap<>())
                                .put(key.toLowerCase(Locale.ROOT), value);
                    }
                }
            }
        });
        return new StorageCredentials(byRse);
    }

    /** The secrets of an RSE, empty if none are configured. */
    public Map<String, String> forRse(String rse) {
        return Map.copyOf(byRse.getOrDefault(rse.toUpperCase(Locale.ROOT).replace('-', '_'), Map.of()));
    }

    @Override
    public String toString() {
        return "StorageCredentials[" + byRse.size() + " RSEs, values hidden]";
    }
}
