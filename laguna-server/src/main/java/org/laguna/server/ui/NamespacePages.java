package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.did.DidListings;
import org.laguna.core.did.DidRecords.SearchHit;
import org.laguna.core.did.filter.DidFilter;
import org.laguna.core.did.filter.FilterText;
import org.laguna.core.scope.ScopeService;
import org.laguna.spi.error.LagunaException;

/**
 * The namespace: the scopes, then the DIDs of a scope, searched by a name pattern and by the metadata
 * filter language of {@code laguna did ls} ({@code key=value,key2>3;other=x}), one page at a time in
 * name order.
 */
final class NamespacePages {
    static final int PAGE_SIZE = 100;
    private static final List<String> TYPES = List.of("collection", "dataset", "container", "file", "all");

    /** One DID found. */
    public record Hit(String scope, String name, String type, Long bytes, Long length) {
        public String url() {
            return Format.didUrl(scope, name);
        }
    }

    /** What the search form holds, and the link to the next page of results ("" when there is none). */
    public record Search(String scope, String pattern, String filter, String type, List<String> types, List<Hit> hits, String next,
                         String error) {
        public Search {
            types = List.copyOf(types);
            hits = List.copyOf(hits);
        }
    }

    private final Pages pages;
    private final ScopeService scopes;
    private final DidListings listings;

    NamespacePages(Pages pages, ScopeService scopes, DidListings listings) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.scopes = Objects.requireNonNull(scopes, "scopes is null");
        this.listings = Objects.requireNonNull(listings, "listings is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/scopes", pages.page(this::scopes));
        routes.get("/ui/scopes/{scope}", pages.page(this::search));
    }

    private void scopes(Context ctx, UiSession session) {
        List<String> all = scopes.list(session.caller());
        pages.render(ctx, "scopes.jte", Map.of("page", Pages.frame(session, "Scopes", "namespace", ""), "scopes", all));
    }

    private void search(Context ctx, UiSession session) {
        String scope = ctx.pathParam("scope");
        String pattern = param(ctx, "name", "*");
        String filter = param(ctx, "filter", "");
        String type = param(ctx, "type", "collection").toLowerCase(Locale.ROOT);
        String after = ctx.queryParam("after");
        List<Hit> hits = new ArrayList<>();
        String error = "";
        int status = 200;
        try {
            DidFilter didFilter = DidFilter.of(groups(pattern, filter), type);
            listings.searchPage(scope, didFilter, after == null || after.isEmpty() ? null : after, PAGE_SIZE + 1,
                    hit -> hits.add(hit(hit)));
        } catch (LagunaException e) {
            if (e.code().httpStatus() == 404) {
                throw e;
            }
            error = e.getMessage();
            status = e.code().httpStatus();
        }
        String next = "";
        if (hits.size() > PAGE_SIZE) {
            hits.removeLast();
            next = Format.scopeUrl(scope) + "?name=" + Format.encode(pattern) + "&filter=" + Format.encode(filter) + "&type="
                    + Format.encode(type) + "&after=" + Format.encode(hits.getLast().name());
        }
        Search search = new Search(scope, pattern, filter, type, TYPES, hits, next, error);
        pages.render(ctx, status, "scope.jte", Map.of("page", Pages.frame(session, "Scope " + scope, "namespace", ""), "search", search));
    }

    /** The filter text's OR-groups, each also holding the name pattern (a group of the pattern alone without a filter). */
    static List<Map<String, Object>> groups(String pattern, String filter) {
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Map<String, Object> group : FilterText.parse(filter)) {
            Map<String, Object> withName = new LinkedHashMap<>(group);
            withName.putIfAbsent("name", pattern);
            groups.add(withName);
        }
        if (groups.isEmpty()) {
            groups.add(new LinkedHashMap<>(Map.of("name", pattern)));
        }
        return groups;
    }

    private static Hit hit(SearchHit hit) {
        return new Hit(hit.scope(), hit.name(), hit.type().name(), hit.bytes(), hit.length());
    }

    private static String param(Context ctx, String name, String fallback) {
        String value = ctx.queryParam(name);
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
