package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.transfer.RequestService;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's {@code /requests} read endpoints: by DID and RSE, and lists by RSE pair and state, live and history. */
public final class RequestResource implements Resource {
    private final RequestService requests;

    public RequestResource(RequestService requests) {
        this.requests = Objects.requireNonNull(requests, "requests is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/requests/list", ctx -> list(ctx, false));
        routes.get("/requests/history/list", ctx -> list(ctx, true));
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

    private static Map<String, Object> render(Map<String, Object> row) {
        Map<String, Object> out = new LinkedHashMap<>(row);
        out.replaceAll((k, v) -> v instanceof Instant i ? Http.date(i) : v);
        return out;
    }
}
