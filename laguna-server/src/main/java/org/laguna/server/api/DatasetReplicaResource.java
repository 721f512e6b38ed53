package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.laguna.core.did.DidKey;
import org.laguna.core.replica.DatasetReplicaService;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's {@code GET /replicas/{scope}/{name}/datasets}: a dataset's replicas per RSE, with available and total counts. */
public final class DatasetReplicaResource implements Resource {
    private final DatasetReplicaService datasets;

    public DatasetReplicaResource(DatasetReplicaService datasets) {
        this.datasets = Objects.requireNonNull(datasets, "datasets is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/replicas/{scope}/{name}/datasets", ctx -> {
            // deep is accepted for compatibility: the counts always come from the file replicas
            Http.queryBool(ctx, "deep", false);
            stream(ctx, datasets.list(Http.caller(ctx), ctx.pathParam("scope"), ctx.pathParam("name")));
        });
        routes.post("/replicas/datasets_bulk", this::bulk);
    }

    /** Rucio's list_dataset_replicas_bulk: {@code {"dids": [{"scope", "name"}, ...]}}. */
    private void bulk(Context ctx) {
        ObjectNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "datasets_bulk", Set.of("dids"));
        JsonNode dids = body.get("dids");
        if (dids == null || dids.isNull()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "dids not defined");
        }
        if (!dids.isArray()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Cannot validate DIDs: dids must be a list");
        }
        List<DidKey> keys = new ArrayList<>();
        for (JsonNode did : dids) {
            if (!did.isObject()) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "Cannot validate DIDs: " + did + " is not a DID");
            }
            keys.add(new DidKey(Http.requiredText(did, "scope"), Http.requiredText(did, "name")));
        }
        stream(ctx, datasets.listBulk(Http.caller(ctx), keys));
    }

    private static void stream(Context ctx, List<DatasetReplicaService.DatasetReplica> rows) {
            NdjsonWriter.stream(ctx, sink -> rows.forEach(r -> sink.accept(Http.ordered("scope", r.scope(), "name", r.name(),
                    "rse", r.rse(), "rse_id", r.rseId().toString(), "bytes", r.bytes(), "length", r.length(),
                    "available_bytes", r.availableBytes(), "available_length", r.availableLength(), "state", r.state(),
                    "created_at", r.createdAt() == null ? null : Http.date(r.createdAt()),
                    "updated_at", r.updatedAt() == null ? null : Http.date(r.updatedAt()),
                    "accessed_at", r.accessedAt() == null ? null : Http.date(r.accessedAt())))));
    }
}
