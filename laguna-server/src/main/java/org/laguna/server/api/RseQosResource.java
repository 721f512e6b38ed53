package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import java.util.Objects;
import org.laguna.core.rse.RseQosPolicies;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;

/** Rucio's {@code /rses/{rse}/qos_policy} (GET: the list as one JSON array) and {@code /rses/{rse}/qos_policy/{policy}} (POST, DELETE). */
public final class RseQosResource implements Resource {
    private final RseQosPolicies policies;

    public RseQosResource(RseQosPolicies policies) {
        this.policies = Objects.requireNonNull(policies, "policies is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/rses/{rse}/qos_policy", ctx -> Http.json(ctx, policies.list(Http.caller(ctx), ctx.pathParam("rse"))));
        routes.post("/rses/{rse}/qos_policy/{policy}", ctx -> {
            policies.add(Http.caller(ctx), ctx.pathParam("rse"), ctx.pathParam("policy"));
            Http.created(ctx);
        });
        routes.delete("/rses/{rse}/qos_policy/{policy}", ctx -> {
            policies.delete(Http.caller(ctx), ctx.pathParam("rse"), ctx.pathParam("policy"));
            ctx.status(200);
        });
    }
}
