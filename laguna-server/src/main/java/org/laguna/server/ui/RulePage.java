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
import org.laguna.core.common.Ids;
import org.laguna.core.rule.Rule;
import org.laguna.core.rule.RuleActions;
import org.laguna.core.rule.RuleAnalysis;
import org.laguna.core.rule.RuleChange;
import org.laguna.core.rule.RuleHistoryEntry;
import org.laguna.core.rule.RuleService;
import org.laguna.core.rule.RuleState;
import org.laguna.core.rule.RuleUpdate;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * A rule: its locks' progress (updated live by {@link RuleEvents}), why locks are stuck, its history,
 * and the actions the account may take on it as forms: set its lifetime, change its priority, boost it
 * (retry its stuck transfers now), reduce its copies, move it to other RSEs, delete it. A form is shown
 * when the permission policy allows that change to the account (asked with the same arguments as the
 * change itself), and the service decides every post with the same checks as the REST API, whoever
 * sends it.
 */
final class RulePage {
    static final int MAX_STUCK_SHOWN = 50;
    static final long MAX_LIFETIME_DAYS = 366L * 1000;

    /** One lock that is not OK, and why. */
    public record StuckLock(String scope, String name, String rse, String lockState, String requestState, int attempts, String lastError,
                            String sources, String waitingFor) {
    }

    /** One change of the rule, oldest first, with what it changed. */
    public record Change(String when, String what, String state, String rseExpression, int copies, String expires, long locksOk,
                         long locksReplicating, long locksStuck, String error) {
    }

    /**
     * Everything the page shows; {@code actions} are those the policy allows the account, {@code child} the
     * rule that replaces this one after a move or a reduction ("" for none), {@code formError} the error of
     * a refused form and {@code errorForm} which form it was.
     */
    public record View(RuleRow rule, String activity, String grouping, String comment, String created, int priority, boolean locked,
                       String child, RuleActions actions, List<StuckLock> stuck, int stuckTotal, List<Change> history, String formError,
                       String errorForm) {
        public boolean mayChange() {
            return actions.any();
        }

        public String childUrl() {
            return child.isEmpty() ? "" : "/ui/rules/" + child;
        }
    }

    private final Pages pages;
    private final RuleService rules;

