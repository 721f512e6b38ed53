package org.laguna.core.did;

import org.laguna.core.common.Names;

/** The identifier of a DID: {@code scope:name}. */
public record DidKey(String scope, String name) {
    public DidKey {
        Names.scope(scope);
        Names.name(name);
    }

    @Override
    public String toString() {
        return scope + ":" + name;
    }
}
