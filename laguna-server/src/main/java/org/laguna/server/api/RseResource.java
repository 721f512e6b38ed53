package org.laguna.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.auth.Caller;
import org.laguna.core.rse.ProtocolChoice;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseService;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's {@code /rses} endpoints. */
public final class RseResource implements Resource {
    private final RseService rses;

    public RseResource(RseService rses) {
        this.rses = Objects.requireNonNull(rses, "rses is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/rses", this::list);
        routes.get("/export", this::export);
        routes.post("/import", this::importData);
        routes.get("/rses/{rse}", ctx -> Http.json(ctx, info(ctx, Optional.empty())));
        routes.post("/rses/{rse}", this::addRse);
        routes.put("/rses/{rse}", this::updateRse);
        routes.delete("/rses/{rse}", ctx -> rses.deleteRse(Http.caller(ctx), ctx.pathParam("rse")));

        routes.get("/rses/{rse}/attr", ctx -> Http.json(ctx, rses.attributes(Http.caller(ctx), ctx.pathParam("rse"))));
        routes.post("/rses/{rse}/attr/{key}", this::setAttribute);
        routes.delete("/rses/{rse}/attr/{key}", ctx -> rses.deleteAttribute(Http.caller(ctx), ctx.pathParam("rse"), ctx.pathParam("key")));

        routes.get("/rses/{rse}/protocols", this::protocols);
        routes.get("/rses/{rse}/protocols/{scheme}", ctx -> Http.json(ctx, info(ctx, Optional.of(ctx.pathParam("scheme")))));
        routes.post("/rses/{rse}/protocols/{scheme}", this::addProtocol);
        for (String path : List.of("/rses/{rse}/protocols/{scheme}", "/rses/{rse}/protocols/{scheme}/{hostname}",
                "/rses/{rse}/protocols/{scheme}/{hostname}/{port}")) {
            routes.put(path, ctx -> rses.updateProtocols(Http.caller(ctx), ctx.pathParam("rse"), ctx.pathParam("scheme"),
                    hostname(ctx), port(ctx), RseInput.protocolChanges(plain(Http.jsonObject(ctx)))));
            routes.delete(path, ctx -> rses.deleteProtocols(Http.caller(ctx), ctx.pathParam("rse"), ctx.pathParam("scheme"),
                    hostname(ctx), port(ctx)));
        }

        routes.get("/rses/{rse}/lfns2pfns", this::lfns2pfns);

        routes.get("/rses/{rse}/usage", ctx -> NdjsonWriter.stream(ctx, sink -> rses.usage(Http.caller(ctx), ctx.pathParam("rse"),
                Optional.ofNullable(ctx.queryParam("source")), usage -> sink.accept(usageJson(usage)))));
        routes.put("/rses/{rse}/usage", this::setUsage);

        routes.get("/rses/{rse}/limits", ctx -> Http.json(ctx, rses.limits(Http.caller(ctx), ctx.pathParam("rse"))));
        routes.put("/rses/{rse}/limits", this::setLimit);
        routes.delete("/rses/{rse}/limits", ctx -> rses.deleteLimit(Http.caller(ctx), ctx.pathParam("rse"),
                Http.requiredText(Http.jsonObject(ctx), "name")));

        routes.get("/rses/{source}/distances/{destination}", this::distance);
        routes.post("/rses/{source}/distances/{destination}", ctx -> {
            setDistance(ctx, true);
            Http.created(ctx);
        });
        routes.put("/rses/{source}/distances/{destination}", ctx -> setDistance(ctx, false));
        routes.delete("/rses/{source}/distances/{destination}", ctx -> rses.deleteDistance(Http.caller(ctx), ctx.pathParam("source"),
                ctx.pathParam("destination"), Http.queryBool(ctx, "bidirectional", false)));
    }

    private void addRse(Context ctx) {
        rses.addRse(Http.caller(ctx), ctx.pathParam("rse"), RseInput.settings(plain(Http.optionalJsonObject(ctx))));
        Http.created(ctx);
    }

