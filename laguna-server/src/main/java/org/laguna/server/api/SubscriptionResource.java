package org.laguna.server.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.rule.RuleService;
import org.laguna.core.subscription.Subscription;
import org.laguna.core.subscription.SubscriptionService;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's {@code /subscriptions} endpoints, with the capitalised paths older clients still call. */
public final class SubscriptionResource implements Resource {
    private final SubscriptionService subscriptions;
    private final RuleService rules;

    public SubscriptionResource(SubscriptionService subscriptions, RuleService rules) {
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions is null");
        this.rules = Objects.requireNonNull(rules, "rules is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/subscriptions", ctx -> list(ctx, null, null));
        routes.get("/subscriptions/", ctx -> list(ctx, null, null));
        both(routes, "/subscriptions/id/{id}", "/subscriptions/Id/{id}",
                ctx -> Http.json(ctx, json(subscriptions.get(Http.caller(ctx), ctx.pathParam("id")))));
        both(routes, "/subscriptions/name/{name}", "/subscriptions/Name/{name}", ctx -> list(ctx, null, ctx.pathParam("name")));
        both(routes, "/subscriptions/{account}/rules/states", "/subscriptions/{account}/Rules/States", ctx -> states(ctx, null));
        both(routes, "/subscriptions/{account}/{name}/rules/states", "/subscriptions/{account}/{name}/Rules/States",
                ctx -> states(ctx, ctx.pathParam("name")));
        both(routes, "/subscriptions/{account}/{name}/rules", "/subscriptions/{account}/{name}/Rules", this::rulesOf);
        routes.get("/subscriptions/{account}/{name}", ctx -> list(ctx, ctx.pathParam("account"), ctx.pathParam("name")));
        routes.get("/subscriptions/{account}", ctx -> list(ctx, ctx.pathParam("account"), null));
        routes.post("/subscriptions/{account}/{name}", ctx -> {
            UUID id = subscriptions.add(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("name"), options(ctx));
            ctx.status(201).result(id.toString().replace("-", ""));
        });
        routes.put("/subscriptions/{account}/{name}", ctx -> {
            subscriptions.update(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("name"), options(ctx));
            Http.created(ctx);
        });
    }

    private static void both(RoutesConfig routes, String path, String legacyPath, Handler handler) {
        routes.get(path, handler);
        routes.get(legacyPath, handler);
    }

    private void list(Context ctx, String account, String name) {
        // the first is found before the stream starts, so "none" is a 404 rather than an empty 200
        List<Subscription> found = new ArrayList<>();
        subscriptions.list(Http.caller(ctx), account, name, found::add);
        NdjsonWriter.stream(ctx, sink -> found.forEach(subscription -> sink.accept(json(subscription))));
    }

    private void states(Context ctx, String name) {
        NdjsonWriter.stream(ctx, sink -> subscriptions.ruleStates(Http.caller(ctx), ctx.pathParam("account"), name,
                count -> sink.accept(List.of(count.account(), count.name(), count.state().name(), count.count()))));
    }

    private void rulesOf(Context ctx) {
        UUID id = subscriptions.idOf(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("name"));
        Map<String, String> filters = new HashMap<>();
        filters.put("subscription_id", id.toString());
        String state = ctx.queryParam("state");
        if (state != null) {
            filters.put("state", state);
        }
        NdjsonWriter.stream(ctx, sink -> rules.list(filters, rule -> sink.accept(RuleResource.json(rule))));
    }

    /** The {@code options} object of Rucio's body, as plain values. */
    private static Map<String, Object> options(Context ctx) {
        JsonNode options = Http.jsonObject(ctx).get("options");
        if (options == null || !options.isObject()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "the body needs an 'options' dictionary");
        }
        return Http.JSON.convertValue(options, new TypeReference<Map<String, Object>>() { });
    }

    /** A subscription as Rucio renders it: filter and replication_rules as JSON text. */
    static Map<String, Object> json(Subscription subscription) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", subscription.id().toString().replace("-", ""));
        out.put("name", subscription.name());
        out.put("filter", subscription.filter());
        out.put("replication_rules", subscription.replicationRules());
        out.put("policyid", subscription.policyId());
        out.put("state", subscription.state().name());
        out.put("last_processed", Http.date(subscription.lastProcessed()));
        out.put("account", subscription.account());
        out.put("lifetime", Http.date(subscription.expiredAt()));
        out.put("comments", subscription.comments());
        out.put("retroactive", subscription.retroactive());
        out.put("expired_at", Http.date(subscription.expiredAt()));
        out.put("created_at", Http.date(subscription.createdAt()));
        out.put("updated_at", Http.date(subscription.updatedAt()));
        return out;
    }
}
