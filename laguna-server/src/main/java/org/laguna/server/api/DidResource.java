package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.laguna.core.rule.RuleService;
import org.laguna.core.common.DidType;
import org.laguna.core.common.Names;
import org.laguna.core.did.DidRecords.Attachment;
import org.laguna.core.did.DidRecords.Child;
import org.laguna.core.did.DidRecords.Did;
import org.laguna.core.did.DidRecords.DidRef;
import org.laguna.core.did.DidRecords.NewDid;
import org.laguna.core.did.DidService;
import org.laguna.core.did.MetaRules;
import org.laguna.core.did.filter.DidFilter;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's {@code /dids} endpoints. DID names may contain slashes, so everything below
 * {@code /dids/} is dispatched here from the path: the first segment is the scope, a known
 * suffix ({@code /dids}, {@code /meta}, {@code /files}, ...) selects the endpoint, and the rest
 * is the name.
 */
public final class DidResource implements Resource {
    private static final Set<String> ADD_DID_KEYS = Set.of("type", "statuses", "meta", "rules", "lifetime", "dids", "rse");
    private static final Set<String> BULK_DID_KEYS = Set.of("scope", "name", "type", "statuses", "meta", "rules", "lifetime", "dids", "rse", "account");
    private static final Set<String> CHILD_KEYS = Set.of("scope", "name", "bytes", "adler32", "md5", "guid", "meta", "events",
            "pfn", "state", "type", "did_type", "lumiblocknr", "filesize", "filename", "path", "rse", "rse_id", "dataset_scope", "dataset_name");
    private static final Set<String> ATTACHMENT_KEYS = Set.of("scope", "name", "dids", "rse", "rse_id");
    private static final Set<String> SEARCH_PARAMS = Set.of("type", "limit", "long", "recursive");

    private final DidService dids;
    private final RuleResource ruleListings;

    public DidResource(DidService dids, RuleService rules) {
        this.dids = Objects.requireNonNull(dids, "dids is null");
        this.ruleListings = new RuleResource(rules);
    }

    private DidService dids() {
        return dids;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/dids", this::addDids);
        routes.get("/dids/<rest>", this::get);
        routes.post("/dids/<rest>", this::post);
        routes.put("/dids/<rest>", this::put);
        routes.delete("/dids/<rest>", this::delete);
    }

    // ---------------------------------------------------------------- dispatch

    private static List<String> segments(Context ctx) {
        String rest = ctx.pathParam("rest");
        List<String> parts = new ArrayList<>(Arrays.asList(rest.split("/", -1)));
        while (parts.size() > 1 && parts.getLast().isEmpty()) {
            parts.removeLast();
        }
        return parts;
    }

