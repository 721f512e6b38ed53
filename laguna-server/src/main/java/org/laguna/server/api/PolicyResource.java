package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.laguna.core.auth.oidc.TokenGrants;
import org.laguna.core.permission.PolicyExplainer;
import org.laguna.core.permission.declarative.Decision;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * {@code GET /policy/explain?account=A&action=X[&scope=S][&rse=R][&did=scope:name][&other=value]...}:
 * whether the account may perform the action under the permission policy in force, and which
 * statement decided. {@code token_scope} and {@code token_groups} (space-separated) stand for what
 * the account's OIDC token would grant; every other parameter is an argument of the action. The
 * action's own {@code account} argument (the account a rule, scope or subscription is for) is the
 * account asked about unless {@code argument_account} names another.
 * Administrators only.
 */
public final class PolicyResource implements Resource {
    private static final Set<String> NOT_ARGUMENTS = Set.of("account", "action", "did", "token_scope", "token_groups", "argument_account");

    private final PolicyExplainer explainer;

    public PolicyResource(PolicyExplainer explainer) {
        this.explainer = Objects.requireNonNull(explainer, "explainer is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/policy/explain", this::explain);
    }

    private void explain(Context ctx) {
        String account = required(ctx, "account");
        String action = required(ctx, "action");
        Map<String, String> arguments = new TreeMap<>();
        ctx.queryParamMap().forEach((key, values) -> {
            if (!NOT_ARGUMENTS.contains(key) && !values.isEmpty()) {
                arguments.put(key, values.getFirst());
            }
        });
        String forAccount = ctx.queryParam("argument_account");
        arguments.put("account", forAccount == null ? account : forAccount);
        String did = ctx.queryParam("did");
        if (did != null) {
            int colon = did.indexOf(':');
            if (colon <= 0 || colon == did.length() - 1) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "did must be scope:name, got '" + did + "'");
            }
            arguments.put("scope", did.substring(0, colon));
            arguments.put("name", did.substring(colon + 1));
        }
        TokenGrants grants = ctx.queryParam("token_scope") == null && ctx.queryParam("token_groups") == null
                ? TokenGrants.NONE
                : TokenGrants.fromClaims(ctx.queryParam("token_scope"), ctx.queryParam("token_groups"), null);
        Decision decision = explainer.explain(Http.caller(ctx), account, action, arguments, grants);
        Http.json(ctx, Http.ordered("account", account, "action", action, "arguments", arguments,
                "decision", decision.allowed() ? "allow" : "deny", "allowed", decision.allowed(),
                "statement", decision.statement(), "explanation", decision.explanation()));
    }

    private static String required(Context ctx, String key) {
        String value = ctx.queryParam(key);
        if (value == null || value.isBlank()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "the query parameter '" + key + "' is required");
        }
        return value;
    }
}
