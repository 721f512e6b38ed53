package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.laguna.core.common.Ids;
import org.laguna.core.rule.Rule;
import org.laguna.core.rule.RuleChange;
import org.laguna.core.rule.RuleService;
import org.laguna.core.rule.RuleUpdate;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rules waiting for approval, for those who may approve them: administrators and the accounts the
 * rules' RSEs name in {@code rule_approvers} (or whoever the policy lets approve), each with its
 * requester, size and target, approved or denied with a comment through the same service call as
 * Rucio's {@code PUT /rules/{id}} with {@code approve}. The navigation shows the link, with the
 * number waiting, to those who approve.
 */
final class ApprovalsPage {
    static final int MAX_SHOWN = 200;
    static final int MAX_COMMENT = 255;

    /** A rule waiting for approval as the page lists it. */
    public record Pending(RuleRow rule, Long bytes, String grouping, String created, String comment, String approvers) {
        public String action() {
            return "/ui/approvals/" + rule.hexId();
        }
    }

    /** The list, how many wait in all, and the error of a refused decision with the rule it was about ("" for none). */
    public record View(List<Pending> pending, int total, String error, String errorRule) {
        public View {
            pending = List.copyOf(pending);
        }
    }

    private final Pages pages;
    private final RuleService rules;

    ApprovalsPage(Pages pages, RuleService rules) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.rules = Objects.requireNonNull(rules, "rules is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/approvals", pages.page((ctx, session) -> show(ctx, session, 200, "", "")));
        routes.get("/ui/approvals/nav", pages.page(this::nav));
        routes.post("/ui/approvals/{id}", pages.action(this::decide));
    }

    private void show(Context ctx, UiSession session, int status, String error, String errorRule) {
        List<Rule> waiting = new ArrayList<>();
        int total = rules.pendingApprovals(session.caller(), MAX_SHOWN, waiting::add);
        if (total == 0 && !rules.approves(session.caller())) {
            throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + session.account() + " approves no rule: administrators and the "
                    + "accounts an RSE names in its rule_approvers attribute do");
        }
        List<Pending> pending = waiting.stream().map(rule -> new Pending(RuleRow.of(rule), rule.didBytes(), rule.grouping().name(),
                Format.date(rule.createdAt()), rule.comments() == null ? "" : rule.comments(), rules.approvers(rule.id()))).toList();
        String notice = "";
        String done = ctx.queryParam("done");
        if ("approved".equals(done)) {
            notice = "The rule " + ctx.queryParam("rule") + " was approved: its transfers start.";
        } else if ("denied".equals(done)) {
            notice = "The rule " + ctx.queryParam("rule") + " was denied and removed; its owner is told why.";
        }
        pages.render(ctx, status, "approvals.jte", Map.of("page", Pages.frame(session, "Approvals", "approvals", notice),
                "view", new View(pending, total, error, errorRule)));
    }

    /** The navigation's link to this page with the number waiting, for those who approve; nothing for others. */
    private void nav(Context ctx, UiSession session) {
        int waiting = rules.pendingApprovals(session.caller(), 0, rule -> {
        });
        boolean shown = waiting > 0 || rules.approves(session.caller());
        ctx.header("Cache-Control", "no-store");
        pages.render(ctx, "approvals_nav.jte", Map.of("shown", shown, "waiting", waiting,
                "current", "approvals".equals(ctx.queryParam("section"))));
    }

    private void decide(Context ctx, UiSession session) {
        UUID id = RulePage.id(ctx);
        Form form = Pages.form(ctx);
        String decision = form.text("decision").orElse("");
        Optional<String> comment = form.text("comment");
        String hex = Ids.hex(id);
        if (!decision.equals("approve") && !decision.equals("deny")) {
            show(ctx, session, 400, "Choose to approve or to deny the rule", hex);
            return;
        }
        boolean approve = decision.equals("approve");
        if (!approve && comment.isEmpty()) {
            show(ctx, session, 400, "Say why the rule is denied: its owner is told", hex);
            return;
        }
        if (comment.isPresent() && comment.get().length() > MAX_COMMENT) {
            show(ctx, session, 400, "The comment is longer than " + MAX_COMMENT + " characters", hex);
            return;
        }
        try {
            rules.update(session.caller(), id, new RuleUpdate(Optional.of(approve),
                    comment.<List<RuleChange>>map(text -> List.of(new RuleChange.Comment(text))).orElse(List.of())));
        } catch (LagunaException e) {
            if (Pages.status(e) == 403) {
                throw e;
            }
            show(ctx, session, Pages.status(e), e.getMessage(), hex);
            return;
        }
        ctx.redirect("/ui/approvals?done=" + (approve ? "approved" : "denied") + "&rule=" + hex, HttpStatus.SEE_OTHER);
    }
}
