package org.laguna.server.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.Ids;
import org.laguna.core.rule.RuleService;
import org.laguna.core.subscription.Subscription;
import org.laguna.core.subscription.SubscriptionService;
import org.laguna.core.subscription.SubscriptionState;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Subscriptions: the list of the VO's subscriptions, and one subscription with its filter, its
 * replication rules, how many of the rules it made are in each state and those rules. Its owner and
 * administrators see forms to enable, disable and edit it; the service decides each post with the
 * same permission check as {@code PUT /subscriptions/{account}/{name}}.
 */
final class SubscriptionPages {
    static final int MAX_RULES_SHOWN = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A subscription as the list and its page show it. */
    public record View(String id, String account, String name, String state, String filter, String rules, int priority, boolean retroactive,
                       String comments, String expires, String lastProcessed, String created, String updated) {
        public String url() {
            return SubscriptionPages.url(account, name);
        }

        public boolean active() {
            return SubscriptionState.valueOf(state).serves();
        }
    }

    /** How many rules of a state the subscription made. */
    public record StateCount(String state, long count) {
    }

    /** One subscription's page: the subscription, its rules, and the values its edit form holds. */
    public record Detail(View subscription, List<StateCount> states, List<RuleRow> rules, int rulesTotal, boolean mayChange, String formError,
                         String filterText, String rulesText, String commentsText) {
    }

    private final Pages pages;
    private final SubscriptionService subscriptions;
    private final RuleService rules;
    private final Predicate<Caller> isAdmin;

