package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import java.util.Objects;
import org.laguna.core.scope.ScopeService;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;

/** Rucio's {@code /scopes} endpoints. */
public final class ScopeResource implements Resource {
    private final ScopeService scopes;

    public ScopeResource(ScopeService scopes) {
        this.scopes = Objects.requireNonNull(scopes, "scopes is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/scopes", ctx -> Http.json(ctx, scopes.list(Http.caller(ctx))));
        routes.get("/scopes/owner", ctx -> Http.json(ctx, scopes.owners(Http.caller(ctx))));
        routes.get("/scopes/{account}/scopes", ctx -> Http.json(ctx, scopes.listFor(Http.caller(ctx), ctx.pathParam("account"))));
        routes.post("/scopes/{account}/{scope}", ctx -> {
            scopes.add(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("scope"));
            Http.created(ctx);
        });
        routes.put("/scopes/{account}/{scope}", ctx -> {
            scopes.changeOwner(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("scope"));
            Http.created(ctx);
        });
    }
}
