package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.usage.UsageHistory;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;

/**
 * Usage per account of an RSE and the usage history of RSEs and accounts: Rucio's
 * {@code GET /rses/{rse}/accounts/usage}, {@code GET /rses/{rse}/usage/history} and
 * {@code GET /accounts/{account}/usage/history/{rse}}.
 */
public final class UsageResource implements Resource {
    /** Rucio writes the dates of an account's usage history without the fraction and zone. */
    private static final DateTimeFormatter HISTORY_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private final UsageHistory usage;

    public UsageResource(UsageHistory usage) {
        this.usage = Objects.requireNonNull(usage, "usage is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/rses/{rse}/accounts/usage", this::rseAccounts);
        routes.get("/rses/{rse}/usage/history", this::rseHistory);
        routes.get("/accounts/{account}/usage/history/{rse}", this::accountHistory);
    }

    private void rseAccounts(Context ctx) {
        var rows = usage.rseAccountUsage(Http.caller(ctx), ctx.pathParam("rse"));
        // Rucio streams these lines under application/json
        NdjsonWriter.stream(ctx, sink -> rows.forEach(row -> sink.accept(Http.ordered("rse_id", row.rseId().toString(),
                "rse", row.rse(), "account", row.account(), "used_files", row.usedFiles(), "used_bytes", row.usedBytes(),
                "quota_bytes", row.quotaBytes()))));
    }

    private void rseHistory(Context ctx) {
        Optional<String> source = Optional.ofNullable(ctx.queryParam("source")).filter(s -> !s.isBlank());
        List<Map<String, Object>> rows = new ArrayList<>();
        usage.rseHistory(Http.caller(ctx), ctx.pathParam("rse"), source, row -> rows.add(Http.ordered("rse_id", row.rseId().toString(),
                "rse", row.rse(), "source", row.source(), "used", row.used(), "total", row.used() + row.free(), "free", row.free(),
                "updated_at", Http.date(row.updatedAt()))));
        NdjsonWriter.stream(ctx, sink -> rows.forEach(sink));
    }

    private void accountHistory(Context ctx) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (UsageHistory.AccountUsage row : usage.accountHistory(Http.caller(ctx), ctx.pathParam("account"), ctx.pathParam("rse"))) {
            rows.add(Http.ordered("bytes", row.bytes(), "files", row.files(), "updated_at", HISTORY_DATE.format(row.updatedAt())));
        }
        Http.json(ctx, rows);
    }
}
