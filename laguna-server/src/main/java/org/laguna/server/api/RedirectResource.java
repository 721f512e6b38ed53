package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.did.DidKey;
import org.laguna.core.replica.ReplicaRedirector;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;

/**
 * Rucio's header redirect {@code GET /redirect/{scope}/{name}}: answers 303 with the chosen PFN of the
 * file in {@code Location}. Query parameters as in Rucio: {@code rse}, {@code site}, {@code schemes}
 * (repeated or comma-separated), {@code sort} (or {@code select}).
 */
public final class RedirectResource implements Resource {
    private final ReplicaRedirector redirector;

    public RedirectResource(ReplicaRedirector redirector) {
        this.redirector = Objects.requireNonNull(redirector, "redirector is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/redirect/{scope}/{name}", this::redirect);
    }

    private void redirect(Context ctx) {
        DidKey did = new DidKey(ctx.pathParam("scope"), ctx.pathParam("name"));
        List<String> schemes = new ArrayList<>();
        for (String value : ctx.queryParams("schemes")) {
            for (String scheme : value.split(",")) {
                if (!scheme.isBlank()) {
                    schemes.add(scheme.strip());
                }
            }
        }
        String sort = Optional.ofNullable(ctx.queryParam("sort")).orElse(Optional.ofNullable(ctx.queryParam("select")).orElse("random"));
        String url = redirector.select(Http.caller(ctx), did, schemes, Optional.ofNullable(ctx.queryParam("rse")).filter(s -> !s.isBlank()),
                Optional.ofNullable(ctx.queryParam("site")).filter(s -> !s.isBlank()), sort);
        ctx.status(303).header("Location", url);
    }
}
