package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.account.AccountService;
import org.laguna.core.event.MessageService;
import org.laguna.core.event.OutboxMessage;
import org.laguna.core.rule.RuleService;

/**
 * Home: the signed-in account's rules by state, its quotas and usage per RSE, the rules waiting for
 * its approval (when it may approve some) and the recent events of its rules.
 */
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

    /** At most this many rules waiting for approval are listed, of the oldest {@link #APPROVALS_SCANNED} waiting. */
    static final int APPROVALS_SHOWN = 50;
    static final int APPROVALS_SCANNED = 1_000;
    /** The events of the account's rules of this long ago are shown, at most {@link #EVENTS_SHOWN}. */
    static final Duration EVENTS_WINDOW = Duration.ofDays(7);
    static final int EVENTS_SHOWN = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An event of one of the account's rules. */
    public record Event(String time, String type, String did, String ruleUrl, String detail) {
        public String didUrl() {
            int colon = did.indexOf(':');
            return colon < 0 ? "" : Format.didUrl(did.substring(0, colon), did.substring(colon + 1));
        }
    }

    private final Pages pages;
    private final RuleService rules;
    private final AccountService accounts;
    private final MessageService messages;

    HomePage(Pages pages, RuleService rules, AccountService accounts, MessageService messages) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.rules = Objects.requireNonNull(rules, "rules is null");
        this.accounts = Objects.requireNonNull(accounts, "accounts is null");
        this.messages = Objects.requireNonNull(messages, "messages is null");
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
        List<RuleRow> approvals = new ArrayList<>();
        rules.awaitingApprovalBy(session.caller(), APPROVALS_SCANNED, APPROVALS_SHOWN, rule -> approvals.add(RuleRow.of(rule)));
        List<Event> events = messages.ofMyRules(session.caller(), Instant.now().minus(EVENTS_WINDOW), EVENTS_SHOWN).stream()
                .map(HomePage::event).toList();
        String notice = ctx.queryParam("deleted") != null ? "The rule " + ctx.queryParam("deleted") + " will be removed within the hour." : "";
        pages.render(ctx, "home.jte", Map.of("page", Pages.frame(session, "My data", "home", notice), "groups", groups, "quotas", quotas,
                "approvals", approvals, "events", events));
    }

    /** An event as the list shows it: its DID, its rule and what it says (the error of a stuck rule, the RSE of a dataset lock). */
    static Event event(OutboxMessage message) {
        JsonNode payload;
        try {
            payload = JSON.readTree(message.payload());
        } catch (JsonProcessingException e) {
            payload = JSON.createObjectNode();
        }
        String did = payload.path("scope").asText("") + ":" + payload.path("name").asText("");
        String ruleId = payload.path("rule_id").asText("");
        String detail = payload.hasNonNull("error") ? payload.path("error").asText()
                : payload.hasNonNull("rse") ? "on " + payload.path("rse").asText()
                : payload.hasNonNull("rse_expression") ? "to " + payload.path("rse_expression").asText() : "";
        return new Event(Format.date(message.createdAt()), message.eventType(), did,
                ruleId.length() == 32 ? "/ui/rules/" + Format.encode(ruleId) : "", detail);
    }
}
