package org.laguna.core.rse.expression;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An RSE as an expression sees it: its id, its name, and every attribute an expression may test.
 * The caller decides what goes in: the free attributes, the RSE's own name mapped to
 * {@code true} (Rucio gives every RSE that attribute), and the fixed columns an expression may name
 * ({@code rse}, {@code rse_type}, {@code deterministic}, {@code country_name}, ...). Values are
 * strings, booleans or numbers; attributes with a null value are left out.
 */
public record RseCandidate(UUID id, String name, Map<String, Object> attributes) {
    public RseCandidate {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(name, "name is null");
        Map<String, Object> copy = new HashMap<>();
        if (attributes != null) {
            attributes.forEach((key, value) -> {
                if (key != null && value != null) {
                    copy.put(key, value);
                }
            });
        }
        attributes = Collections.unmodifiableMap(copy);
    }
}
