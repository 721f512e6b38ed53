package org.laguna.server.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.laguna.core.common.Names;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.DidListings;
import org.laguna.core.did.MetaRules;
import org.laguna.core.did.filter.DidFilter;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's streamed DID listings below {@code /dids}, dispatched by {@link DidResource}; one JSON object per line. */
final class DidListingRoutes {
    private static final Set<String> SEARCH_PARAMS = Set.of("type", "limit", "long", "recursive");

    private final DidListings listings;

    DidListingRoutes(DidListings listings) {
        this.listings = Objects.requireNonNull(listings, "listings is null");
    }

    void content(Context ctx, DidKey ref) {
        NdjsonWriter.stream(ctx, out -> listings.listContent(ref, c -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scope", c.scope());
            row.put("name", c.name());
            row.put("type", c.type().name());
            row.put("bytes", c.bytes());
            row.put("adler32", c.adler32());
            row.put("md5", c.md5());
            out.accept(row);
        }));
    }

    void history(Context ctx, DidKey ref) {
        NdjsonWriter.stream(ctx, out -> listings.listContentHistory(ref, c -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scope", c.scope());
            row.put("name", c.name());
            row.put("type", c.type().name());
            row.put("bytes", c.bytes());
            row.put("adler32", c.adler32());
            row.put("md5", c.md5());
            row.put("deleted_at", Http.date(c.deletedAt()));
            row.put("created_at", Http.date(c.createdAt()));
            row.put("updated_at", Http.date(c.updatedAt()));
            out.accept(row);
        }));
    }

    void files(Context ctx, DidKey ref) {
        NdjsonWriter.stream(ctx, out -> listings.listFiles(ref, f -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scope", f.scope());
            row.put("name", f.name());
            row.put("bytes", f.bytes());
            row.put("adler32", f.adler32());
            row.put("md5", f.md5());
            row.put("guid", MetaRules.showGuid(f.guid()));
            row.put("events", f.events());
            out.accept(row);
        }));
    }

    void parents(Context ctx, DidKey ref) {
        NdjsonWriter.stream(ctx, out -> listings.listParents(ref, p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scope", p.scope());
            row.put("name", p.name());
            row.put("type", p.type().name());
            out.accept(row);
        }));
    }

    void listScope(Context ctx, String scope) {
        String name = ctx.queryParam("name");
        if (name != null) {
            new DidKey(scope, name);
        }
        boolean recursive = Http.queryBool(ctx, "recursive", false);
        NdjsonWriter.stream(ctx, out -> listings.listScope(scope, name, recursive, e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scope", e.scope());
            row.put("name", e.name());
            row.put("type", e.type().name());
            if (e.parent() == null) {
                row.put("parent", null);
                row.put("level", e.level());
                row.put("bytes", e.bytes());
            } else {
                row.put("parent", Http.ordered("scope", e.parent().scope(), "name", e.parent().name()));
                row.put("level", e.level());
            }
            out.accept(row);
        }));
    }

    void search(Context ctx, String scope) {
        String filters = ctx.queryParam("filters");
        List<Map<String, Object>> groups;
        if (filters != null) {
            groups = DidFilter.decode(filters);
        } else {
            Map<String, Object> group = new LinkedHashMap<>();
            ctx.queryParamMap().forEach((key, values) -> {
                if (!SEARCH_PARAMS.contains(key) && !values.isEmpty()) {
                    group.put(key, values.getFirst());
                }
            });
            groups = new ArrayList<>(List.of(group));
        }
        DidFilter filter = DidFilter.of(groups, ctx.queryParam("type"));
        Integer limit = null;
        String limitText = ctx.queryParam("limit");
        if (limitText != null && !limitText.isBlank() && !limitText.equals("None")) {
            try {
                limit = Integer.parseInt(limitText.strip());
            } catch (NumberFormatException e) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "limit must be an integer, got '" + limitText + "'");
            }
            if (limit < 0) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "limit must not be negative, got " + limit);
            }
        }
        boolean longForm = Http.queryBool(ctx, "long", false);
        boolean recursive = Http.queryBool(ctx, "recursive", false);
        Integer max = limit;
        Names.scope(scope);
        NdjsonWriter.stream(ctx, out -> listings.search(scope, filter, max, recursive, hit -> {
            if (!longForm) {
                out.accept(hit.name());
                return;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scope", hit.scope());
            row.put("name", hit.name());
            row.put("did_type", hit.type().name());
            row.put("bytes", hit.bytes());
            row.put("length", hit.length());
            out.accept(row);
        }));
    }
}
