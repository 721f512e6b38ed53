package org.laguna.server.http;

import io.javalin.config.RoutesConfig;

/** A group of REST endpoints; each registers its own routes. */
public interface Resource {
    void register(RoutesConfig routes);
}
