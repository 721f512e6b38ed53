package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.laguna.core.did.DidKey;
import org.laguna.core.replica.AccessTraces;
import org.laguna.core.replica.AccessTraces.Access;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's {@code POST /traces}: the report a client sends after reading or writing a file, one JSON
 * object or a list of them, without a token (as in Rucio). Reads ({@code download}, {@code get*},
 * {@code sm_get*}) and {@code touch} events set {@code accessed_at} on the replica, the file and its
 * datasets, as Rucio's kronos daemon does; other events, and traces that name nothing known, are
 * accepted and ignored, as Rucio only logs traces it cannot use.
 */
public final class TraceResource implements Resource {
    private static final String DEFAULT_VO = "def";

    private final AccessTraces traces;

    public TraceResource(AccessTraces traces) {
        this.traces = Objects.requireNonNull(traces, "traces is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/traces", this::post);
    }

    private void post(Context ctx) {
        JsonNode body = Http.jsonBody(ctx, false);
        List<JsonNode> items = new ArrayList<>();
        if (body.isObject()) {
            items.add(body);
        } else if (body.isArray()) {
            body.forEach(items::add);
        } else {
            throw invalid();
        }
        List<Access> accesses = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isObject()) {
                throw invalid();
            }
            Access access = access(item);
            if (access != null) {
                accesses.add(access);
            }
        }
        traces.record(accesses);
        ctx.contentType("application/octet-stream");
        Http.created(ctx);
    }

    private static LagunaException invalid() {
        return new LagunaException(ErrorCode.VALUE_ERROR,
                "Invalid JSON data. Please provide a single trace as a JSON object or a list of trace objects.");
    }

    /** What a trace says was read, or null when it records no read kronos would act on. */
    static Access access(JsonNode trace) {
        String event = text(trace, "eventType");
        if (event == null) {
            return null;
        }
        boolean touch = event.equals("touch");
        if (!touch && !event.equals("download") && !event.startsWith("get") && !event.startsWith("sm_get")) {
            return null;
        }
        String vo = text(trace, "vo") == null ? DEFAULT_VO : text(trace, "vo");
        String remoteSite = text(trace, "remoteSite");
        List<String> rses = remoteSite == null ? List.of()
                : Arrays.stream(remoteSite.strip().split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        if (touch && text(trace, "datasetScope") != null && text(trace, "dataset") != null) {
            return valid(vo, text(trace, "datasetScope"), text(trace, "dataset"), List.of(), true);
        }
        if (rses.isEmpty()) {
            return null;
        }
        String name = text(trace, "filename") != null ? text(trace, "filename") : text(trace, "name");
        String scope = text(trace, "scope");
        if (scope == null || name == null) {
            return null;
        }
        return valid(vo, scope, name, rses, false);
    }

    private static Access valid(String vo, String scope, String name, List<String> rses, boolean datasetOnly) {
        try {
            DidKey key = new DidKey(scope, name);
            return new Access(vo, key.scope(), key.name(), rses, datasetOnly);
        } catch (LagunaException e) {
            return null;
        }
    }

    private static String text(JsonNode trace, String key) {
        JsonNode value = trace.get(key);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}
