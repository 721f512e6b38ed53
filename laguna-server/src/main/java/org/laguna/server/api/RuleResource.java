package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.laguna.core.common.Ids;
import org.laguna.core.did.DidKey;
import org.laguna.core.rule.Grouping;
import org.laguna.core.rule.NewRule;
import org.laguna.core.rule.Notification;
import org.laguna.core.rule.Rule;
import org.laguna.core.rule.RuleService;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's {@code /rules} and {@code /locks} endpoints, and the rule listings under accounts. */
public final class RuleResource implements Resource {
    private static final Set<String> ADD_KEYS = Set.of("dids", "account", "copies", "rse_expression", "grouping", "weight", "lifetime",
            "locked", "subscription_id", "source_replica_expression", "activity", "notify", "purge_replicas", "ignore_availability",
            "comment", "ask_approval", "asynchronous", "delay_injection", "priority", "split_container", "meta", "ignore_account_limit");

    private final RuleService rules;

    public RuleResource(RuleService rules) {
        this.rules = Objects.requireNonNull(rules, "rules is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/rules", this::add);
        routes.post("/rules/", this::add);
        routes.get("/rules", this::list);
        routes.get("/rules/", this::list);
        routes.get("/rules/<rest>", this::get);
        routes.put("/rules/{id}", this::update);
        routes.delete("/rules/{id}", this::delete);
        routes.post("/rules/{id}/reduce", this::reduce);
        routes.post("/rules/{id}/move", this::move);
        routes.get("/accounts/{account}/rules", ctx -> {
            Map<String, String> filters = queryFilters(ctx);
            filters.put("account", ctx.pathParam("account"));
            NdjsonWriter.stream(ctx, sink -> rules.list(filters, rule -> sink.accept(json(rule))));
        });
        routes.get("/locks/<rest>", this::locks);
        routes.post("/locks/bulk_locks_for_dids", this::bulkLocks);
    }

    // ---------------------------------------------------------------- JSON

    /** A rule as Rucio renders it. */
    public static Map<String, Object> json(Rule rule) {
        return RuleJson.rule(rule);
    }

    private static UUID id(Context ctx, String raw) {
        String value = raw.length() == 32 && raw.indexOf('-') < 0
                ? raw.substring(0, 8) + "-" + raw.substring(8, 12) + "-" + raw.substring(12, 16) + "-" + raw.substring(16, 20) + "-" + raw.substring(20)
                : raw;
        return RuleService.parseId(value);
    }

    private static String hex(UUID id) {
        return Ids.hex(id);
    }

    // ---------------------------------------------------------------- rules

