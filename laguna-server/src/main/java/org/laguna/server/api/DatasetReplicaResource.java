package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import java.util.Objects;
import org.laguna.core.replica.DatasetReplicaService;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;

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
            var rows = datasets.list(Http.caller(ctx), ctx.pathParam("scope"), ctx.pathParam("name"));
            NdjsonWriter.stream(ctx, sink -> rows.forEach(r -> sink.accept(Http.ordered("scope", r.scope(), "name", r.name(),
                    "rse", r.rse(), "rse_id", r.rseId().toString(), "bytes", r.bytes(), "length", r.length(),
                    "available_bytes", r.availableBytes(), "available_length", r.availableLength(), "state", r.state(),
                    "created_at", r.createdAt() == null ? null : Http.date(r.createdAt()),
                    "updated_at", r.updatedAt() == null ? null : Http.date(r.updatedAt()),
                    "accessed_at", r.accessedAt() == null ? null : Http.date(r.accessedAt())))));
        });
    }
}
