package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.auditlog.AuditEntry;
import org.laguna.core.auditlog.AuditFilter;
import org.laguna.core.auditlog.AuditLogService;
import org.laguna.core.auditlog.AuditOutcome;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The audit log, newest first, {@value #PAGE_SIZE} entries a page: administrators see every entry,
 * other accounts their own (asking for another account's is refused, as {@code GET /audit} refuses
 * it). Filters: a time range (dates, or instants), account, action, target text and outcome.
 */
final class AuditPages {
    static final int PAGE_SIZE = 100;
    /** Entries of the same instant as the last one shown may follow it: the next page reads up to this many again and skips them. */
    private static final int SAME_INSTANT_SLACK = 50;
    private static final List<String> OUTCOMES = List.of("", "SUCCESS", "DENIED", "FAILED");

    /** One entry as the table shows it. */
    public record Row(long id, String time, String account, String identity, String clientAddress, String action, String target,
                      String outcome, String request, String detail) {
    }

    /** What the filter form holds, the entries found, and the link to older ones ("" when there are none). */
    public record View(String from, String to, String account, String action, String target, String outcome, List<String> outcomes,
                       List<Row> rows, String older, String error) {
    }

    private final Pages pages;
    private final AuditLogService audit;

    AuditPages(Pages pages, AuditLogService audit) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.audit = Objects.requireNonNull(audit, "audit is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/audit", pages.page(this::list));
    }

    private void list(Context ctx, UiSession session) {
        String from = param(ctx, "from");
        String to = param(ctx, "to");
        String account = param(ctx, "account");
        String action = param(ctx, "action");
        String target = param(ctx, "target");
        String outcome = param(ctx, "outcome").toUpperCase(Locale.ROOT);
        List<Row> rows = new ArrayList<>();
        String error = "";
        int status = 200;
        String older = "";
        try {
            Optional<Instant> since = from.isEmpty() ? Optional.empty() : Optional.of(instant("From", from, false));
            Optional<Instant> until = to.isEmpty() ? Optional.empty() : Optional.of(instant("To", to, true));
            Optional<Instant> before = Optional.ofNullable(ctx.queryParam("before")).filter(text -> !text.isBlank())
                    .map(text -> instant("before", text, false));
            long beforeId = before.isPresent() ? number(ctx.queryParam("before_id")) : Long.MAX_VALUE;
            if (before.isPresent() && (until.isEmpty() || before.get().isBefore(until.get()))) {
                // the entries of the last one's instant are read again and those already shown skipped
                until = Optional.of(before.get().plus(1, ChronoUnit.MICROS));
            }
            if (since.isPresent() && until.isPresent() && !since.get().isBefore(until.get())) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "From must be before To, got " + from + " and " + to);
            }
            Optional<AuditOutcome> outcomeFilter = outcome.isEmpty() ? Optional.empty() : Optional.of(outcome(outcome));
            AuditFilter filter = new AuditFilter(since, until, optional(account), optional(action), optional(target), outcomeFilter,
                    PAGE_SIZE + 1 + SAME_INSTANT_SLACK);
            Instant skipAt = before.orElse(null);
            audit.list(session.caller(), filter, entry -> {
                if (rows.size() > PAGE_SIZE || skipAt != null && entry.time().equals(skipAt) && entry.id() >= beforeId) {
                    return;
                }
                rows.add(row(entry));
            });
        } catch (LagunaException e) {
            error = e.getMessage();
            status = Pages.status(e);
            rows.clear();
        }
        if (rows.size() > PAGE_SIZE) {
            rows.removeLast();
            Row last = rows.getLast();
            older = "/ui/audit?from=" + Format.encode(from) + "&to=" + Format.encode(to) + "&account=" + Format.encode(account)
                    + "&action=" + Format.encode(action) + "&target=" + Format.encode(target) + "&outcome=" + Format.encode(outcome)
                    + "&before=" + Format.encode(last.time()) + "&before_id=" + last.id();
        }
        View view = new View(from, to, account, action, target, outcome, OUTCOMES, rows, older, error);
        pages.render(ctx, status, "audit.jte", Map.of("page", Pages.frame(session, "Audit log", "audit", ""), "view", view));
    }

    private static Row row(AuditEntry entry) {
        return new Row(entry.id(), entry.time().toString(), text(entry.account()), text(entry.identity()), text(entry.clientAddress()),
                entry.action(), text(entry.target()), entry.outcome().name(), text(entry.request()), text(entry.detail()));
    }

    /**
     * A date ({@code 2026-12-04}: its start, or its end for the end of a range) or an instant
     * ({@code 2026-12-04T10:00:00Z}), as {@code GET /audit} takes them; the browser's date-time field
     * ({@code 2026-12-04T10:00}) is taken as UTC.
     */
    static Instant instant(String what, String text, boolean endOfRange) {
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfRange ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (text.length() == 16 || text.length() == 19) {
                return Instant.parse(text + (text.length() == 16 ? ":00Z" : "Z"));
            }
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, what + " must be a date (2026-12-04) or an instant "
                    + "(2026-12-04T10:00:00Z), got '" + text + "'");
        }
    }

    private static AuditOutcome outcome(String value) {
        try {
            return AuditOutcome.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "The outcome must be SUCCESS, DENIED or FAILED, got '" + value + "'");
        }
    }

    private static long number(String text) {
        try {
            return text == null ? Long.MAX_VALUE : Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "before_id must be a whole number, got '" + text + "'");
        }
    }

    private static String param(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value != null && value.length() > 1_024) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, name + " is too long: at most 1024 characters");
        }
        return value == null ? "" : value.strip();
    }

    private static Optional<String> optional(String text) {
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
