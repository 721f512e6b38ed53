package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.laguna.core.did.DidKey;
import org.laguna.core.lifetime.LifetimeException;
import org.laguna.core.lifetime.LifetimeExceptionService;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's {@code /lifetime_exceptions/}: GET lists the exceptions (one line per DID), POST asks for
 * one; {@code /lifetime_exceptions/{id}}: GET lists one, PUT with {@code state} approves or rejects it
 * (administrators).
 */
public final class LifetimeExceptionResource implements Resource {
    private static final DateTimeFormatter RUCIO_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT);

    private final LifetimeExceptionService exceptions;

    public LifetimeExceptionResource(LifetimeExceptionService exceptions) {
        this.exceptions = Objects.requireNonNull(exceptions, "exceptions is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/lifetime_exceptions", ctx -> list(ctx, null));
        routes.post("/lifetime_exceptions", this::add);
        routes.get("/lifetime_exceptions/{id}", ctx -> list(ctx, id(ctx.pathParam("id"))));
        routes.put("/lifetime_exceptions/{id}", ctx -> {
            UUID id = id(ctx.pathParam("id"));
            JsonNode state = Http.jsonObject(ctx).get("state");
            LifetimeException.State parsed = state != null && state.isTextual() ? LifetimeException.State.parse(state.textValue()) : null;
            if (parsed == null) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "state must be APPROVED (A) or REJECTED (R)");
            }
            exceptions.update(Http.caller(ctx), id, parsed);
            Http.created(ctx);
        });
    }

    private void list(Context ctx, UUID id) {
        Set<LifetimeException.State> states = EnumSet.noneOf(LifetimeException.State.class);
        for (String value : ctx.queryParams("states")) {
            for (String one : value.split(",")) {
                LifetimeException.State state = LifetimeException.State.parse(one);
                if (state != null) {
                    states.add(state);
                }
            }
        }
        // gathered before the stream starts, so an unknown id is a 404 rather than an empty 200
        List<Map<String, Object>> found = new ArrayList<>();
        exceptions.list(id, states, e -> found.add(json(e)));
        NdjsonWriter.stream(ctx, sink -> found.forEach(sink));
    }

    private void add(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        JsonNode dids = body.get("dids");
        List<DidKey> refs = new ArrayList<>();
        if (dids != null && !dids.isNull()) {
            if (!dids.isArray()) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "dids must be a list of {scope, name}");
            }
            for (JsonNode did : dids) {
                if (!did.isObject() || !did.path("scope").isTextual() || !did.path("name").isTextual()) {
                    throw new LagunaException(ErrorCode.INVALID_OBJECT, "each DID must be an object with the strings scope and name");
                }
                refs.add(new DidKey(did.get("scope").textValue(), did.get("name").textValue()));
            }
        }
        LifetimeExceptionService.Added added = exceptions.add(Http.caller(ctx), refs, text(body, "pattern"), text(body, "comments"),
                expiry(body.get("expires_at")));
        Map<String, Object> ids = new LinkedHashMap<>();
        added.exceptions().forEach((id, named) -> ids.put(id.toString().replace("-", ""), named.stream().map(LifetimeExceptionResource::did)
                .toList()));
        ctx.status(201);
        Http.json(ctx, Http.ordered("exceptions", ids, "unknown", added.unknown().stream().map(LifetimeExceptionResource::did).toList(),
                "not_affected", added.notAffected().stream().map(LifetimeExceptionResource::did).toList()));
    }

    private static String text(ObjectNode body, String key) {
        JsonNode value = body.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " must be a string");
        }
        return value.textValue();
    }

    /** Rucio's date ({@code Fri, 04 Dec 2026 10:00:00 UTC}), ISO-8601 with or without an offset, or null. */
    static Instant expiry(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "expires_at must be a date");
        }
        String text = value.textValue().strip();
        try {
            return LocalDateTime.parse(text, RUCIO_DATE).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notRucio) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw new LagunaException(ErrorCode.INVALID_OBJECT, "expires_at '" + text + "' is not a date such as "
                            + "'Fri, 04 Dec 2026 10:00:00 UTC' or '2026-12-04T10:00:00'");
                }
            }
        }
    }

    private static UUID id(String text) {
        try {
            if (text.length() == 32 && text.indexOf('-') < 0) {
                return UUID.fromString(text.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"));
            }
            if (text.length() == 36) {
                return UUID.fromString(text);
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new LagunaException(ErrorCode.LIFETIME_EXCEPTION_NOT_FOUND, "Lifetime exception " + text + " not found");
    }

    private static Map<String, Object> did(LifetimeExceptionService.Named named) {
        return Http.ordered("scope", named.scope(), "name", named.name(), "did_type", named.didType());
    }

    private static Map<String, Object> json(LifetimeException e) {
        return Http.ordered(
                "id", e.id().toString().replace("-", ""),
                "scope", e.scope(),
                "name", e.name(),
                "did_type", e.didType(),
                "account", e.account(),
                "pattern", e.pattern(),
                "comments", e.comments(),
                "state", e.state().name(),
                "created_at", Http.date(e.createdAt()),
                "expires_at", Http.date(e.expiresAt()));
    }
}
