package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.account.AccountService;
import org.laguna.core.rule.RuleService;

/** Home: the signed-in account's rules by state and its quotas and usage per RSE. */
final class HomePage {
    /** At most this many rules of one state are listed; the count says how many there are. */
    static final int RULES_PER_STATE = 100;

    /** The rules of one state: those listed and how many there are in all. */
    public record RuleGroup(String state, List<RuleRow> rules, int total) {
        public RuleGroup {
            rules = List.copyOf(rules);
        }
    }

    /** Usage of one RSE against the account's limit there ({@code limit} null: none set). */
    public record Quota(String rse, long bytes, long files, Long limit) {
        public int percent() {
            return limit == null || limit <= 0 ? 0 : Format.percent(bytes, limit);
        }

        public boolean over() {
            return limit != null && limit >= 0 && bytes > limit;
        }

        public String url() {
            return Format.rseUrl(rse);
        }
    }

    private final Pages pages;
    private final RuleService rules;
    private final AccountService accounts;

    HomePage(Pages pages, RuleService rules, AccountService accounts) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.rules = Objects.requireNonNull(rules, "rules is null");
        this.accounts = Objects.requireNonNull(accounts, "accounts is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui", pages.page(this::home));
    }

    private void home(Context ctx, UiSession session) {
        Map<String, List<RuleRow>> byState = new LinkedHashMap<>();
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (String state : List.of("STUCK", "REPLICATING", "OK")) {
            byState.put(state, new ArrayList<>());
            totals.put(state, 0);
        }
        rules.list(Map.of("account", session.account()), rule -> {
            String state = rule.state().name();
            List<RuleRow> listed = byState.computeIfAbsent(state, s -> new ArrayList<>());
            int total = totals.merge(state, 1, Integer::sum);
            if (total <= RULES_PER_STATE) {
                listed.add(RuleRow.of(rule));
            }
        });
        List<RuleGroup> groups = new ArrayList<>();
        byState.forEach((state, listed) -> groups.add(new RuleGroup(state, listed, totals.get(state))));
        List<Quota> quotas = accounts.localUsage(session.caller(), session.account(), Optional.empty()).stream()
                .map(usage -> new Quota(usage.rse(), usage.bytes(), usage.files(), usage.bytesLimit()))
                .toList();
        String notice = ctx.queryParam("deleted") != null ? "The rule " + ctx.queryParam("deleted") + " will be removed within the hour." : "";
        pages.render(ctx, "home.jte", Map.of("page", Pages.frame(session, "My data", "home", notice), "groups", groups, "quotas", quotas));
    }
}
