package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.audit.CheckReport;
import org.laguna.core.audit.StorageCheck;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;

/**
 * Laguna's storage consistency check: {@code POST /rses/{rse}/check[?fix=true]} compares the RSE's
 * storage with the catalogue and answers a summary. Without a body the storage lists its files;
 * a body is a dump of the storage (one path or PFN per line, gzip or plain) read as it streams in.
 */
public final class RseCheckResource implements Resource {
    private final StorageCheck check;

    public RseCheckResource(StorageCheck check) {
        this.check = Objects.requireNonNull(check, "check is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/rses/{rse}/check", this::check);
    }

    private void check(Context ctx) throws IOException {
        boolean fix = Http.queryBool(ctx, "fix", false);
        PushbackInputStream body = new PushbackInputStream(ctx.req().getInputStream(), 1);
        int first = body.read();
        Optional<InputStream> dump = Optional.empty();
        if (first >= 0) {
            body.unread(first);
            dump = Optional.of(body);
        }
        CheckReport report = check.check(Http.caller(ctx), ctx.pathParam("rse"), dump, fix);
        Http.json(ctx, json(report));
    }

    /** A check's report as the REST answer shows it (the fields of the {@code rse_checks} record, in the same order). */
    static Map<String, Object> json(CheckReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rse", report.rse());
        json.put("source", report.source());
        json.put("started_at", report.startedAt().toString());
        json.put("storage_files", report.storageFiles());
        json.put("catalogue_files", report.catalogueFiles());
        json.put("dark", report.dark());
        json.put("dark_deleted", report.darkDeleted());
        json.put("dark_young", report.darkYoung());
        json.put("part_files", report.partFiles());
        json.put("lost", report.lost());
        json.put("lost_declared_bad", report.lostDeclaredBad());
        json.put("lost_last_copies", report.lostLastCopies());
        json.put("size_mismatches", report.sizeMismatches());
        json.put("dark_sample", report.darkSample());
        json.put("lost_sample", report.lostSample());
        json.put("note", report.note());
        return json;
    }
}
