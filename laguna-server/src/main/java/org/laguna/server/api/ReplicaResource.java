package org.laguna.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.laguna.core.common.ReplicaState;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.MetaRules;
import org.laguna.core.replica.ImportEntry;
import org.laguna.core.replica.ImportSummary;
import org.laguna.core.replica.NewReplica;
import org.laguna.core.replica.ReplicaImporter;
import org.laguna.core.replica.ReplicaListRequest;
import org.laguna.core.replica.ReplicaListing;
import org.laguna.core.replica.ReplicaService;
import org.laguna.server.http.BodyLimits;
import org.laguna.core.replica.SuspiciousReplica;
import org.laguna.core.replica.SuspiciousReplicaService;
import org.laguna.server.http.Http;
import org.laguna.server.http.MetalinkWriter;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.NulGuard;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's {@code /replicas} endpoints. */
public final class ReplicaResource implements Resource {
    private static final Set<String> FILE_FIELDS = Set.of("scope", "name", "bytes", "adler32", "md5", "pfn", "meta", "state",
            "guid", "path", "rse", "rse_id", "events", "lock_cnt", "tombstone");
    private static final Set<String> LIST_FIELDS = Set.of("dids", "schemes", "rse_expression", "client_location", "sort", "domain",
            "signature_lifetime", "resolve_archives", "resolve_parents", "nrandom", "all_states", "updated_after",
            "ignore_availability", "unavailable");

    private final ReplicaService replicas;
    private final ReplicaImporter importer;
    private final SuspiciousReplicaService suspicious;

    public ReplicaResource(ReplicaService replicas, ReplicaImporter importer, SuspiciousReplicaService suspicious) {
        this.replicas = Objects.requireNonNull(replicas, "replicas is null");
        this.importer = Objects.requireNonNull(importer, "importer is null");
        this.suspicious = Objects.requireNonNull(suspicious, "suspicious is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/replicas", this::add);
        routes.put("/replicas", this::updateStates);
        routes.delete("/replicas", this::delete);
        routes.post("/replicas/list", ctx -> list(ctx, Http.jsonObject(ctx), Optional.empty()));
        routes.get("/replicas/bad/states", this::listBadStates);
        routes.get("/replicas/bad/summary", this::badSummary);
        routes.get("/replicas/{scope}/{name}", ctx -> {
            ObjectNode query = Http.JSON.createObjectNode();
            String schemes = ctx.queryParam("schemes");
            if (schemes != null) {
                query.set("schemes", Http.JSON.valueToTree(List.of(schemes.split(","))));
            }
            query.put("all_states", Http.queryBool(ctx, "all_states", false));
            list(ctx, query, Optional.of(new DidKey(ctx.pathParam("scope"), ctx.pathParam("name"))));
        });
        routes.post("/replicas/bad", this::declareBad);
        routes.post("/replicas/suspicious", this::declareSuspicious);
        routes.get("/replicas/suspicious", this::listSuspicious);
        routes.post("/replicas/import", this::importReplicas);
        routes.post("/replicas/tombstone", this::setTombstones);
    }

