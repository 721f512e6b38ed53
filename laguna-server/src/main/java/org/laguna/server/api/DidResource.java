package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import java.util.Objects;
import org.laguna.core.Services;
import org.laguna.server.http.Resource;

/** Rucio's {@code /dids} endpoints. */
public final class DidResource implements Resource {
    private final Services services;

    public DidResource(Services services) {
        this.services = Objects.requireNonNull(services, "services is null");
    }

    @Override
    public void register(RoutesConfig routes) {
    }
}
