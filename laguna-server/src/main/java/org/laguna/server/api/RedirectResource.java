package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.did.DidKey;
import org.laguna.core.replica.ReplicaListing;
import org.laguna.core.replica.ReplicaRedirector;
import org.laguna.server.http.Http;
import org.laguna.server.http.MetalinkWriter;
import org.laguna.server.http.Resource;

/**
 * Rucio's header redirect {@code GET /redirect/{scope}/{name}}: answers 303 with the chosen PFN of the
 * file in {@code Location}. Query parameters as in Rucio: {@code rse}, {@code site}, {@code schemes}
 * (repeated or comma-separated), {@code sort} (or {@code select}); and its Metalink variant
 * {@code GET /redirect/{scope}/{name}/metalink}.
 */
public final class RedirectResource implements Resource {
    private final ReplicaRedirector redirector;

    public RedirectResource(ReplicaRedirector redirector) {
        this.redirector = Objects.requireNonNull(redirector, "redirector is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/redirect/{scope}/{name}", this::redirect);
        routes.get("/redirect/{scope}/{name}/metalink", this::metalink);
    }

    private static List<String> schemes(Context ctx) {
        List<String> schemes = new ArrayList<>();
        for (String value : ctx.queryParams("schemes")) {
            for (String scheme : value.split(",")) {
                if (!scheme.isBlank()) {
                    schemes.add(scheme.strip());
                }
            }
        }
        return schemes;
    }

    private static String sort(Context ctx, String otherwise) {
        return Optional.ofNullable(ctx.queryParam("sort")).orElse(Optional.ofNullable(ctx.queryParam("select")).orElse(otherwise));
    }

    /** The files of the DID and their PFNs as Metalink 4, best first ({@code sort=random}: in random order). */
    private void metalink(Context ctx) {
        DidKey did = new DidKey(ctx.pathParam("scope"), ctx.pathParam("name"));
        List<ReplicaListing> files = redirector.metalink(Http.caller(ctx), did, schemes(ctx), sort(ctx, "priority"));
        MetalinkWriter.stream(ctx, sink -> files.forEach(sink));
    }

    private void redirect(Context ctx) {
        DidKey did = new DidKey(ctx.pathParam("scope"), ctx.pathParam("name"));
        List<String> schemes = schemes(ctx);
        String sort = sort(ctx, "random");
        String url = redirector.select(Http.caller(ctx), did, schemes, Optional.ofNullable(ctx.queryParam("rse")).filter(s -> !s.isBlank()),
                Optional.ofNullable(ctx.queryParam("site")).filter(s -> !s.isBlank()), sort);
        ctx.status(303).header("Location", url);
    }
}