    private void add(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "replicas", Set.of("rse", "files", "ignore_availability"));
        String rse = Http.requiredText(body, "rse");
        List<NewReplica> files = new ArrayList<>();
        for (JsonNode file : array(body, "files")) {
            Http.requireKnownKeys(file, "a file of replicas", FILE_FIELDS);
            Long bytes = Http.optionalLong(file, "bytes");
            if (bytes == null) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "bytes of " + file.path("scope").asText() + ":"
                        + file.path("name").asText() + " not defined");
            }
            String state = Http.optionalText(file, "state");
            files.add(new NewReplica(Http.requiredText(file, "scope"), Http.requiredText(file, "name"), bytes,
                    Http.optionalText(file, "adler32"), Http.optionalText(file, "md5"), Http.optionalText(file, "pfn"),
                    state == null ? null : ReplicaState.parse(state), guid(file), meta(file)));
        }
        Boolean ignore = Http.optionalBool(body, "ignore_availability");
        replicas.addReplicas(Http.caller(ctx), rse, files, ignore != null && ignore);
        Http.created(ctx);
    }

    /** The metadata keys a new file gets ({@code meta}), or null. */
    private static ObjectNode meta(JsonNode file) {
        JsonNode meta = file.get("meta");
        if (meta == null || meta.isNull()) {
            return null;
        }
        if (!(meta instanceof ObjectNode object)) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, "meta of " + file.path("scope").asText() + ":"
                    + file.path("name").asText() + " must be a dictionary, got " + meta);
        }
        return object;
    }

    /** The file's GUID, given as {@code guid} or, as Rucio's upload sends it, in {@code meta}. */
    private static UUID guid(JsonNode file) {
        JsonNode meta = file.get("meta");
        JsonNode value = file.hasNonNull("guid") ? file.get("guid")
                : meta != null && meta.isObject() && meta.hasNonNull("guid") ? meta.get("guid") : null;
        if (value == null) {
            return null;
        }
        UUID guid = value.isTextual() ? MetaRules.guid(value.asText()) : null;
        if (guid == null) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "guid of " + file.path("scope").asText() + ":"
                    + file.path("name").asText() + " is not a GUID: " + value);
        }
        return guid;
    }

    private void updateStates(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "replicas", Set.of("rse", "files"));
        String rse = Http.requiredText(body, "rse");
        Map<DidKey, ReplicaState> states = new LinkedHashMap<>();
        for (JsonNode file : array(body, "files")) {
            Http.requireKnownKeys(file, "a file of replicas", FILE_FIELDS);
            states.put(new DidKey(Http.requiredText(file, "scope"), Http.requiredText(file, "name")),
                    ReplicaState.parse(Http.requiredText(file, "state")));
        }
        replicas.updateStates(Http.caller(ctx), rse, states);
    }

    private void delete(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "replicas", Set.of("rse", "files", "ignore_availability"));
        String rse = Http.requiredText(body, "rse");
        List<DidKey> files = new ArrayList<>();
        for (JsonNode file : array(body, "files")) {
            files.add(new DidKey(Http.requiredText(file, "scope"), Http.requiredText(file, "name")));
        }
        replicas.deleteReplicas(Http.caller(ctx), rse, files);
    }

    private void setTombstones(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "tombstones", Set.of("replicas"));
        List<Map.Entry<String, DidKey>> replicasOnRses = new ArrayList<>();
        for (JsonNode replica : array(body, "replicas")) {
            replicasOnRses.add(Map.entry(Http.requiredText(replica, "rse"),
                    new DidKey(Http.requiredText(replica, "scope"), Http.requiredText(replica, "name"))));
        }
        replicas.setTombstones(Http.caller(ctx), replicasOnRses);
        Http.created(ctx);
    }

    private void list(Context ctx, ObjectNode body, Optional<DidKey> single) {
        Http.requireKnownKeys(body, "list_replicas", LIST_FIELDS);
        List<DidKey> dids = new ArrayList<>();
        if (single.isPresent()) {
            dids.add(single.get());
        } else {
            for (JsonNode did : array(body, "dids")) {
                dids.add(new DidKey(Http.requiredText(did, "scope"), Http.requiredText(did, "name")));
            }
        }
        Optional<List<String>> schemes = Optional.empty();
        JsonNode schemesNode = body.get("schemes");
        if (schemesNode != null && !schemesNode.isNull()) {
            if (!schemesNode.isArray()) {
                throw new LagunaException(ErrorCode.INVALID_TYPE, "schemes must be a list of strings");
            }
            List<String> list = new ArrayList<>();
            schemesNode.forEach(s -> list.add(s.asText()));
            schemes = Optional.of(list);
        }
        Integer nrandom = Http.optionalInt(body, "nrandom", 0, Integer.MAX_VALUE);
        Boolean allStates = Http.optionalBool(body, "all_states");
        Boolean resolveParents = Http.optionalBool(body, "resolve_parents");
        String domain = Optional.ofNullable(Http.optionalText(body, "domain")).filter(d -> !d.equals("all")).orElse("wan");
        ReplicaListRequest request = new ReplicaListRequest(dids, schemes,
                Optional.ofNullable(Http.optionalText(body, "rse_expression")).filter(e -> !e.isBlank()), domain,
                allStates != null && allStates, resolveParents != null && resolveParents,
                Optional.ofNullable(nrandom),
                Optional.ofNullable(Http.optionalInt(body, "signature_lifetime", 0, Integer.MAX_VALUE)));
        if (MetalinkWriter.wanted(ctx)) {
            MetalinkWriter.stream(ctx, sink -> replicas.listReplicas(Http.caller(ctx), request, sink));
        } else {
            NdjsonWriter.stream(ctx, sink -> replicas.listReplicas(Http.caller(ctx), request, file -> sink.accept(json(file))));
        }
    }

    /** One file of {@code list_replicas} as Rucio answers it. */
    static Map<String, Object> json(ReplicaListing file) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scope", file.scope());
        json.put("name", file.name());
        json.put("bytes", file.bytes());
        json.put("md5", file.md5());
        json.put("adler32", file.adler32());
        Map<String, Map<String, Object>> pfns = new LinkedHashMap<>();
        for (ReplicaListing.Pfn pfn : file.pfns()) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("rse_id", pfn.rseId().toString());
            value.put("rse", pfn.rse());
            value.put("type", pfn.rseType());
            value.put("volatile", pfn.volatileRse());
            value.put("domain", pfn.domain());
            value.put("priority", pfn.priority());
            value.put("client_extract", pfn.clientExtract());
            pfns.put(pfn.url(), value);
        }
        json.put("pfns", pfns);
        json.put("rses", file.pfnsByRse());
        Map<String, String> states = new LinkedHashMap<>();
        file.states().forEach((rse, state) -> states.put(rse, state.name()));
        json.put("states", states);
        return json;
    }

    /**
     * Laguna's bulk import of files already on storage: {@code ?rse=R[&dry_run=true]}, body one JSON
     * object per line {@code {scope, name, bytes, adler32?, md5?, path?}}; answers a summary.
     */
    private void importReplicas(Context ctx) throws IOException {
        String rse = ctx.queryParam("rse");
        if (rse == null || rse.isBlank()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "rse not defined: give ?rse=RSE");
        }
        boolean dryRun = Http.queryBool(ctx, "dry_run", false);
        MappingIterator<JsonNode> lines;
        try {
            lines = Http.JSON.readerFor(JsonNode.class).readValues(BodyLimits.lines(ctx));
        } catch (JsonProcessingException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "cannot decode line 1 of the import: " + e.getOriginalMessage());
        }
        Iterator<ImportEntry> entries = new Iterator<>() {
            @Override
            public boolean hasNext() {
                try {
                    return lines.hasNext();
                } catch (RuntimeException e) {
                    throw malformedLine(lines, e);
                }
            }

            @Override
            public ImportEntry next() {
                JsonNode line;
                try {
                    line = Http.requireValidUnicode(lines.next());
                } catch (RuntimeException e) {
                    throw malformedLine(lines, e);
                }
                NulGuard.check(line, "line " + lines.getCurrentLocation().getLineNr());
                if (!line.isObject()) {
                    throw new LagunaException(ErrorCode.INVALID_TYPE, "each import line must be a JSON object, got " + line);
                }
                Http.requireKnownKeys(line, "an import line", Set.of("scope", "name", "bytes", "adler32", "md5", "path"));
                Long bytes = Http.optionalLong(line, "bytes");
                if (bytes == null) {
                    throw new LagunaException(ErrorCode.VALUE_ERROR, "bytes not defined for " + line.path("name").asText());
                }
                return new ImportEntry(Http.requiredText(line, "scope"), Http.requiredText(line, "name"),
                        bytes, Http.optionalText(line, "adler32"), Http.optionalText(line, "md5"), Http.optionalText(line, "path"));
            }
        };
        ImportSummary summary = importer.importReplicas(Http.caller(ctx), rse, entries, dryRun);
        Http.json(ctx, Http.ordered("found", summary.found(), "registered", summary.registered(), "skipped", summary.skipped(),
                "mismatched", summary.mismatched(), "invalid", summary.invalid(), "dry_run", dryRun, "problems", summary.problems(), "hints", summary.hints()));
    }

    /** A line that is not JSON becomes a 400 naming it; other failures (the client went away, a too long line) pass. */
    private static RuntimeException malformedLine(MappingIterator<JsonNode> lines, RuntimeException e) {
        if (!(e.getCause() instanceof JsonProcessingException json)) {
            return e;
        }
        return new LagunaException(ErrorCode.VALUE_ERROR, "cannot decode line " + lines.getCurrentLocation().getLineNr()
                + " of the import: " + json.getOriginalMessage());
    }

    private void declareBad(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "declare_bad", Set.of("replicas", "pfns", "reason", "force"));
        String reason = Optional.ofNullable(Http.optionalText(body, "reason")).orElse("");
        List<String> pfns = new ArrayList<>();
        List<Map.Entry<String, DidKey>> byRse = new ArrayList<>();
        JsonNode items = body.has("replicas") ? body.get("replicas") : body.get("pfns");
        if (items == null || !items.isArray()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "replicas not defined: give a list of PFNs or of {scope, name, rse}");
        }
        for (JsonNode item : items) {
            if (item.isTextual()) {
                pfns.add(item.asText());
            } else if (item.isObject()) {
                byRse.add(new AbstractMap.SimpleEntry<>(Http.requiredText(item, "rse"),
                        new DidKey(Http.requiredText(item, "scope"), Http.requiredText(item, "name"))));
            } else {
                throw new LagunaException(ErrorCode.INVALID_TYPE, "each replica must be a PFN or {scope, name, rse}, got " + item);
            }
        }
        ctx.status(201);
        Http.json(ctx, replicas.declareBad(Http.caller(ctx), reason, pfns, byRse));
    }

    /** Rucio's declare_suspicious_file_replicas: {@code {"pfns": [...], "reason": ...}}; answers what was not declared. */
    private void declareSuspicious(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "declare_suspicious", Set.of("pfns", "reason"));
        String reason = Optional.ofNullable(Http.optionalText(body, "reason")).orElse("");
        List<String> pfns = new ArrayList<>();
        for (JsonNode item : array(body, "pfns")) {
            if (!item.isTextual()) {
                throw new LagunaException(ErrorCode.INVALID_TYPE, "each of pfns must be a PFN string, got " + item);
            }
            pfns.add(item.asText());
        }
        ctx.status(201);
        Http.json(ctx, suspicious.declare(Http.caller(ctx), reason, pfns));
    }

    /** Rucio's list_suspicious_replicas: {@code ?rse_expression=&younger_than=YYYY-MM-DDTHH:MM:SS&nattempts=N}. */
    private void listSuspicious(Context ctx) {
        Optional<String> expression = Optional.ofNullable(ctx.queryParam("rse_expression")).filter(e -> !e.isBlank());
        Optional<Instant> youngerThan = Optional.ofNullable(ctx.queryParam("younger_than")).filter(t -> !t.isBlank())
                .map(t -> timestamp("younger_than", t));
        String attempts = ctx.queryParam("nattempts");
        int nattempts;
        try {
            nattempts = attempts == null || attempts.isBlank() ? 0 : Integer.parseInt(attempts.trim());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "nattempts must be a whole number, got '" + attempts + "'");
        }
        List<Map<String, Object>> answer = new ArrayList<>();
        for (SuspiciousReplica replica : suspicious.list(Http.caller(ctx), expression, youngerThan, nattempts)) {
            answer.add(Http.ordered("scope", replica.scope(), "name", replica.name(), "rse", replica.rse(), "rse_id",
                    replica.rseId().toString(), "cnt", replica.count(), "created_at", Http.date(replica.createdAt()),
                    "last_copy", replica.lastCopy()));
        }
        Http.json(ctx, answer);
    }

    /** Rucio's list_bad_replicas_status: {@code ?state=&rse=&younger_than=&older_than=&limit=}, streamed. */
    private void listBadStates(Context ctx) {
        Optional<Integer> limit = Optional.ofNullable(ctx.queryParam("limit")).filter(l -> !l.isBlank()).map(l -> {
            try {
                return Integer.parseInt(l.trim());
            } catch (NumberFormatException e) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "limit must be a whole number, got '" + l + "'");
            }
        });
        SuspiciousReplicaService.BadFilter filter = new SuspiciousReplicaService.BadFilter(
                Optional.ofNullable(ctx.queryParam("state")).filter(t -> !t.isBlank()),
                Optional.ofNullable(ctx.queryParam("rse")).filter(t -> !t.isBlank()),
                Optional.ofNullable(ctx.queryParam("younger_than")).filter(t -> !t.isBlank()).map(t -> timestamp("younger_than", t)),
                Optional.ofNullable(ctx.queryParam("older_than")).filter(t -> !t.isBlank()).map(t -> timestamp("older_than", t)),
                limit.orElse(0));
        NdjsonWriter.stream(ctx, sink -> suspicious.listByState(Http.caller(ctx), filter, row -> sink.accept(Http.ordered(
                "scope", row.scope(), "name", row.name(), "rse", row.rse(), "rse_id", row.rseId().toString(), "state", row.state().name(),
                "reason", row.reason(), "created_at", Http.date(row.createdAt()), "updated_at", Http.date(row.updatedAt())))));
    }

    /** Rucio's get_bad_replicas_summary: {@code ?rse_expression=&from_date=YYYY-MM-DD&to_date=YYYY-MM-DD}, streamed. */
    private void badSummary(Context ctx) {
        Optional<String> expression = Optional.ofNullable(ctx.queryParam("rse_expression")).filter(e -> !e.isBlank());
        Optional<LocalDate> from = Optional.ofNullable(ctx.queryParam("from_date")).filter(t -> !t.isBlank()).map(ReplicaResource::day);
        Optional<LocalDate> to = Optional.ofNullable(ctx.queryParam("to_date")).filter(t -> !t.isBlank()).map(ReplicaResource::day);
        NdjsonWriter.stream(ctx, sink -> suspicious.summary(Http.caller(ctx), expression, from, to, row -> sink.accept(Http.ordered(
                "rse", row.rse(), "rse_id", row.rseId().toString(), "created_at", Http.date(row.day()), "reason", row.reason(),
                "BAD", row.bad(), "DELETED", row.deleted(), "LOST", row.lost(), "RECOVERED", row.recovered(),
                "SUSPICIOUS", row.suspicious(), "TEMPORARY_UNAVAILABLE", row.temporaryUnavailable()))));
    }

    private static LocalDate day(String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "dates must be like 2024-01-31, got '" + text + "'");
        }
    }

    private static Instant timestamp(String parameter, String text) {
        try {
            return LocalDateTime.parse(text.trim()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, parameter + " must be a date and time like 2024-01-31T12:00:00, got '"
                    + text + "'");
        }
    }

    private static JsonNode array(JsonNode body, String key) {
        JsonNode node = body.get(key);
        if (node == null || node.isNull()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, key + " not defined");
        }
        if (!node.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, key + " must be a list");
        }
        return node;
    }
}
