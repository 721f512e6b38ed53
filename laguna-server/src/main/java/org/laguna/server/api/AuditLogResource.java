package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.laguna.core.auditlog.AuditEntry;
import org.laguna.core.auditlog.AuditFilter;
import org.laguna.core.auditlog.AuditLogService;
import org.laguna.core.auditlog.AuditOutcome;
import org.laguna.server.http.Http;
import org.laguna.server.http.NdjsonWriter;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * {@code GET /audit}: the audit log, newest first, one JSON object per line. Filters: {@code since}
 * and {@code until} (ISO-8601 instants or dates, UTC), {@code account}, {@code action},
 * {@code target} (a text the target or the request contains), {@code outcome} (SUCCESS, DENIED, FAILED) and
 * {@code limit} (1 to 100000, default 1000). Administrators see every entry, other accounts their own.
 */
public final class AuditLogResource implements Resource {
    public static final int DEFAULT_LIMIT = 1_000;
    private static final Set<String> PARAMETERS = Set.of("since", "until", "account", "action", "target", "outcome", "limit");

    private final AuditLogService audit;

    public AuditLogResource(AuditLogService audit) {
        this.audit = Objects.requireNonNull(audit, "audit is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/audit", this::list);
    }

    private void list(Context ctx) {
        AuditFilter filter = filter(ctx);
        var caller = Http.caller(ctx);
        NdjsonWriter.stream(ctx, sink -> audit.list(caller, filter, entry -> sink.accept(json(entry))));
    }

    static AuditFilter filter(Context ctx) {
        for (String key : ctx.queryParamMap().keySet()) {
            if (!PARAMETERS.contains(key)) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "Unknown parameter '" + key + "' of /audit; known: "
                        + String.join(", ", new TreeSet<>(PARAMETERS)));
            }
        }
        Optional<Instant> since = text(ctx, "since").map(value -> instant("since", value));
        Optional<Instant> until = text(ctx, "until").map(value -> instant("until", value));
        if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "since must be before until, got since=" + since.get()
                    + " and until=" + until.get());
        }
        Optional<AuditOutcome> outcome = text(ctx, "outcome").map(AuditLogResource::outcome);
        int limit = text(ctx, "limit").map(AuditLogResource::limit).orElse(DEFAULT_LIMIT);
        return new AuditFilter(since, until, text(ctx, "account"), text(ctx, "action"), text(ctx, "target"), outcome, limit);
    }

    private static Optional<String> text(Context ctx, String key) {
        String value = ctx.queryParam(key);
        if (value != null && value.length() > 1_024) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " is too long: at most 1024 characters");
        }
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static Instant instant(String key, String value) {
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be an ISO-8601 instant (2026-12-04T10:00:00Z)"
                    + " or date (2026-12-04), got '" + value + "'");
        }
    }

    private static AuditOutcome outcome(String value) {
        try {
            return AuditOutcome.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "outcome must be SUCCESS, DENIED or FAILED, got '" + value + "'");
        }
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= AuditFilter.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // the message below says what is wanted
        }
        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "limit must be an integer between 1 and " + AuditFilter.MAX_LIMIT
                + ", got '" + value + "'");
    }

    static Object json(AuditEntry entry) {
        return Http.ordered("id", entry.id(), "time", entry.time().toString(), "account", entry.account(), "identity", entry.identity(),
                "auth_method", entry.authMethod(), "vo", entry.vo(), "client_address", entry.clientAddress(), "action", entry.action(),
                "target", entry.target(), "outcome", entry.outcome().name(), "request_id", entry.requestId(), "request", entry.request(),
                "detail", entry.detail());
    }
}
