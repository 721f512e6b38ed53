package org.laguna.core.rse.expression;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An RSE as an expression sees it: its id, its name, and every attribute an expression may test
 * (its free attributes plus its fixed columns such as {@code rse_type}, and {@code <name>=true}).
 */
public record RseCandidate(UUID id, String name, Map<String, Object> attributes) {
    public RseCandidate {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(name, "name is null");
        attributes = Map.copyOf(attributes);
    }
}