    private void add(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "a rule", ADD_KEYS);
        JsonNode dids = body.get("dids");
        if (dids == null || !dids.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "dids must be a list of {scope, name}");
        }
        List<DidKey> keys = new ArrayList<>();
        for (JsonNode did : dids) {
            if (!did.isObject()) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "each of dids must be an object with scope and name");
            }
            keys.add(new DidKey(Http.requiredText(did, "scope"), Http.requiredText(did, "name")));
        }
        JsonNode copies = body.get("copies");
        if (copies == null || !copies.canConvertToInt() || !copies.isIntegralNumber()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "copies must be a positive integer");
        }
        Long lifetime = Http.optionalLifetime(body, "lifetime");
        Long delayInjection = Http.optionalLifetime(body, "delay_injection");
        Integer priority = Http.optionalInt(body, "priority", Integer.MIN_VALUE, Integer.MAX_VALUE);
        String grouping = Http.optionalText(body, "grouping");
        String notify = Http.optionalText(body, "notify");
        JsonNode meta = body.get("meta");
        Map<String, Object> metaMap = null;
        if (meta != null && !meta.isNull()) {
            JsonNode parsed = meta.isTextual() ? parse(meta.asText()) : meta;
            if (!parsed.isObject()) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "meta must be an object");
            }
            metaMap = Http.JSON.convertValue(parsed, Map.class);
        }
        NewRule spec = new NewRule(keys, Http.optionalText(body, "account"), copies.asInt(), Http.requiredText(body, "rse_expression"),
                grouping == null ? Grouping.DATASET : Grouping.parse(grouping), Http.optionalText(body, "weight"),
                lifetime == null ? null : Duration.ofSeconds(lifetime), bool(body, "locked"),
                Http.optionalText(body, "source_replica_expression"), Http.optionalText(body, "activity"),
                notify == null ? Notification.NO : Notification.parse(notify), bool(body, "purge_replicas"),
                bool(body, "ignore_availability"), bool(body, "ignore_account_limit"), Http.optionalText(body, "comment"),
                bool(body, "ask_approval"), bool(body, "asynchronous") || body.hasNonNull("delay_injection"),
                priority == null ? 3 : priority, bool(body, "split_container"), metaMap,
                delayInjection == null ? Duration.ZERO : Duration.ofSeconds(delayInjection));
        List<UUID> ids = rules.add(Http.caller(ctx), spec);
        ctx.status(201);
        Http.json(ctx, ids.stream().map(RuleResource::hex).toList());
    }

    private static JsonNode parse(String text) {
        try {
            return Http.requireValidUnicode(Http.JSON.readTree(text));
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "meta is not JSON: " + e.getMessage());
        }
    }

    private static boolean bool(JsonNode body, String key) {
        Boolean value = Http.optionalBool(body, key);
        return value != null && value;
    }

    private static Map<String, String> queryFilters(Context ctx) {
        Map<String, String> filters = new LinkedHashMap<>();
        ctx.queryParamMap().forEach((key, values) -> {
            if (!values.isEmpty()) {
                filters.put(key, values.getFirst());
            }
        });
        return filters;
    }

    private void list(Context ctx) {
        Map<String, String> filters = queryFilters(ctx);
        NdjsonWriter.stream(ctx, sink -> rules.list(filters, rule -> sink.accept(json(rule))));
    }

    private void get(Context ctx) {
        List<String> parts = new ArrayList<>(Arrays.asList(ctx.pathParam("rest").split("/", -1)));
        while (parts.size() > 1 && parts.getLast().isEmpty()) {
            parts.removeLast();
        }
        int n = parts.size();
        if (n == 1) {
            Http.json(ctx, json(rules.get(id(ctx, parts.getFirst()))));
        } else if (n == 2 && parts.get(1).equals("locks")) {
            UUID id = id(ctx, parts.getFirst());
            NdjsonWriter.stream(ctx, sink -> rules.locks(id, lock -> sink.accept(RuleJson.lock(lock))));
        } else if (n == 2 && parts.get(1).equals("history")) {
            UUID id = id(ctx, parts.getFirst());
            NdjsonWriter.stream(ctx, sink -> rules.history(id, row -> sink.accept(RuleJson.history(row))));
        } else if (n == 2 && parts.get(1).equals("analysis")) {
            Http.json(ctx, RuleJson.analysis(rules.analysis(id(ctx, parts.getFirst()))));
        } else if (n >= 3 && parts.getLast().equals("history")) {
            DidKey did = new DidKey(parts.getFirst(), String.join("/", parts.subList(1, n - 1)));
            NdjsonWriter.stream(ctx, sink -> rules.historyOfDid(did, row -> sink.accept(RuleJson.history(row))));
        } else {
            throw new LagunaException(ErrorCode.NOT_FOUND, "No such endpoint: /rules/" + ctx.pathParam("rest"));
        }
    }

    private void update(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "a rule update", Set.of("options"));
        JsonNode options = body.get("options");
        if (options == null || !options.isObject()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "options must be an object");
        }
        rules.update(Http.caller(ctx), id(ctx, ctx.pathParam("id")), RuleJson.update(options));
        ctx.status(200);
    }

    private void delete(Context ctx) {
        ObjectNode body = Http.optionalJsonObject(ctx);
        Boolean purge = body == null ? null : Http.optionalBool(body, "purge_replicas");
        // "immediate" is Laguna's: administrators remove the rule at once instead of Rucio's soft delete
        Boolean immediate = body == null ? null : Http.optionalBool(body, "immediate");
        rules.delete(Http.caller(ctx), id(ctx, ctx.pathParam("id")), purge, immediate != null && immediate);
        ctx.status(200);
    }

    private void reduce(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "a rule reduction", Set.of("copies", "exclude_expression"));
        Integer copies = Http.optionalInt(body, "copies", 0, Integer.MAX_VALUE);
        if (copies == null) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "copies is missing");
        }
        List<UUID> ids = rules.reduce(Http.caller(ctx), id(ctx, ctx.pathParam("id")), copies,
                Http.optionalText(body, "exclude_expression"));
        ctx.status(201);
        Http.json(ctx, ids.stream().map(RuleResource::hex).toList());
    }

    private void move(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "a rule move", Set.of("rule_id", "rse_expression", "override", "activity", "source_replica_expression"));
        UUID ruleId = id(ctx, ctx.pathParam("id"));
        String bodyRuleId = Http.optionalText(body, "rule_id");
        if (bodyRuleId != null && !id(ctx, bodyRuleId).equals(ruleId)) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "The body's rule_id " + bodyRuleId + " differs from the rule "
                    + ctx.pathParam("id") + " of the URL: give one rule, or the same in both");
        }
        List<UUID> ids = rules.move(Http.caller(ctx), ruleId, Http.requiredText(body, "rse_expression"), RuleJson.moveOverrides(body));
        ctx.status(201);
        // Rucio answers the new rule's id as one JSON string, which its CLI prints as it is
        Http.json(ctx, hex(ids.getFirst()));
    }

    // ---------------------------------------------------------------- locks

    private void locks(Context ctx) {
        List<String> parts = new ArrayList<>(Arrays.asList(ctx.pathParam("rest").split("/", -1)));
        while (parts.size() > 1 && parts.getLast().isEmpty()) {
            parts.removeLast();
        }
        String didType = ctx.queryParam("did_type");
        if (parts.size() == 1) {
            if (!"dataset".equalsIgnoreCase(didType)) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "did_type must be dataset for locks by RSE");
            }
            String rse = parts.getFirst();
            NdjsonWriter.stream(ctx, sink -> rules.datasetLocksOnRse(Http.caller(ctx).vo(), rse, lock -> sink.accept(RuleJson.datasetLock(lock))));
            return;
        }
        DidKey did = new DidKey(parts.getFirst(), String.join("/", parts.subList(1, parts.size())));
        if (didType == null || "dataset".equalsIgnoreCase(didType)) {
            NdjsonWriter.stream(ctx, sink -> rules.datasetLocks(did, lock -> sink.accept(RuleJson.datasetLock(lock))));
        } else if ("file".equalsIgnoreCase(didType)) {
            NdjsonWriter.stream(ctx, sink -> rules.locksOfFile(did, lock -> sink.accept(RuleJson.lock(lock))));
        } else {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "did_type must be dataset or file, got " + didType);
        }
    }

    private void bulkLocks(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        JsonNode dids = body.get("dids");
        if (dids == null || !dids.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "dids must be a list of {scope, name}");
        }
        List<DidKey> keys = new ArrayList<>();
        for (JsonNode did : dids) {
            keys.add(new DidKey(Http.requiredText(did, "scope"), Http.requiredText(did, "name")));
        }
        NdjsonWriter.stream(ctx, sink -> {
            for (DidKey did : keys) {
                rules.locksOfFile(did, lock -> sink.accept(RuleJson.lock(lock)));
                rules.datasetLocks(did, lock -> sink.accept(RuleJson.datasetLock(lock)));
            }
        });
    }

    /** {@code /dids/{scope}/{name}/rules} and {@code .../associated_rules}. */
    public void didRules(Context ctx, DidKey did, boolean associated) {
        NdjsonWriter.stream(ctx, sink -> {
            if (associated) {
                rules.listAssociated(did, rule -> sink.accept(json(rule)));
            } else {
                rules.listForDid(did, rule -> sink.accept(json(rule)));
            }
        });
    }
}
