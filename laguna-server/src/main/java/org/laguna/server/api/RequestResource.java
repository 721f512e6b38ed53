package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import org.laguna.core.common.Ids;
import org.laguna.core.transfer.RequestService;
import org.laguna.core.transfer.RequestView;
import org.laguna.core.transfer.TransferLimits;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's {@code /requests} endpoints: by DID and RSE, lists by RSE pair and state (live and
 * history), the metrics per link, and the transfer limits (GET, PUT, DELETE).
 */
public final class RequestResource implements Resource {
    private static final Set<String> LIMIT_KEYS = Set.of("rse_expression", "activity", "direction", "max_transfers",
            "volume", "deadline", "strategy", "transfers", "waitings");

    private final RequestService requests;
    private final TransferLimits limits;

    public RequestResource(RequestService requests, TransferLimits limits) {
        this.requests = Objects.requireNonNull(requests, "requests is null");
        this.limits = Objects.requireNonNull(limits, "limits is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/requests/list", ctx -> list(ctx, false));
        routes.get("/requests/history/list", ctx -> list(ctx, true));
        routes.get("/requests/metrics", this::metrics);
        routes.get("/requests/transfer_limits", ctx -> NdjsonWriter.stream(ctx, sink -> limits.list(Http.caller(ctx),
                limit -> sink.accept(render(limit)))));
        routes.put("/requests/transfer_limits", ctx -> {
            JsonNode body = Http.jsonObject(ctx);
            Http.requireKnownKeys(body, "transfer limit", LIMIT_KEYS);
            limits.set(Http.caller(ctx), new TransferLimits.Limit(Http.requiredText(body, "rse_expression"), Http.optionalText(body, "activity"),
                    Http.optionalText(body, "direction"), Http.optionalLong(body, "max_transfers"), Http.optionalLong(body, "volume"),
                    Http.optionalLong(body, "deadline"), Http.optionalText(body, "strategy"), Http.optionalLong(body, "transfers"),
                    Http.optionalLong(body, "waitings")));
            Http.created(ctx);
        });
        routes.delete("/requests/transfer_limits", ctx -> {
            JsonNode body = Http.optionalJsonObject(ctx);
            String expression = body != null && body.hasNonNull("rse_expression") ? Http.optionalText(body, "rse_expression")
                    : ctx.queryParam("rse_expression");
            String activity = body != null && body.hasNonNull("activity") ? Http.optionalText(body, "activity") : ctx.queryParam("activity");
            String direction = body != null && body.hasNonNull("direction") ? Http.optionalText(body, "direction") : ctx.queryParam("direction");
            limits.delete(Http.caller(ctx), expression, activity, direction);
        });
        routes.get("/requests/<rest>", this::get);
    }

    private void list(Context ctx, boolean history) {
        String src = ctx.queryParam("src_rse");
        String dst = ctx.queryParam("dst_rse");
        if (src != null && dst == null) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "Destination RSE is missing");
        }
        if (dst != null && src == null) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "Source RSE is missing");
        }
        String states = ctx.queryParam("request_states");
        NdjsonWriter.stream(ctx, sink -> requests.list(Http.caller(ctx), src, dst, states, history, row -> sink.accept(render(row))));
    }

    /** Per link: files and bytes queued, submitted, done and failed (1 h, 6 h), distance; NDJSON, or one object with format=panda. */
    private void metrics(Context ctx) {
        Map<String, Map<String, Object>> metrics = limits.metrics(Http.caller(ctx), ctx.queryParam("src_rse"), ctx.queryParam("dst_rse"),
                ctx.queryParam("activity"));
        if ("panda".equals(ctx.queryParam("format"))) {
            Http.json(ctx, metrics);
            return;
        }
        NdjsonWriter.stream(ctx, sink -> metrics.values().forEach(sink));
    }

    private void get(Context ctx) {
        List<String> parts = Arrays.asList(ctx.pathParam("rest").split("/"));
        boolean history = !parts.isEmpty() && parts.getFirst().equals("history");
        List<String> rest = history ? parts.subList(1, parts.size()) : parts;
        if (rest.size() < 3) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Expected /requests/[history/]SCOPE/NAME/RSE");
        }
        String scope = rest.getFirst();
        String name = String.join("/", rest.subList(1, rest.size() - 1));
        Http.json(ctx, render(requests.get(Http.caller(ctx), scope, name, rest.getLast(), history)));
    }

    /** A transfer request as Rucio renders it. */
    private static Map<String, Object> render(RequestView request) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", Ids.hex(request.id()));
        out.put("request_type", request.requestType());
        out.put("scope", request.scope());
        out.put("name", request.name());
        out.put("dest_rse_id", Ids.hex(request.destRseId()));
        out.put("dest_rse", request.destRse());
        out.put("source_rse_id", Ids.hex(request.sourceRseId()));
        out.put("source_rse", request.sourceRse());
        out.put("rule_id", Ids.hex(request.ruleId()));
        out.put("account", request.account());
        out.put("state", request.state());
        out.put("activity", request.activity());
        out.put("priority", request.priority());
        out.put("bytes", request.bytes());
        out.put("retry_count", request.retryCount());
        out.put("err_msg", request.errMsg());
        out.put("external_id", request.externalId());
        out.put("transfertool", request.transferTool());
        out.put("created_at", date(request.createdAt()));
        out.put("updated_at", date(request.updatedAt()));
        out.put("submitted_at", date(request.submittedAt()));
        return out;
    }

    /** A transfer limit as Rucio lists it. */
    private static Map<String, Object> render(TransferLimits.LimitStatus limit) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", Ids.hex(limit.id()));
        out.put("rse_expression", limit.rseExpression());
        out.put("activity", limit.activity());
        out.put("direction", limit.direction());
        out.put("max_transfers", limit.maxTransfers());
        out.put("volume", limit.volume());
        out.put("deadline", limit.deadline());
        out.put("strategy", limit.strategy());
        out.put("transfers", limit.transfers());
        out.put("waitings", limit.waitings());
        out.put("updated_at", date(limit.updatedAt()));
        out.put("created_at", date(limit.createdAt()));
        return out;
    }

    private static String date(Instant instant) {
        return instant == null ? null : Http.date(instant);
    }
}
