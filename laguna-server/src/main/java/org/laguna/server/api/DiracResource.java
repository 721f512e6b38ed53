package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.laguna.core.did.MetaRules;
import org.laguna.core.dirac.DiracFile;
import org.laguna.core.dirac.DiracFiles;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's {@code POST /dirac/addfiles}: {@code lfns} (each {@code lfn}, {@code rse}, {@code bytes},
 * {@code adler32}, optional {@code guid}, {@code pfn}, {@code meta}), {@code ignore_availability},
 * {@code parents_metadata} ({@code {name: {key: value}}} for the collections it makes); answers 201.
 */
public final class DiracResource implements Resource {
    private static final Set<String> BODY_KEYS = Set.of("lfns", "ignore_availability", "parents_metadata");
    private static final Set<String> LFN_KEYS = Set.of("lfn", "rse", "bytes", "adler32", "guid", "pfn", "meta");

    private final DiracFiles dirac;

    public DiracResource(DiracFiles dirac) {
        this.dirac = Objects.requireNonNull(dirac, "dirac is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/dirac/addfiles", this::addFiles);
    }

    private void addFiles(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "addfiles", BODY_KEYS);
        JsonNode lfns = body.get("lfns");
        if (lfns == null || lfns.isNull()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "lfns not defined");
        }
        if (!lfns.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, "lfns must be a list, got " + lfns);
        }
        List<DiracFile> files = new ArrayList<>();
        for (JsonNode lfn : lfns) {
            files.add(file(lfn));
        }
        Boolean ignore = Http.optionalBool(body, "ignore_availability");
        dirac.addFiles(Http.caller(ctx), files, ignore != null && ignore, parentsMetadata(body.get("parents_metadata")));
        Http.created(ctx);
    }

    private static DiracFile file(JsonNode lfn) {
        if (!lfn.isObject()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, "an item of lfns is not a dictionary: " + lfn);
        }
        Http.requireKnownKeys(lfn, "an lfn of addfiles", LFN_KEYS);
        String name = Http.requiredText(lfn, "lfn");
        Long bytes = Http.optionalLong(lfn, "bytes");
        if (bytes == null) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "bytes of " + name + " not defined");
        }
        JsonNode meta = lfn.get("meta");
        if (meta != null && !meta.isNull() && !meta.isObject()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, "meta of " + name + " must be a dictionary, got " + meta);
        }
        return new DiracFile(name, Http.requiredText(lfn, "rse"), bytes, Http.optionalText(lfn, "adler32"), guid(lfn, name),
                Http.optionalText(lfn, "pfn"), meta instanceof ObjectNode object ? object : null);
    }

    private static UUID guid(JsonNode lfn, String name) {
        String text = Http.optionalText(lfn, "guid");
        if (text == null) {
            return null;
        }
        UUID guid = MetaRules.guid(text);
        if (guid == null) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "guid of " + name + " is not a GUID: " + text);
        }
        return guid;
    }

    private static Map<String, ObjectNode> parentsMetadata(JsonNode node) {
        Map<String, ObjectNode> parents = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return parents;
        }
        if (!node.isObject()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, "parents_metadata must be a dictionary, got " + node);
        }
        node.fields().forEachRemaining(e -> {
            if (!(e.getValue() instanceof ObjectNode meta)) {
                throw new LagunaException(ErrorCode.INVALID_TYPE, "the metadata of " + e.getKey() + " in parents_metadata must be a dictionary");
            }
            parents.put(e.getKey(), meta);
        });
        return parents;
    }
}
