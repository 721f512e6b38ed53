package org.laguna.core.storage;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.laguna.core.config.ConfigSource;

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
        return from(ConfigSource.load(home, env));
    }

    /** Reads the secrets from a source already loaded (the one the whole process reads). */
    public static StorageCredentials from(ConfigSource source) {
        Map<String, Map<String, String>> byRse = new HashMap<>();
        source.fileEntries("storage.").forEach((name, value) -> {
            int dot = name.lastIndexOf('.');
            if (dot > "storage.".length()) {
                String rse = name.substring("storage.".length(), dot);
                byRse.computeIfAbsent(rse.toUpperCase(Locale.ROOT).replace('-', '_'), k -> new HashMap<>())
                        .put(name.substring(dot + 1), value);
            }
        });
        source.environmentEntries("LAGUNA_STORAGE_").forEach((name, value) -> {
            String rest = name.substring("LAGUNA_STORAGE_".length());
            for (String key : new String[] {"ACCESS_KEY", "SECRET_KEY", "REGION", "TOKEN", "USERNAME", "PASSWORD"}) {
                if (rest.endsWith("_" + key)) {
                    byRse.computeIfAbsent(rest.substring(0, rest.length() - key.length() - 1), k -> new HashMap<>())
                            .put(key.toLowerCase(Locale.ROOT), value);
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