    /** scope = first segment, name = the segments from 1 to {@code end} (exclusive). */
    private static DidRef ref(List<String> parts, int end) {
        if (end < 2) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Cannot parse scope and name from '" + String.join("/", parts) + "'");
        }
        return new DidRef(parts.getFirst(), String.join("/", parts.subList(1, end)));
    }

    private static boolean endsWith(List<String> parts, String... suffix) {
        if (parts.size() < suffix.length + 2) {
            return false;
        }
        for (int i = 0; i < suffix.length; i++) {
            if (!parts.get(parts.size() - suffix.length + i).equals(suffix[i])) {
                return false;
            }
        }
        return true;
    }

    private void get(Context ctx) {
        List<String> parts = segments(ctx);
        int n = parts.size();
        if (n == 1) {
            listScope(ctx, parts.getFirst());
        } else if (n == 3 && parts.get(1).equals("dids") && parts.get(2).equals("search")) {
            search(ctx, parts.getFirst());
        } else if (endsWith(parts, "dids", "history")) {
            history(ctx, ref(parts, n - 2));
        } else if (endsWith(parts, "rules")) {
            DidRef did = ref(parts, n - 1);
            ruleListings.didRules(ctx, new org.laguna.core.did.DidKey(did.scope(), did.name()), false);
        } else if (endsWith(parts, "associated_rules")) {
            DidRef did = ref(parts, n - 1);
            ruleListings.didRules(ctx, new org.laguna.core.did.DidKey(did.scope(), did.name()), true);
        } else if (endsWith(parts, "dids")) {
            content(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "files")) {
            files(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "parents")) {
            parents(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "meta")) {
            getMeta(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "status")) {
            getDid(ctx, ref(parts, n - 1));
        } else {
            getDid(ctx, ref(parts, n));
        }
    }

    private void post(Context ctx) {
        List<String> parts = segments(ctx);
        int n = parts.size();
        if (n == 1 && parts.getFirst().equals("attachments")) {
            attachBulk(ctx);
        } else if (endsWith(parts, "dids")) {
            attach(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "meta")) {
            setMetaBulk(ctx, ref(parts, n - 1));
        } else if (n >= 4 && parts.get(n - 2).equals("meta")) {
            setMetaKey(ctx, ref(parts, n - 2), parts.getLast());
        } else {
            addDid(ctx, ref(parts, n));
        }
    }

    private void put(Context ctx) {
        List<String> parts = segments(ctx);
        int n = parts.size();
        setStatus(ctx, endsWith(parts, "status") ? ref(parts, n - 1) : ref(parts, n));
    }

    private void delete(Context ctx) {
        List<String> parts = segments(ctx);
        int n = parts.size();
        if (endsWith(parts, "dids")) {
            detach(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "meta")) {
            deleteMeta(ctx, ref(parts, n - 1));
        } else {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Deleting data identifiers is not supported: DELETE " + ctx.path());
        }
    }

    // ---------------------------------------------------------------- create

    private void addDid(Context ctx, DidRef ref) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the DID", ADD_DID_KEYS);
        dids().addDids(Http.caller(ctx), List.of(newDid(ref, body, null)));
        Http.created(ctx);
    }

    private void addDids(Context ctx) {
        JsonNode body = Http.jsonBody(ctx, false);
        if (!(body instanceof ArrayNode array)) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "body must be a json list of DIDs");
        }
        List<NewDid> list = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!(item instanceof ObjectNode object)) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "DID #" + i + " must be a json dictionary");
            }
            Http.requireKnownKeys(object, "DID #" + i, BULK_DID_KEYS);
            DidRef ref = new DidRef(Http.requiredText(object, "scope"), Http.requiredText(object, "name"));
            list.add(newDid(ref, object, Http.optionalText(object, "account")));
        }
        dids().addDids(Http.caller(ctx), list);
        Http.created(ctx);
    }

    private static NewDid newDid(DidRef ref, ObjectNode body, String account) {
        String typeText = Http.requiredText(body, "type");
        DidType type = DidType.parse(typeText.length() == 1 ? typeText.toUpperCase(java.util.Locale.ROOT) : typeText);
        boolean monotonic = false;
        JsonNode statuses = body.get("statuses");
        if (statuses != null && !statuses.isNull()) {
            if (!statuses.isObject()) {
                throw new LagunaException(ErrorCode.INVALID_TYPE, "statuses must be a dictionary, got " + statuses);
            }
            Http.requireKnownKeys(statuses, "statuses", Set.of("monotonic", "open"));
            Boolean value = Http.optionalBool(statuses, "monotonic");
            monotonic = value != null && value;
        }
        ObjectNode meta = null;
        JsonNode metaNode = body.get("meta");
        if (metaNode != null && !metaNode.isNull()) {
            if (!(metaNode instanceof ObjectNode object)) {
                throw new LagunaException(ErrorCode.INVALID_TYPE, "meta must be a dictionary, got " + metaNode);
            }
            meta = object;
        }
        JsonNode rules = body.get("rules");
        if (rules != null && !rules.isNull() && !rules.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, "rules must be a list, got " + rules);
        }
        // Rucio's clients and test factories send -1 for "no expiry", as they send 0 or nothing
        Long lifetime = Http.optionalLong(body, "lifetime", -1, Http.MAX_LIFETIME_SECONDS);
        List<Child> children = body.has("dids") && !body.get("dids").isNull() ? children(body.get("dids"), "dids") : List.of();
        return new NewDid(ref, type, monotonic, meta, lifetime == null || lifetime <= 0 ? null : lifetime, children,
                Http.optionalText(body, "rse"), account);
    }

    // ---------------------------------------------------------------- read one

    private void getDid(Context ctx, DidRef ref) {
        DidType depth = null;
        String dynamicDepth = ctx.queryParam("dynamic_depth");
        if (dynamicDepth != null) {
            String upper = dynamicDepth.strip().toUpperCase(Locale.ROOT);
            depth = upper.equals("DATASET") ? DidType.DATASET : upper.equals("FILE") ? DidType.FILE : null;
        } else if (ctx.queryParam("dynamic") != null) {
            depth = DidType.FILE;
        }
        Did did = dids().getDid(ref, depth);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scope", did.scope());
        out.put("name", did.name());
        out.put("type", did.type().name());
        out.put("account", did.account());
        if (did.type() == DidType.FILE) {
            out.put("bytes", did.bytes());
            out.put("length", 1);
            out.put("md5", did.md5());
            out.put("adler32", did.adler32());
        } else {
            out.put("open", did.open());
            out.put("monotonic", did.monotonic());
            out.put("expired_at", Http.date(did.expiredAt()));
            out.put("length", did.length());
            out.put("bytes", did.bytes());
        }
        Http.json(ctx, out);
    }

    private void setStatus(Context ctx, DidRef ref) {
        ObjectNode body = Http.jsonObject(ctx);
        Map<String, Boolean> statuses = new LinkedHashMap<>();
        body.fieldNames().forEachRemaining(key -> {
            if (!key.equals("open")) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_STATUS, "The status " + key + " is not a valid data identifier status.");
            }
            Boolean value = Http.optionalBool(body, key);
            if (value == null) {
                throw new LagunaException(ErrorCode.INVALID_TYPE, "open must be true or false");
            }
            statuses.put(key, value);
        });
        dids().setStatus(Http.caller(ctx), ref, statuses);
        ctx.status(200).result("");
    }

    // ---------------------------------------------------------------- attach / detach

    private void attach(Context ctx, DidRef parent) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the attachment", Set.of("dids", "rse"));
        if (!body.has("dids")) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "dids not defined");
        }
        Attachment attachment = new Attachment(parent, children(body.get("dids"), "dids"), Http.optionalText(body, "rse"));
        dids().attach(Http.caller(ctx), List.of(attachment), false);
        Http.created(ctx);
    }

    private void attachBulk(Context ctx) {
        JsonNode body = Http.jsonBody(ctx, false);
        JsonNode list;
        boolean ignoreDuplicate = false;
        if (body instanceof ArrayNode) {
            list = body;
        } else if (body instanceof ObjectNode object) {
            Http.requireKnownKeys(object, "the attachments", Set.of("attachments", "ignore_duplicate"));
            list = object.get("attachments");
            if (list == null || list.isNull()) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "attachments not defined");
            }
            Boolean ignore = Http.optionalBool(object, "ignore_duplicate");
            ignoreDuplicate = ignore != null && ignore;
        } else {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "body must be a json list or dictionary of attachments");
        }
        if (!list.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, "attachments must be a list");
        }
        List<Attachment> attachments = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            if (!(item instanceof ObjectNode object)) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "attachment #" + i + " must be a json dictionary");
            }
            Http.requireKnownKeys(object, "attachment #" + i, ATTACHMENT_KEYS);
            DidRef parent = new DidRef(Http.requiredText(object, "scope"), Http.requiredText(object, "name"));
            if (!object.has("dids")) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "dids not defined in attachment #" + i);
            }
            attachments.add(new Attachment(parent, children(object.get("dids"), "attachment #" + i + " dids"), Http.optionalText(object, "rse")));
        }
        dids().attach(Http.caller(ctx), attachments, ignoreDuplicate);
        Http.created(ctx);
    }

    private void detach(Context ctx, DidRef parent) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the detachment", Set.of("dids"));
        if (!body.has("dids") || body.get("dids").isNull()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "dids not defined");
        }
        List<DidRef> children = children(body.get("dids"), "dids").stream().map(Child::did).toList();
        dids().detach(Http.caller(ctx), parent, children);
        ctx.status(200).result("");
    }

    private static List<Child> children(JsonNode node, String where) {
        if (node == null || !node.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, where + " must be a list of {scope, name} dictionaries");
        }
        List<Child> children = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!(item instanceof ObjectNode object)) {
                throw new LagunaException(ErrorCode.INVALID_TYPE, where + "[" + i + "] must be a {scope, name} dictionary");
            }
            Http.requireKnownKeys(object, where + "[" + i + "]", CHILD_KEYS);
            DidRef did = new DidRef(Http.requiredText(object, "scope"), Http.requiredText(object, "name"));
            children.add(new Child(did, Http.optionalLong(object, "bytes"), Http.optionalText(object, "adler32"), Http.optionalText(object, "md5")));
        }
        return children;
    }

    // ---------------------------------------------------------------- listings

    private void content(Context ctx, DidRef ref) {
        NdjsonWriter.stream(ctx, out -> dids().listContent(ref, c -> {
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

    private void history(Context ctx, DidRef ref) {
        NdjsonWriter.stream(ctx, out -> dids().listContentHistory(ref, c -> {
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

    private void files(Context ctx, DidRef ref) {
        NdjsonWriter.stream(ctx, out -> dids().listFiles(ref, f -> {
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

    private void parents(Context ctx, DidRef ref) {
        NdjsonWriter.stream(ctx, out -> dids().listParents(ref, p -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scope", p.scope());
            row.put("name", p.name());
            row.put("type", p.type().name());
            out.accept(row);
        }));
    }

    private void listScope(Context ctx, String scope) {
        String name = ctx.queryParam("name");
        if (name != null) {
            new DidRef(scope, name);
        }
        boolean recursive = Http.queryBool(ctx, "recursive", false);
        NdjsonWriter.stream(ctx, out -> dids().listScope(scope, name, recursive, e -> {
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

    private void search(Context ctx, String scope) {
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
        NdjsonWriter.stream(ctx, out -> dids().search(scope, filter, max, recursive, hit -> {
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

    // ---------------------------------------------------------------- metadata

    private void getMeta(Context ctx, DidRef ref) {
        Map<String, Object> meta = dids().getMetadata(ref, ctx.queryParam("plugin"));
        meta.replaceAll((k, v) -> v instanceof Instant instant ? Http.date(instant) : v);
        Http.json(ctx, meta);
    }

    private void setMetaKey(Context ctx, DidRef ref, String key) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the metadata", Set.of("value", "recursive"));
        if (!body.has("value")) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "value not defined");
        }
        ObjectNode meta = Http.JSON.createObjectNode();
        meta.set(key, body.get("value"));
        Boolean recursive = Http.optionalBool(body, "recursive");
        dids().setMetadata(Http.caller(ctx), ref, meta, recursive != null && recursive);
        Http.created(ctx);
    }

    private void setMetaBulk(Context ctx, DidRef ref) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the metadata", Set.of("meta", "recursive"));
        JsonNode meta = body.get("meta");
        if (!(meta instanceof ObjectNode object)) {
            throw new LagunaException(meta == null || meta.isNull() ? ErrorCode.VALUE_ERROR : ErrorCode.INVALID_TYPE,
                    meta == null || meta.isNull() ? "meta not defined" : "meta must be a dictionary, got " + meta);
        }
        Boolean recursive = Http.optionalBool(body, "recursive");
        dids().setMetadata(Http.caller(ctx), ref, object, recursive != null && recursive);
        Http.created(ctx);
    }

    private void deleteMeta(Context ctx, DidRef ref) {
        dids().deleteMetadata(Http.caller(ctx), ref, ctx.queryParam("key"));
        ctx.status(200).result("");
    }
}
