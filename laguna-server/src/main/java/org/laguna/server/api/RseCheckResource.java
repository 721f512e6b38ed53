package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.audit.CheckReport;
import org.laguna.core.audit.CheckReports;
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
        Http.json(ctx, CheckReports.toMap(report));
    }
}
