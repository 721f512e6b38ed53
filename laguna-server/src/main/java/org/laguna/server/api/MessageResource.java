package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.db.JsonValues;
import org.laguna.core.event.MessageService;
import org.laguna.core.event.OutboxMessage;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * {@code GET /messages} (a Laguna extension, after Rucio's messages table): the outbox of events for
 * administrators, newest first. {@code sent=true} lists the history of what was delivered instead
 * of what is pending; {@code event_type}, {@code before_id} (to page) and {@code limit} (100) narrow it.
 */
public final class MessageResource implements Resource {
    private static final int DEFAULT_LIMIT = 100;

    private final MessageService messages;

    public MessageResource(MessageService messages) {
        this.messages = Objects.requireNonNull(messages, "messages is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/messages", ctx -> Http.json(ctx, messages.list(Http.caller(ctx), Http.queryBool(ctx, "sent", false),
                        text(ctx, "event_type"), text(ctx, "before_id").map(v -> number(v, "before_id")),
                        text(ctx, "limit").map(v -> (int) Math.min(Integer.MAX_VALUE, number(v, "limit"))).orElse(DEFAULT_LIMIT))
                .stream().map(MessageResource::json).toList()));
    }

    private static Optional<String> text(Context ctx, String key) {
        return Optional.ofNullable(ctx.queryParam(key)).filter(v -> !v.isBlank());
    }

    private static long number(String value, String key) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be a whole number, got '" + value + "'");
        }
    }

    private static Map<String, Object> json(OutboxMessage message) {
        return Http.ordered(
                "id", message.id(),
                "event_type", message.eventType(),
                "payload", JsonValues.read(message.payload()),
                "ordering_key", message.orderingKey(),
                "delivered_to", message.deliveredTo(),
                "created_at", Http.date(message.createdAt()),
                "delivered_at", message.deliveredAt().map(Http::date).orElse(null));
    }
}