    RulePage(Pages pages, RuleService rules) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.rules = Objects.requireNonNull(rules, "rules is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/rules/{id}", pages.page((ctx, session) -> show(ctx, session, 200, "")));
        routes.get("/ui/rules/{id}/progress", pages.page(this::progress));
        routes.post("/ui/rules/{id}/lifetime", pages.action(this::extend));
        routes.post("/ui/rules/{id}/delete", pages.action(this::delete));
        routes.post("/ui/rules/{id}/priority", pages.action(this::priority));
        routes.post("/ui/rules/{id}/boost", pages.action(this::boost));
        routes.post("/ui/rules/{id}/reduce", pages.action(this::reduce));
        routes.post("/ui/rules/{id}/move", pages.action(this::move));
    }

    static UUID id(Context ctx) {
        String raw = ctx.pathParam("id");
        String value = raw.length() == 32 && raw.indexOf('-') < 0
                ? raw.substring(0, 8) + "-" + raw.substring(8, 12) + "-" + raw.substring(12, 16) + "-" + raw.substring(16, 20) + "-" + raw.substring(20)
                : raw;
        return RuleService.parseId(value);
    }

    private void show(Context ctx, UiSession session, int status, String formError) {
        show(ctx, session, status, formError, "");
    }

    private void show(Context ctx, UiSession session, int status, String formError, String errorForm) {
        Rule rule = rules.get(id(ctx));
        List<StuckLock> stuck = new ArrayList<>();
        int stuckTotal = 0;
        if (rule.state() != RuleState.OK && rule.state() != RuleState.WAITING_APPROVAL) {
            RuleAnalysis analysis = rules.analysis(rule.id());
            stuckTotal = analysis.transfers().size();
            analysis.transfers().stream().limit(MAX_STUCK_SHOWN).forEach(transfer -> stuck.add(new StuckLock(transfer.scope(), transfer.name(),
                    transfer.rse(), transfer.lockState(), transfer.requestState() == null ? "" : transfer.requestState(), transfer.attempts(),
                    transfer.lastError() == null ? "" : transfer.lastError(), String.join(", ", transfer.sources()),
                    transfer.waitingFor() == null ? "" : transfer.waitingFor().waitsFor())));
        }
        List<RuleHistoryEntry> entries = new ArrayList<>();
        rules.history(rule.id(), entries::add);
        List<Change> history = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            RuleHistoryEntry entry = entries.get(i);
            history.add(new Change(Format.date(entry.updatedAt()), what(i == 0 ? null : entries.get(i - 1), entry), entry.state().name(),
                    entry.rseExpression(), entry.copies(), Format.date(entry.expiresAt()), entry.locksOk(), entry.locksReplicating(),
                    entry.locksStuck(), entry.error() == null ? "" : entry.error()));
        }
        RuleActions actions = rules.actions(session.caller(), rule.id());
        View view = new View(RuleRow.of(rule), nullToEmpty(rule.activity()), rule.grouping().name(), nullToEmpty(rule.comments()),
                Format.date(rule.createdAt()), rule.priority(), rule.locked(), rule.childRuleId() == null ? "" : Ids.hex(rule.childRuleId()),
                actions, stuck, stuckTotal, history, formError, errorForm);
        pages.render(ctx, status, "rule.jte", Map.of("page", Pages.frame(session, "Rule " + Ids.hex(rule.id()), "home", notice(ctx)),
                "view", view));
    }

    /** The notice of the action just done, from the address it redirected to. */
    private static String notice(Context ctx) {
        if (ctx.queryParam("extended") != null) {
            return "The rule's lifetime was changed.";
        }
        if (ctx.queryParam("priority") != null) {
            return "The rule's priority was changed; its queued transfers follow.";
        }
        if (ctx.queryParam("boosted") != null) {
            return "The rule was boosted: its stuck transfers are queued again now.";
        }
        String created = ctx.queryParam("created");
        if (created != null) {
            return "1".equals(created) ? "The rule was created." : "The rules were created (" + created + "); this is the first.";
        }
        String from = ctx.queryParam("replaces");
        if (from != null) {
            return "This rule replaces the rule " + from + ", which goes once this one is OK.";
        }
        return "";
    }

    /** What a change of the rule changed, from the row before it ("created" for the first). */
    static String what(RuleHistoryEntry before, RuleHistoryEntry after) {
        if (before == null) {
            return "created";
        }
        List<String> changes = new ArrayList<>();
        if (before.state() != after.state()) {
            changes.add("state " + before.state() + " → " + after.state());
        }
        if (!before.rseExpression().equals(after.rseExpression())) {
            changes.add("expression " + after.rseExpression());
        }
        if (before.copies() != after.copies()) {
            changes.add("copies " + before.copies() + " → " + after.copies());
        }
        if (!Objects.equals(before.expiresAt(), after.expiresAt())) {
            changes.add("expires " + Format.date(after.expiresAt()));
        }
        if (before.locked() != after.locked()) {
            changes.add(after.locked() ? "locked" : "unlocked");
        }
        if (!Objects.equals(before.activity(), after.activity())) {
            changes.add("activity " + after.activity());
        }
        if (changes.isEmpty() && (before.locksOk() != after.locksOk() || before.locksReplicating() != after.locksReplicating()
                || before.locksStuck() != after.locksStuck())) {
            changes.add("locks");
        }
        return changes.isEmpty() ? "updated (priority, comment or replacement)" : String.join(", ", changes);
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
            show(ctx, session, e.code().httpStatus(), e.getMessage(), "lifetime");
            return;
        }
        rules.update(session.caller(), id, RuleUpdate.of(new RuleChange.Lifetime(lifetime)));
        ctx.redirect(Format.ruleUrl(id) + "?extended=1", HttpStatus.SEE_OTHER);
    }

    private void priority(Context ctx, UiSession session) {
        UUID id = id(ctx);
        String text = Pages.form(ctx).text("priority").orElse("");
        int priority;
        try {
            priority = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            priority = -1;
        }
        if (priority < 0 || priority > 5) {
            show(ctx, session, 400, "The priority must be a whole number from 0 to 5, got '" + text + "'", "priority");
            return;
        }
        rules.update(session.caller(), id, RuleUpdate.of(new RuleChange.Priority(priority)));
        ctx.redirect(Format.ruleUrl(id) + "?priority=" + priority, HttpStatus.SEE_OTHER);
    }

    private void boost(Context ctx, UiSession session) {
        UUID id = id(ctx);
        rules.update(session.caller(), id, RuleUpdate.of(new RuleChange.BoostRule(true)));
        ctx.redirect(Format.ruleUrl(id) + "?boosted=1", HttpStatus.SEE_OTHER);
    }

    private void reduce(Context ctx, UiSession session) {
        UUID id = id(ctx);
        Form form = Pages.form(ctx);
        String text = form.text("copies").orElse("");
        int copies;
        try {
            copies = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            show(ctx, session, 400, "The new number of copies must be a whole number, got '" + text + "'", "reduce");
            return;
        }
        List<UUID> made;
        try {
            made = rules.reduce(session.caller(), id, copies, form.text("exclude").orElse(null));
        } catch (LagunaException e) {
            if (Pages.status(e) == 403 || Pages.status(e) == 404) {
                throw e;
            }
            show(ctx, session, Pages.status(e), e.getMessage(), "reduce");
            return;
        }
        ctx.redirect(Format.ruleUrl(made.getFirst()) + "?replaces=" + Ids.hex(id), HttpStatus.SEE_OTHER);
    }

    private void move(Context ctx, UiSession session) {
        UUID id = id(ctx);
        String expression = Pages.form(ctx).text("expression").orElse("");
        if (expression.isEmpty()) {
            show(ctx, session, 400, "Type the RSE expression to move the rule to", "move");
            return;
        }
        List<UUID> made;
        try {
            made = rules.move(session.caller(), id, expression, List.of());
        } catch (LagunaException e) {
            if (Pages.status(e) == 403 || Pages.status(e) == 404) {
                throw e;
            }
            show(ctx, session, Pages.status(e), e.getMessage(), "move");
            return;
        }
        ctx.redirect(Format.ruleUrl(made.getFirst()) + "?replaces=" + Ids.hex(id), HttpStatus.SEE_OTHER);
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
