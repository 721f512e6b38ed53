package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import java.util.Objects;
import org.laguna.core.Services;
import org.laguna.server.http.Resource;

/** Rucio's {@code /accounts} endpoints. */
public final class AccountResource implements Resource {
    private final Services services;

    public AccountResource(Services services) {
        this.services = Objects.requireNonNull(services, "services is null");
    }

    @Override
    public void register(RoutesConfig routes) {
    }
}
