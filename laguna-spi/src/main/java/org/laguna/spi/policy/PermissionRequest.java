package org.laguna.spi.policy;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One permission question: the issuing account, the action (Rucio's action names such as
 * {@code add_did}, see {@link Actions}) and the action's arguments (for example {@code scope},
 * {@code account}, {@code rse}).
 */
public record PermissionRequest(String issuer, String vo, String action, Map<String, String> arguments) {
    public PermissionRequest {
        Objects.requireNonNull(issuer, "issuer is null");
        Objects.requireNonNull(vo, "vo is null");
        Objects.requireNonNull(action, "action is null");
        arguments = Map.copyOf(arguments);
    }

    public static PermissionRequest of(String issuer, String vo, String action, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("keyValues must come in pairs");
        }
        Map<String, String> arguments = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] != null) {
                arguments.put(keyValues[i], keyValues[i + 1]);
            }
        }
        return new PermissionRequest(issuer, vo, action, arguments);
    }

    public Optional<String> argument(String key) {
        return Optional.ofNullable(arguments.get(key));
    }
}
