package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.Ids;
import org.laguna.core.rule.Rule;
import org.laguna.core.rule.RuleAnalysis;
import org.laguna.core.rule.RuleChange;
import org.laguna.core.rule.RuleService;
import org.laguna.core.rule.RuleState;
import org.laguna.core.rule.RuleUpdate;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * A rule: its locks' progress (updated live by {@link RuleEvents}), why locks are stuck, its history,
 * and the actions the account may take on it (extend its lifetime, delete it) as forms. The forms are
 * shown to the rule's owner and administrators; the service decides every post with the same
 * permission checks as the REST API, whoever sends it.
 */
final class RulePage {
    static final int MAX_STUCK_SHOWN = 50;
    static final long MAX_LIFETIME_DAYS = 366L * 1000;

    /** One lock that is not OK, and why. */
    public record StuckLock(String scope, String name, String rse, String lockState, String requestState, int attempts, String lastError,
                            String sources, String waitingFor) {
    }

    /** One change of the rule, oldest first. */
    public record Change(String when, String state, String rseExpression, int copies, String expires, long locksOk, long locksReplicating,
                         long locksStuck, String error) {
    }

    /** Everything the page shows. */
    public record View(RuleRow rule, String activity, String grouping, String comment, String created, boolean mayChange,
                       List<StuckLock> stuck, int stuckTotal, List<Change> history, String formError) {
    }

    private final Pages pages;
    private final RuleService rules;
    private final Predicate<Caller> isAdmin;

    RulePage(Pages pages, RuleService rules, Predicate<Caller> isAdmin) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.rules = Objects.requireNonNull(rules, "rules is null");
        this.isAdmin = Objects.requireNonNull(isAdmin, "isAdmin is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/rules/{id}", pages.page((ctx, session) -> show(ctx, session, 200, "")));
        routes.get("/ui/rules/{id}/progress", pages.page(this::progress));
        routes.post("/ui/rules/{id}/lifetime", pages.action(this::extend));
        routes.post("/ui/rules/{id}/delete", pages.action(this::delete));
    }

    static UUID id(Context ctx) {
        String raw = ctx.pathParam("id");
        String value = raw.length() == 32 && raw.indexOf('-') < 0
                ? raw.substring(0, 8) + "-" + raw.substring(8, 12) + "-" + raw.substring(12, 16) + "-" + raw.substring(16, 20) + "-" + raw.substring(20)
                : raw;
        return RuleService.parseId(value);
    }

    private void show(Context ctx, UiSession session, int status, String formError) {
        Rule rule = rules.get(id(ctx));
        List<StuckLock> stuck = new ArrayList<>();
        int stuckTotal = 0;
        if (rule.state() != RuleState.OK) {
            RuleAnalysis analysis = rules.analysis(rule.id());
            stuckTotal = analysis.transfers().size();
            analysis.transfers().stream().limit(MAX_STUCK_SHOWN).forEach(transfer -> stuck.add(new StuckLock(transfer.scope(), transfer.name(),
                    transfer.rse(), transfer.lockState(), transfer.requestState() == null ? "" : transfer.requestState(), transfer.attempts(),
                    transfer.lastError() == null ? "" : transfer.lastError(), String.join(", ", transfer.sources()),
                    transfer.waitingFor() == null ? "" : transfer.waitingFor().waitsFor())));
        }
        List<Change> history = new ArrayList<>();
        rules.history(rule.id(), entry -> history.add(new Change(Format.date(entry.updatedAt()), entry.state().name(), entry.rseExpression(),
                entry.copies(), Format.date(entry.expiresAt()), entry.locksOk(), entry.locksReplicating(), entry.locksStuck(),
                entry.error() == null ? "" : entry.error())));
        boolean mayChange = rule.account().equals(session.account()) || isAdmin.test(session.caller());
        View view = new View(RuleRow.of(rule), nullToEmpty(rule.activity()), rule.grouping().name(), nullToEmpty(rule.comments()),
                Format.date(rule.createdAt()), mayChange, stuck, stuckTotal, history, formError);
        String notice = ctx.queryParam("extended") != null ? "The rule's lifetime was changed." : "";
        pages.render(ctx, status, "rule.jte", Map.of("page", Pages.frame(session, "Rule " + Ids.hex(rule.id()), "home", notice), "view", view));
    }

    private void progress(Context ctx, UiSession session) {
        Rule rule = rules.get(id(ctx));
        pages.render(ctx, "rule_progress.jte", Map.of("rule", RuleRow.of(rule)));
    }

    private void extend(Context ctx, UiSession session) {
        UUID id = id(ctx);
        String days = Pages.form(ctx).text("days").orElse("");
        Duration lifetime;
        try {
            lifetime = lifetime(days);
        } catch (LagunaException e) {
            show(ctx, session, e.code().httpStatus(), e.getMessage());
            return;
        }
        rules.update(session.caller(), id, RuleUpdate.of(new RuleChange.Lifetime(lifetime)));
        ctx.redirect(Format.ruleUrl(id) + "?extended=1", HttpStatus.SEE_OTHER);
    }

    /** The lifetime of the form: whole days from now, 1 to {@value #MAX_LIFETIME_DAYS}. */
    static Duration lifetime(String days) {
        long value;
        try {
            value = Long.parseLong(days.strip());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "The lifetime must be a whole number of days, got '" + days + "'");
        }
        if (value < 1 || value > MAX_LIFETIME_DAYS) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "The lifetime must be 1 to " + MAX_LIFETIME_DAYS + " days, got " + value);
        }
        return Duration.ofDays(value);
    }

    private void delete(Context ctx, UiSession session) {
        UUID id = id(ctx);
        rules.delete(session.caller(), id, null);
        ctx.redirect("/ui/?deleted=" + Ids.hex(id), HttpStatus.SEE_OTHER);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
