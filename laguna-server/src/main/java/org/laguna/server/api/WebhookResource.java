package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.db.JsonValues;
import org.laguna.core.event.webhook.DeadLetter;
import org.laguna.core.event.webhook.Webhook;
import org.laguna.core.event.webhook.WebhookService;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Webhooks (a Laguna extension), for administrators: {@code GET|POST /webhooks} lists and registers
 * them, {@code PUT /webhooks/{id}} enables or disables one or sets its event types,
 * {@code DELETE /webhooks/{id}} removes one, {@code POST /webhooks/{id}/test} sends it a test
 * event and answers what the receiver said, {@code GET /webhooks/{id}/dead_letters} lists the
 * deliveries that failed every attempt and {@code POST /webhooks/{id}/dead_letters} delivers them
 * again (all, or the {@code ids} given). No answer ever holds a webhook's secret.
 */
public final class WebhookResource implements Resource {
    private static final Set<String> ADD_KEYS = Set.of("url", "secret", "event_types", "enabled");
    private static final Set<String> UPDATE_KEYS = Set.of("event_types", "enabled");
    private static final Set<String> REDELIVER_KEYS = Set.of("ids");
    private static final int DEFAULT_LIMIT = 100;

    private final WebhookService webhooks;

    public WebhookResource(WebhookService webhooks) {
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/webhooks", ctx -> Http.json(ctx, webhooks.list(Http.caller(ctx)).stream().map(WebhookResource::json).toList()));
        routes.post("/webhooks", this::add);
        routes.put("/webhooks/{id}", this::update);
        routes.delete("/webhooks/{id}", ctx -> webhooks.remove(Http.caller(ctx), ctx.pathParam("id")));
        routes.post("/webhooks/{id}/test", ctx -> {
            WebhookService.TestResult result = webhooks.test(Http.caller(ctx), ctx.pathParam("id"));
            Http.json(ctx, Http.ordered("ok", result.ok(), "status", result.status() == 0 ? null : result.status(),
                    "error", result.error().isEmpty() ? null : result.error(), "duration_ms", result.millis()));
        });
        routes.get("/webhooks/{id}/dead_letters", ctx -> Http.json(ctx, webhooks.deadLetters(Http.caller(ctx), ctx.pathParam("id"),
                        query(ctx, "before_id").map(v -> number(v, "before_id")),
                        query(ctx, "limit").map(v -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number(v, "limit"))))
                                .orElse(DEFAULT_LIMIT))
                .stream().map(WebhookResource::json).toList()));
        routes.post("/webhooks/{id}/dead_letters", this::redeliver);
    }

    private void add(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "a webhook", ADD_KEYS);
        Boolean enabled = Http.optionalBool(body, "enabled");
        Webhook added = webhooks.add(Http.caller(ctx), new WebhookService.Registration(Http.requiredText(body, "url"),
                Http.optionalText(body, "secret"), texts(body, "event_types"), enabled == null || enabled));
        ctx.status(201);
        Http.json(ctx, json(added));
    }

    private void update(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "a webhook update", UPDATE_KEYS);
        Optional<List<String>> types = body.hasNonNull("event_types") ? Optional.of(texts(body, "event_types")) : Optional.empty();
        Http.json(ctx, json(webhooks.update(Http.caller(ctx), ctx.pathParam("id"), Optional.ofNullable(Http.optionalBool(body, "enabled")),
                types)));
    }

    private void redeliver(Context ctx) {
        ObjectNode body = Http.optionalJsonObject(ctx);
        Http.requireKnownKeys(body, "a redelivery", REDELIVER_KEYS);
        Optional<List<Long>> ids = Optional.empty();
        JsonNode given = body.get("ids");
        if (given != null && !given.isNull()) {
            if (!given.isArray()) {
                throw new LagunaException(ErrorCode.INVALID_TYPE, "ids must be a list of dead letter ids, got " + given);
            }
            List<Long> list = new ArrayList<>();
            for (JsonNode id : given) {
                if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                    throw new LagunaException(ErrorCode.INVALID_TYPE, "ids must be whole numbers, got " + id);
                }
                list.add(id.asLong());
            }
            ids = Optional.of(list);
        }
        int count = webhooks.redeliver(Http.caller(ctx), ctx.pathParam("id"), ids);
        Http.json(ctx, Map.of("redelivered", count));
    }

    private static List<String> texts(JsonNode body, String key) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, key + " must be a list of event types, got " + value.getNodeType());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new LagunaException(ErrorCode.INVALID_TYPE, key + " must hold strings, got " + item);
            }
            out.add(item.asText());
        }
        return out;
    }

    private static Optional<String> query(Context ctx, String key) {
        return Optional.ofNullable(ctx.queryParam(key)).filter(v -> !v.isBlank());
    }

    private static long number(String value, String key) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be a whole number, got '" + value + "'");
        }
    }

    private static Map<String, Object> json(Webhook webhook) {
        return Http.ordered(
                "id", webhook.id(),
                "url", webhook.url(),
                "event_types", webhook.eventTypes(),
                "enabled", webhook.enabled(),
                "created_by", webhook.createdBy(),
                "created_at", Http.date(webhook.createdAt()),
                "pending", webhook.pending(),
                "dead_letters", webhook.deadLetters(),
                "last_error", webhook.lastError().orElse(null));
    }

    private static Map<String, Object> json(DeadLetter letter) {
        return Http.ordered(
                "id", letter.id(),
                "webhook_id", letter.webhookId(),
                "message_id", letter.messageId(),
                "event_type", letter.eventType(),
                "ordering_key", letter.orderingKey(),
                "attempts", letter.attempts(),
                "last_status", letter.lastStatus().orElse(null),
                "last_error", letter.lastError(),
                "created_at", Http.date(letter.createdAt()),
                "failed_at", Http.date(letter.failedAt()),
                "body", JsonValues.read(letter.body()));
    }
}