    private void updateRse(Context ctx) {
        rses.updateRse(Http.caller(ctx), ctx.pathParam("rse"), RseInput.settings(plain(Http.optionalJsonObject(ctx))));
        Http.created(ctx);
    }

    private void setAttribute(Context ctx) throws Exception {
        ObjectNode body = Http.jsonObject(ctx);
        JsonNode value = body.get("value");
        if (value == null || value.isNull()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "value not defined");
        }
        rses.setAttribute(Http.caller(ctx), ctx.pathParam("rse"), ctx.pathParam("key"), Http.JSON.treeToValue(value, Object.class));
        Http.created(ctx);
    }

    private void protocols(Context ctx) {
        List<Object> protocols = List.copyOf(((List<?>) info(ctx, Optional.empty()).get("protocols")));
        if (protocols.isEmpty()) {
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "No protocols found for RSE '" + ctx.pathParam("rse") + "'"
                    + ProtocolChoice.addHint(ctx.pathParam("rse"), "read", "wan"));
        }
        Http.json(ctx, protocols);
    }

    private void addProtocol(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "protocol", Set.of("scheme", "hostname", "port", "prefix", "impl", "domains",
                "extended_attributes", "read_lan", "write_lan", "delete_lan", "read_wan", "write_wan", "delete_wan",
                "third_party_copy_read", "third_party_copy_write", "domain_json"));
        domainJson(body);
        rses.addProtocol(Http.caller(ctx), ctx.pathParam("rse"), RseInput.protocol(ctx.pathParam("scheme"), plain(body)));
        Http.created(ctx);
    }

    private void lfns2pfns(Context ctx) {
        List<String> lfns = ctx.queryParams("lfns");
        if (lfns.isEmpty()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "lfns not defined: give one or more lfns=scope:name");
        }
        String operation = Optional.ofNullable(ctx.queryParam("operation")).orElse("write");
        String domain = Optional.ofNullable(ctx.queryParam("domain")).orElse("wan");
        Http.json(ctx, rses.lfns2pfns(Http.caller(ctx), ctx.pathParam("rse"), lfns,
                Optional.ofNullable(ctx.queryParam("scheme")).filter(s -> !s.isBlank()), operation, domain));
    }

    private void setUsage(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "usage", Set.of("source", "used", "free", "files"));
        rses.setUsage(Http.caller(ctx), ctx.pathParam("rse"), Http.requiredText(body, "source"),
                Http.optionalLong(body, "used"), Http.optionalLong(body, "free"), Http.optionalLong(body, "files"));
    }

    private void setLimit(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "limit", Set.of("name", "value"));
        Long value = Http.optionalLong(body, "value");
        if (value == null) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "value not defined");
        }
        rses.setLimit(Http.caller(ctx), ctx.pathParam("rse"), Http.requiredText(body, "name"), value);
    }

    private void distance(Context ctx) {
        Optional<Integer> distance = rses.distance(Http.caller(ctx), ctx.pathParam("source"), ctx.pathParam("destination"));
        Http.json(ctx, distance.map(d -> List.of(Http.ordered("src_rse", ctx.pathParam("source"),
                "dest_rse", ctx.pathParam("destination"), "distance", d))).orElse(List.of()));
    }

    /** Rucio's export: every RSE with its attributes, protocols and limits, and the distances (unless {@code distance=false}). */
    private void export(Context ctx) {
        boolean withDistances = Http.queryBool(ctx, "distance", true);
        RseService.Export export = rses.export(Http.caller(ctx), withDistances);
        Map<String, Object> rseMap = new LinkedHashMap<>();
        for (RseService.RseExport rse : export.rses()) {
            Map<String, Object> json = RseJson.rse(rse.info().rse());
            for (String dropped : List.of("continent", "ASN", "ISP", "deleted", "deleted_at")) {
                json.remove(dropped);
            }
            json.putAll(RseJson.info(rse.info(), rse.info().protocols()));
            json.put("attributes", rse.info().attributes());
            json.put("MinFreeSpace", rse.limits().get("MinFreeSpace"));
            rseMap.put(rse.info().rse().name(), json);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("rses", rseMap);
        if (withDistances) {
            Map<String, Map<String, Object>> distances = new LinkedHashMap<>();
            for (RseService.DistanceExport d : export.distances()) {
                distances.computeIfAbsent(d.source(), k -> new LinkedHashMap<>()).put(d.destination(), Http.ordered(
                        "src_rse_id", d.sourceId().toString(), "dest_rse_id", d.destinationId().toString(), "distance", d.distance()));
            }
            result.put("distances", distances);
        }
        Http.json(ctx, result);
    }

    /** Keys of an exported RSE that an import takes as they are and does not set. */
    private static final Set<String> EXPORT_ONLY = Set.of("id", "rse", "vo", "created_at", "updated_at", "deleted", "deleted_at",
            "domain", "credentials", "sign_url", "availability");

    /** Rucio's import of RSEs and distances (the format of {@code GET /export}); see RseService#importData. */
    private void importData(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "the imported data", Set.of("rses", "distances"));
        List<RseService.RseImport> imported = new ArrayList<>();
        JsonNode rseNode = body.get("rses");
        if (rseNode != null && !rseNode.isNull()) {
            if (!rseNode.isObject()) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "rses must be an object of RSE names");
            }
            for (Map.Entry<String, JsonNode> entry : rseNode.properties()) {
                imported.add(importedRse(entry.getKey(), entry.getValue()));
            }
        }
        List<RseService.DistanceImport> distances = new ArrayList<>();
        JsonNode distanceNode = body.get("distances");
        if (distanceNode != null && !distanceNode.isNull()) {
            if (!distanceNode.isObject()) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "distances must be an object of source RSE names");
            }
            for (Map.Entry<String, JsonNode> source : distanceNode.properties()) {
                if (!source.getValue().isObject()) {
                    throw new LagunaException(ErrorCode.INVALID_OBJECT, "the distances from " + source.getKey() + " must be an object");
                }
                for (Map.Entry<String, JsonNode> destination : source.getValue().properties()) {
                    JsonNode d = destination.getValue();
                    JsonNode value = d.isObject() ? (d.hasNonNull("distance") ? d.get("distance") : d.get("ranking")) : null;
                    if (value == null || !value.canConvertToInt()) {
                        throw new LagunaException(ErrorCode.INVALID_OBJECT, "the distance from " + source.getKey() + " to "
                                + destination.getKey() + " needs a whole number 'distance'");
                    }
                    distances.add(new RseService.DistanceImport(source.getKey(), destination.getKey(), value.asInt()));
                }
            }
        }
        rses.importData(Http.caller(ctx), imported, distances);
        ctx.status(201);
        ctx.result("Created");
    }

    private static RseService.RseImport importedRse(String name, JsonNode node) {
        if (!node.isObject()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "RSE " + name + " must be an object");
        }
        Map<String, Object> fields = new LinkedHashMap<>(plain((ObjectNode) node));
        fields.keySet().removeAll(EXPORT_ONLY);
        Map<String, Object> attributes = new LinkedHashMap<>();
        Object given = fields.remove("attributes");
        if (given instanceof Map<?, ?> map) {
            map.forEach((key, value) -> attributes.put(String.valueOf(key), value));
        } else if (given != null) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "attributes of RSE " + name + " must be an object");
        }
        for (String key : List.of("lfn2pfn_algorithm", "verify_checksum")) {
            Object value = fields.remove(key);
            if (value != null) {
                attributes.put(key, value);
            }
        }
        Object limit = fields.remove("MinFreeSpace");
        if (limit != null && !(limit instanceof Number)) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "MinFreeSpace of RSE " + name + " must be a number");
        }
        List<RseProtocol> protocols = null;
        Object protocolList = fields.remove("protocols");
        if (protocolList instanceof List<?> list) {
            protocols = new ArrayList<>();
            for (Object item : list) {
                if (!(item instanceof Map<?, ?> map) || !(map.get("scheme") instanceof String scheme)) {
                    throw new LagunaException(ErrorCode.INVALID_OBJECT, "each protocol of RSE " + name + " needs a scheme");
                }
                Map<String, Object> protocol = new LinkedHashMap<>();
                map.forEach((key, value) -> protocol.put(String.valueOf(key), value));
                protocols.add(RseInput.protocol(scheme, protocol));
            }
        } else if (protocolList != null) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "protocols of RSE " + name + " must be a list");
        }
        fields.values().removeIf(Objects::isNull);
        return new RseService.RseImport(name, RseInput.settings(fields), attributes, protocols,
                limit == null ? null : ((Number) limit).longValue());
    }

    private void list(Context ctx) {
        Caller caller = Http.caller(ctx);
        Optional<String> expression = Optional.ofNullable(ctx.queryParam("expression")).filter(e -> !e.isBlank());
        var rows = rses.list(caller, expression);
        NdjsonWriter.stream(ctx, sink -> rows.forEach(rse -> sink.accept(
                expression.isPresent() ? Map.of("rse", rse.name()) : RseJson.rse(rse))));
    }

    private Map<String, Object> info(Context ctx, Optional<String> scheme) {
        RseService.RseInfo info = rses.info(Http.caller(ctx), ctx.pathParam("rse"));
        List<RseProtocol> protocols = info.protocols().stream()
                .filter(p -> scheme.isEmpty() || p.scheme().equals(scheme.get()))
                .toList();
        if (scheme.isPresent() && protocols.isEmpty()) {
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED,
                    "RSE '" + info.rse().name() + "' does not support protocol '" + scheme.get() + "'");
        }
        return RseJson.info(info, protocols);
    }

    private void setDistance(Context ctx, boolean create) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "distance", Set.of("distance", "ranking", "bidirectional"));
        Integer distance = Http.optionalInt(body, "distance", 0, Integer.MAX_VALUE);
        if (distance == null) {
            distance = Http.optionalInt(body, "ranking", 0, Integer.MAX_VALUE);
        }
        if (distance == null) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "distance not defined");
        }
        Boolean bidirectional = Http.optionalBool(body, "bidirectional");
        rses.setDistance(Http.caller(ctx), ctx.pathParam("source"), ctx.pathParam("destination"), distance, create,
                Boolean.TRUE.equals(bidirectional));
    }

    /**
     * Rucio's CLI sends the protocol's domains as {@code domain_json}, a JSON object or a string holding one; it is
     * taken as {@code domains} when those are not given. A string that is not JSON is ignored, as Rucio ignores it.
     */
    private static void domainJson(ObjectNode body) {
        JsonNode domainJson = body.remove("domain_json");
        if (domainJson == null || domainJson.isNull() || body.hasNonNull("domains")) {
            return;
        }
        if (domainJson.isObject()) {
            body.set("domains", domainJson);
        } else if (domainJson.isTextual()) {
            try {
                JsonNode parsed = Http.JSON.readTree(domainJson.asText());
                if (parsed != null && parsed.isObject()) {
                    body.set("domains", parsed);
                }
            } catch (JsonProcessingException e) {
                // not JSON: ignored, as Rucio 41 ignores the field
            }
        } else {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "domain_json must be a JSON object, got " + domainJson);
        }
    }

    private static Map<String, Object> usageJson(RseService.Usage usage) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rse_id", usage.rseId().toString());
        json.put("rse", usage.rse());
        json.put("source", usage.source());
        json.put("used", usage.used());
        json.put("free", usage.free());
        json.put("total", usage.used() != null && usage.free() != null ? usage.used() + usage.free() : null);
        json.put("files", usage.files());
        json.put("updated_at", Http.date(usage.updatedAt()));
        return json;
    }

    private static Optional<String> hostname(Context ctx) {
        return ctx.pathParamMap().containsKey("hostname") ? Optional.of(ctx.pathParam("hostname")) : Optional.empty();
    }

    private static Optional<Integer> port(Context ctx) {
        if (!ctx.pathParamMap().containsKey("port")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(ctx.pathParam("port")));
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "port must be an integer, got '" + ctx.pathParam("port") + "'");
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> plain(ObjectNode node) {
        return Http.JSON.convertValue(node, LinkedHashMap.class);
    }
}