    SubscriptionPages(Pages pages, SubscriptionService subscriptions, RuleService rules, Predicate<Caller> isAdmin) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions is null");
        this.rules = Objects.requireNonNull(rules, "rules is null");
        this.isAdmin = Objects.requireNonNull(isAdmin, "isAdmin is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/subscriptions", pages.page(this::list));
        routes.get("/ui/subscriptions/{account}/{name}", pages.page((ctx, session) -> show(ctx, session, 200, "", null)));
        routes.post("/ui/subscriptions/{account}/{name}/state", pages.action(this::changeState));
        routes.post("/ui/subscriptions/{account}/{name}/edit", pages.action(this::edit));
    }

    static String url(String account, String name) {
        return "/ui/subscriptions/" + Format.encode(account) + "/" + Format.encode(name);
    }

    private void list(Context ctx, UiSession session) {
        String account = ctx.queryParam("account");
        String only = account == null || account.isBlank() ? null : account.strip();
        List<View> found = new ArrayList<>();
        try {
            subscriptions.list(session.caller(), only, null, subscription -> found.add(view(subscription)));
        } catch (LagunaException e) {
            if (e.code() != ErrorCode.SUBSCRIPTION_NOT_FOUND) {
                throw e;
            }
        }
        pages.render(ctx, "subscriptions.jte", Map.of("page", Pages.frame(session, "Subscriptions", "subscriptions", ""), "subscriptions", found,
                "account", only == null ? "" : only));
    }

    private Subscription find(UiSession session, String account, String name) {
        List<Subscription> found = new ArrayList<>();
        subscriptions.list(session.caller(), account, name, found::add);
        return found.getFirst();
    }

    /** The page; {@code form} holds what an edit that failed had sent (null: the subscription's own values). */
    private void show(Context ctx, UiSession session, int status, String formError, Form form) {
        String account = ctx.pathParam("account");
        String name = ctx.pathParam("name");
        Subscription subscription = find(session, account, name);
        List<StateCount> states = new ArrayList<>();
        subscriptions.ruleStates(session.caller(), account, name, count -> states.add(new StateCount(count.state().name(), count.count())));
        List<RuleRow> made = new ArrayList<>();
        int[] total = {0};
        rules.list(Map.of("subscription_id", subscription.id().toString()), rule -> {
            if (++total[0] <= MAX_RULES_SHOWN) {
                made.add(RuleRow.of(rule));
            }
        });
        View view = view(subscription);
        boolean mayChange = subscription.account().equals(session.account()) || isAdmin.test(session.caller());
        Detail detail = new Detail(view, states, made, total[0], mayChange, formError,
                form == null ? view.filter() : form.raw("filter"), form == null ? view.rules() : form.raw("replication_rules"),
                form == null ? view.comments() : form.raw("comments"));
        String notice = ctx.queryParam("changed") != null ? "The subscription was changed." : "";
        pages.render(ctx, status, "subscription.jte", Map.of("page", Pages.frame(session, "Subscription " + name, "subscriptions", notice),
                "detail", detail));
    }

    private void changeState(Context ctx, UiSession session) {
        String account = ctx.pathParam("account");
        String name = ctx.pathParam("name");
        String state = Pages.form(ctx).text("state").orElse("");
        if (!state.equals("ACTIVE") && !state.equals("INACTIVE")) {
            show(ctx, session, 400, "A subscription is enabled (ACTIVE) or disabled (INACTIVE), not '" + state + "'", null);
            return;
        }
        subscriptions.update(session.caller(), account, name, Map.of("state", state));
        ctx.redirect(url(account, name) + "?changed=1", HttpStatus.SEE_OTHER);
    }

    private void edit(Context ctx, UiSession session) {
        String account = ctx.pathParam("account");
        String name = ctx.pathParam("name");
        Form form = Pages.form(ctx);
        Map<String, Object> options;
        try {
            options = options(form);
        } catch (LagunaException e) {
            show(ctx, session, Pages.status(e), e.getMessage(), form);
            return;
        }
        try {
            subscriptions.update(session.caller(), account, name, options);
        } catch (LagunaException e) {
            if (e.code() == ErrorCode.ACCESS_DENIED || e.code().httpStatus() == 404) {
                throw e;
            }
            show(ctx, session, Pages.status(e), e.getMessage(), form);
            return;
        }
        ctx.redirect(url(account, name) + "?changed=1", HttpStatus.SEE_OTHER);
    }

    /** The options of an edit, as Rucio's client sends them: filter and rules as JSON, lifetime in days, priority. */
    static Map<String, Object> options(Form form) {
        Map<String, Object> options = new LinkedHashMap<>();
        String filter = form.text("filter").orElseThrow(() -> invalid("The filter must be a JSON object, e.g. {\"scope\": [\"data\"]}"));
        options.put("filter", json(filter, "filter", true));
        String replicationRules = form.text("replication_rules")
                .orElseThrow(() -> invalid("The replication rules must be a JSON list, e.g. [{\"copies\": 1, \"rse_expression\": \"tier=1\"}]"));
        options.put("replication_rules", json(replicationRules, "replication rules", false));
        options.put("comments", form.raw("comments").strip());
        form.text("lifetime").ifPresent(days -> options.put("lifetime", number(days, "lifetime (days)")));
        form.text("priority").ifPresent(priority -> options.put("priority", number(priority, "priority")));
        return options;
    }

    private static String json(String text, String what, boolean object) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid("The " + what + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (object ? node == null || !node.isObject() : node == null || !node.isArray()) {
            throw invalid("The " + what + " must be a JSON " + (object ? "object" : "list"));
        }
        return node.toString();
    }

    private static long number(String text, String what) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw invalid("The " + what + " must be a whole number, got '" + text + "'");
        }
    }

    private static LagunaException invalid(String message) {
        return new LagunaException(ErrorCode.INVALID_OBJECT, message);
    }

    static View view(Subscription subscription) {
        return new View(Ids.hex(subscription.id()), subscription.account(), subscription.name(), subscription.state().name(),
                pretty(subscription.filter()), pretty(subscription.replicationRules()), subscription.policyId(), subscription.retroactive(),
                subscription.comments() == null ? "" : subscription.comments(), Format.date(subscription.expiredAt()),
                Format.date(subscription.lastProcessed()), Format.date(subscription.createdAt()), Format.date(subscription.updatedAt()));
    }

    /** Stored JSON, indented for reading; the text as stored if it is not JSON. */
    static String pretty(String json) {
        if (json == null) {
            return "";
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            return json;
        }
    }
}
