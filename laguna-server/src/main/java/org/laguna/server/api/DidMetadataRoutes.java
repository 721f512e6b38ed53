package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.DidListings;
import org.laguna.core.did.DidMetadata;
import org.laguna.core.did.DidRecords.MetaColumn;
import org.laguna.core.did.DidRecords.Metadata;
import org.laguna.core.did.MetadataPlugin;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's metadata endpoints below {@code /dids}, dispatched by {@link DidResource}. */
final class DidMetadataRoutes {
    /** How far up {@code inherit} looks for parents, as in Rucio. */
    private static final int MAX_INHERIT_DEPTH = 20;

    private final DidMetadata metadata;
    private final DidListings listings;

    DidMetadataRoutes(DidMetadata metadata, DidListings listings) {
        this.metadata = Objects.requireNonNull(metadata, "metadata is null");
        this.listings = Objects.requireNonNull(listings, "listings is null");
    }

    /**
     * {@code POST /dids/bulkmeta} ({@code dids}, {@code inherit}, {@code plugin}): one line per DID
     * with {@code scope}, {@code name} and its metadata. Without {@code inherit}, DIDs that do not
     * exist are left out; with it, each DID also shows the keys of its parents (nearest first, up to
     * 20 levels) that it does not have itself, and one that does not exist shows only its name.
     */
    void bulkGet(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "bulkmeta", Set.of("dids", "inherit", "plugin"));
        JsonNode dids = body.get("dids");
        if (dids == null || dids.isNull()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "dids not defined");
        }
        if (!dids.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "dids must be a list, got " + dids);
        }
        List<DidKey> keys = new ArrayList<>();
        for (JsonNode did : dids) {
            if (!did.isObject()) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, did + " is not a DID");
            }
            keys.add(new DidKey(Http.requiredText(did, "scope"), Http.requiredText(did, "name")));
        }
        Boolean inherit = Http.optionalBool(body, "inherit");
        String pluginName = Http.optionalText(body, "plugin");
        MetadataPlugin plugin = MetadataPlugin.parse(pluginName);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (DidKey did : new LinkedHashSet<>(keys)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scope", did.scope());
            row.put("name", did.name());
            if (inherit != null && inherit) {
                for (DidKey source : lineage(did)) {
                    merge(row, find(source, plugin));
                }
                rows.add(row);
            } else {
                Map<String, Object> own = find(did, plugin);
                if (own != null) {
                    merge(row, own);
                    rows.add(row);
                }
            }
        }
        NdjsonWriter.stream(ctx, sink -> rows.forEach(sink));
    }

    /** The DID, then its parents level by level. */
    private List<DidKey> lineage(DidKey did) {
        List<DidKey> all = new ArrayList<>(List.of(did));
        Set<DidKey> seen = new HashSet<>(all);
        List<DidKey> level = List.of(did);
        for (int depth = 0; depth < MAX_INHERIT_DEPTH && !level.isEmpty(); depth++) {
            List<DidKey> next = new ArrayList<>();
            for (DidKey child : level) {
                try {
                    listings.listParents(child, parent -> {
                        DidKey key = new DidKey(parent.scope(), parent.name());
                        if (seen.add(key)) {
                            next.add(key);
                        }
                    });
                } catch (LagunaException e) {
                    if (e.code() != ErrorCode.DATA_IDENTIFIER_NOT_FOUND) {
                        throw e;
                    }
                }
            }
            all.addAll(next);
            level = next;
        }
        return all;
    }

    /**
     * {@code POST /dids/bulkdidsmeta} ({@code dids}: a list of {@code {scope, name, meta}}, {@code recursive}):
     * sets the metadata of every DID, all or nothing; answers 201.
     */
    void bulkSet(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "bulkdidsmeta", Set.of("dids", "recursive"));
        JsonNode dids = body.get("dids");
        if (dids == null || dids.isNull()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "dids not defined");
        }
        if (!dids.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "dids must be a list, got " + dids);
        }
        List<Map.Entry<DidKey, ObjectNode>> entries = new ArrayList<>();
        for (JsonNode did : dids) {
            if (!did.isObject()) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, did + " is not a DID with its metadata");
            }
            Http.requireKnownKeys(did, "a DID of bulkdidsmeta", Set.of("scope", "name", "meta"));
            JsonNode meta = did.get("meta");
            if (!(meta instanceof ObjectNode object)) {
                throw new LagunaException(meta == null || meta.isNull() ? ErrorCode.VALUE_ERROR : ErrorCode.INVALID_TYPE,
                        meta == null || meta.isNull() ? "meta not defined" : "meta must be a dictionary, got " + meta);
            }
            entries.add(Map.entry(new DidKey(Http.requiredText(did, "scope"), Http.requiredText(did, "name")), object));
        }
        Boolean recursive = Http.optionalBool(body, "recursive");
        metadata.setMetadataBulk(Http.caller(ctx), entries, recursive != null && recursive);
        Http.created(ctx);
    }

    /** A DID's metadata as one map, or null when it does not exist. */
    private Map<String, Object> find(DidKey did, MetadataPlugin plugin) {
        try {
            return flatten(metadata.getMetadata(did, plugin));
        } catch (LagunaException e) {
            if (e.code() == ErrorCode.DATA_IDENTIFIER_NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    private static void merge(Map<String, Object> row, Map<String, Object> meta) {
        if (meta != null) {
            meta.forEach(row::putIfAbsent);
        }
    }

    private static Map<String, Object> flatten(Metadata meta) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (MetaColumn column : meta.columns()) {
            out.put(column.column(), column.value() instanceof Instant instant ? Http.date(instant) : column.value());
        }
        meta.keys().fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** {@code GET /dids/<scope>/<name>/meta}: columns first, then the other keys, as one dictionary. */
    void get(Context ctx, DidKey ref) {
        Http.json(ctx, flatten(metadata.getMetadata(ref, MetadataPlugin.parse(ctx.queryParam("plugin")))));
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
