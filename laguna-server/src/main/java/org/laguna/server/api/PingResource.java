package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.db.Database;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;

/** {@code /ping} (Rucio's, with the API version Laguna speaks) and {@code /health}. */
public final class PingResource implements Resource {
    /** The Rucio API version whose REST interface Laguna serves. */
    public static final String RUCIO_API_VERSION = "41.0.0";

    private final Database database;

    public PingResource(Database database) {
        this.database = Objects.requireNonNull(database, "database is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/ping", ctx -> Http.json(ctx, Map.of("version", RUCIO_API_VERSION)));
        routes.get("/health", ctx -> {
            database.ping();
            Http.json(ctx, Map.of("status", "ok"));
        });
    }
}
