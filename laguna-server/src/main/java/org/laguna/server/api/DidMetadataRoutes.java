package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.DidMetadata;
import org.laguna.core.did.DidRecords.MetaColumn;
import org.laguna.core.did.DidRecords.Metadata;
import org.laguna.core.did.MetadataPlugin;
import org.laguna.server.http.Http;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's metadata endpoints below {@code /dids}, dispatched by {@link DidResource}. */
final class DidMetadataRoutes {
    private final DidMetadata metadata;

    DidMetadataRoutes(DidMetadata metadata) {
        this.metadata = Objects.requireNonNull(metadata, "metadata is null");
    }

    /** {@code GET /dids/<scope>/<name>/meta}: columns first, then the other keys, as one dictionary. */
    void get(Context ctx, DidKey ref) {
        Metadata meta = metadata.getMetadata(ref, MetadataPlugin.parse(ctx.queryParam("plugin")));
        Map<String, Object> out = new LinkedHashMap<>();
        for (MetaColumn column : meta.columns()) {
            out.put(column.column(), column.value() instanceof Instant instant ? Http.date(instant) : column.value());
        }
        meta.keys().fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        Http.json(ctx, out);
    }

    /** {@code POST /dids/<scope>/<name>/meta/<key>}. */
    void setKey(Context ctx, DidKey ref, String key) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the metadata", Set.of("value", "recursive"));
        if (!body.has("value")) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "value not defined");
        }
        ObjectNode meta = Http.JSON.createObjectNode();
        meta.set(key, body.get("value"));
        Boolean recursive = Http.optionalBool(body, "recursive");
        metadata.setMetadata(Http.caller(ctx), ref, meta, recursive != null && recursive);
        Http.created(ctx);
    }

    /** {@code POST /dids/<scope>/<name>/meta}. */
    void setBulk(Context ctx, DidKey ref) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the metadata", Set.of("meta", "recursive"));
        JsonNode meta = body.get("meta");
        if (!(meta instanceof ObjectNode object)) {
            throw new LagunaException(meta == null || meta.isNull() ? ErrorCode.VALUE_ERROR : ErrorCode.INVALID_TYPE,
                    meta == null || meta.isNull() ? "meta not defined" : "meta must be a dictionary, got " + meta);
        }
        Boolean recursive = Http.optionalBool(body, "recursive");
        metadata.setMetadata(Http.caller(ctx), ref, object, recursive != null && recursive);
        Http.created(ctx);
    }

    /** {@code DELETE /dids/<scope>/<name>/meta?key=...}. */
    void delete(Context ctx, DidKey ref) {
        metadata.deleteMetadata(Http.caller(ctx), ref, ctx.queryParam("key"));
        ctx.status(200).result("");
    }
}
