package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.laguna.core.common.DidType;
import org.laguna.core.did.DidFollowers;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.DidSampler;
import org.laguna.core.did.DidNamespace;
import org.laguna.core.did.DidServices;
import org.laguna.core.did.DidRecords.Child;
import org.laguna.core.did.DidRecords.Did;
import org.laguna.core.did.DidRecords.NewDid;
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

    private final DidNamespace namespace;
    private final DidAttachmentRoutes attachments;
    private final DidMetadataRoutes metadata;
    private final DidListingRoutes listings;
    private final RuleResource rules;
    private final DidFollowers followers;
    private final DidSampler sampler;

    /** {@code rules} serves the rules of a DID ({@code /dids/<scope>/<name>/rules}). */
    public DidResource(DidServices dids, RuleResource rules, DidFollowers followers) {
        Objects.requireNonNull(dids, "dids is null");
        this.namespace = dids.namespace();
        this.attachments = new DidAttachmentRoutes(dids.attachments());
        this.metadata = new DidMetadataRoutes(dids.metadata(), dids.listings());
        this.listings = new DidListingRoutes(dids.listings());
        this.rules = Objects.requireNonNull(rules, "rules is null");
        this.followers = Objects.requireNonNull(followers, "followers is null");
        this.sampler = new DidSampler(dids.listings(), dids.namespace(), new Random());
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
    private static DidKey ref(List<String> parts, int end) {
        if (end < 2) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Cannot parse scope and name from '" + String.join("/", parts) + "'");
        }
        return new DidKey(parts.getFirst(), String.join("/", parts.subList(1, end)));
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
            listings.listScope(ctx, parts.getFirst());
        } else if (n == 3 && parts.get(1).equals("dids") && parts.get(2).equals("search")) {
            listings.search(ctx, parts.getFirst());
        } else if (endsWith(parts, "dids", "history")) {
            listings.history(ctx, ref(parts, n - 2));
        } else if (endsWith(parts, "rules")) {
            rules.didRules(ctx, ref(parts, n - 1), false);
        } else if (endsWith(parts, "associated_rules")) {
            rules.didRules(ctx, ref(parts, n - 1), true);
        } else if (endsWith(parts, "dids")) {
            listings.content(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "files")) {
            listings.files(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "parents")) {
            listings.parents(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "meta")) {
            metadata.get(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "status")) {
            getDid(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "follow")) {
            List<String> followers = this.followers.followers(Http.caller(ctx), ref(parts, n - 1));
            // Rucio streams these lines under application/json
            NdjsonWriter.stream(ctx, sink -> followers.forEach(account -> sink.accept(Http.ordered("user", account))));
        } else {
            getDid(ctx, ref(parts, n));
        }
    }

    private void post(Context ctx) {
        List<String> parts = segments(ctx);
        int n = parts.size();
        if (n == 1 && parts.getFirst().equals("attachments")) {
            attachments.attachBulk(ctx);
        } else if (n == 1 && parts.getFirst().equals("bulkmeta")) {
            metadata.bulkGet(ctx);
        } else if (n == 1 && parts.getFirst().equals("bulkdidsmeta")) {
            metadata.bulkSet(ctx);
        } else if (n == 1 && parts.getFirst().equals("sample")) {
            ObjectNode body = Http.jsonObject(ctx);
            Http.requireKnownKeys(body, "sample", Set.of("input_scope", "input_name", "output_scope", "output_name", "nbfiles"));
            sample(ctx, new DidKey(Http.requiredText(body, "input_scope"), Http.requiredText(body, "input_name")),
                    new DidKey(Http.requiredText(body, "output_scope"), Http.requiredText(body, "output_name")), nbfiles(body.get("nbfiles")));
        } else if (n == 6 && parts.getLast().equals("sample")) {
            // Rucio's older form: /dids/{input_scope}/{input_name}/{output_scope}/{output_name}/{nbfiles}/sample
            sample(ctx, new DidKey(parts.get(0), parts.get(1)), new DidKey(parts.get(2), parts.get(3)),
                    nbfiles(Http.JSON.getNodeFactory().textNode(parts.get(4))));
        } else if (endsWith(parts, "dids")) {
            attachments.attach(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "meta")) {
            metadata.setBulk(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "follow")) {
            followers.follow(Http.caller(ctx), ref(parts, n - 1), followAccount(ctx));
            ctx.status(200);
        } else if (n >= 4 && parts.get(n - 2).equals("meta")) {
            metadata.setKey(ctx, ref(parts, n - 2), parts.getLast());
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
            attachments.detach(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "meta")) {
            metadata.delete(ctx, ref(parts, n - 1));
        } else if (endsWith(parts, "follow")) {
            followers.unfollow(Http.caller(ctx), ref(parts, n - 1), followAccount(ctx));
            ctx.status(200);
        } else {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Deleting data identifiers is not supported: DELETE " + ctx.path());
        }
    }

    private void sample(Context ctx, DidKey input, DidKey output, int nbfiles) {
        sampler.sample(Http.caller(ctx), input, output, nbfiles);
        Http.created(ctx);
    }

    /** {@code nbfiles} as Rucio's {@code int()} takes it: a whole number or its text. */
    private static int nbfiles(JsonNode value) {
        if (value == null || value.isNull()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "nbfiles not defined");
        }
        try {
            if (value.isIntegralNumber() && value.canConvertToInt()) {
                return value.intValue();
            }
            if (value.isTextual()) {
                return Integer.parseInt(value.asText().strip());
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "nbfiles must be a whole number, got " + value);
    }

    /** The {@code account} of a follow request's body. */
    private static String followAccount(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "follow", Set.of("account"));
        return Http.requiredText(body, "account");
    }

    // ---------------------------------------------------------------- create

    private void addDid(Context ctx, DidKey ref) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the DID", ADD_DID_KEYS);
        namespace.addDids(Http.caller(ctx), List.of(newDid(ref, body, null)));
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
            DidKey ref = new DidKey(Http.requiredText(object, "scope"), Http.requiredText(object, "name"));
            list.add(newDid(ref, object, Http.optionalText(object, "account")));
        }
        namespace.addDids(Http.caller(ctx), list);
        Http.created(ctx);
    }

    private static NewDid newDid(DidKey ref, ObjectNode body, String account) {
        String typeText = Http.requiredText(body, "type");
        DidType type = DidType.parse(typeText.length() == 1 ? typeText.toUpperCase(Locale.ROOT) : typeText);
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
        List<Child> children = body.has("dids") && !body.get("dids").isNull() ? DidAttachmentRoutes.children(body.get("dids"), "dids") : List.of();
        return new NewDid(ref, type, monotonic, meta, lifetime == null || lifetime <= 0 ? null : lifetime, children,
                Http.optionalText(body, "rse"), account);
    }

    // ---------------------------------------------------------------- read one

    private void getDid(Context ctx, DidKey ref) {
        DidType depth = null;
        String dynamicDepth = ctx.queryParam("dynamic_depth");
        if (dynamicDepth != null) {
            String upper = dynamicDepth.strip().toUpperCase(Locale.ROOT);
            depth = upper.equals("DATASET") ? DidType.DATASET : upper.equals("FILE") ? DidType.FILE : null;
        } else if (ctx.queryParam("dynamic") != null) {
            depth = DidType.FILE;
        }
        Did did = namespace.getDid(ref, depth);
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

    private void setStatus(Context ctx, DidKey ref) {
        ObjectNode body = Http.jsonObject(ctx);
        Boolean open = null;
        for (String key : (Iterable<String>) body::fieldNames) {
            if (!key.equals("open")) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_STATUS, "The status " + key + " is not a valid data identifier status.");
            }
            open = Http.optionalBool(body, key);
            if (open == null) {
                throw new LagunaException(ErrorCode.INVALID_TYPE, "open must be true or false");
            }
        }
        if (open != null) {
            namespace.setOpen(Http.caller(ctx), ref, open);
        }
        ctx.status(200).result("");
    }
}
