package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.DidListings;
import org.laguna.core.did.filter.DidFilter;
import org.laguna.core.rule.Grouping;
import org.laguna.core.rule.NewRule;
import org.laguna.core.rule.Notification;
import org.laguna.core.rule.RulePreview;
import org.laguna.core.rule.RuleService;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Creating rules, step by step on one page: the DIDs (typed, pasted, or picked from a search), an RSE
 * expression whose matching RSEs show as it is typed with their space and the account's quota there,
 * the rule's options, and before anything is made what the rule would cost: the files and bytes it
 * would transfer to each RSE and how the account's usage would grow, worked out by adding the rule in
 * a transaction that is rolled back. Creating goes through the same service as {@code POST /rules};
 * an error leaves the form as it was with the message, and nothing made.
 */
final class RuleWizard {
    static final int MAX_DIDS = 1000;
    static final int MAX_HITS = 20;
    static final int MAX_COPIES = 100;
    private static final List<String> GROUPINGS = List.of("DATASET", "ALL", "NONE");

    /** A DID found by the search, with whether it is already picked. */
    public record Hit(String did, String type, Long bytes, boolean picked) {
    }

    /** An RSE the expression matches, as the table shows it. */
    public record RseRow(String rse, boolean writable, Long spaceLeft, Long quota, long used, Long quotaLeft, String approvers) {
        public String url() {
            return Format.rseUrl(rse);
        }

        public boolean noQuota() {
            return quota == null;
        }

        public boolean unlimited() {
            return quota != null && quota < 0;
        }
    }

    /** What the rule would do on one RSE, with the account's usage there after it. */
    public record CostRow(String rse, long files, long bytes, long filesToTransfer, long bytesToTransfer, long usedAfter, Long quota) {
        public boolean overQuota() {
            return quota != null && quota >= 0 && usedAfter > quota;
        }
    }

    /** The live part of the page: the matching RSEs, and the cost when the form says enough to work it out. */
    public record Check(String expression, List<RseRow> rses, String rsesError, boolean ready, List<CostRow> costs, String costError,
                        long files, long bytes, long bytesToTransfer, boolean estimated, boolean perFile, boolean needsApproval,
                        String approvers) {
        public Check {
            rses = List.copyOf(rses);
            costs = List.copyOf(costs);
        }
    }

    /** The form as it was filled in, the search and its hits, the live check, and the error of a refused creation ("" for none). */
    public record Wizard(String dids, String search, List<Hit> hits, String searchError, String expression, String copies, String lifetime,
                         String grouping, List<String> groupings, String activity, boolean asynchronous, String comment, boolean askApproval,
                         Check check, String error) {
        public Wizard {
            hits = List.copyOf(hits);
        }

        public long didCount() {
            return dids.lines().filter(line -> !line.isBlank()).count();
        }
    }

    private final Pages pages;
    private final RuleService rules;
    private final DidListings listings;

    RuleWizard(Pages pages, RuleService rules, DidListings listings) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.rules = Objects.requireNonNull(rules, "rules is null");
        this.listings = Objects.requireNonNull(listings, "listings is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/rules/new", pages.page((ctx, session) -> show(ctx, session, query(ctx), 200, "")));
        routes.post("/ui/rules/new", pages.action(this::create));
        routes.get("/ui/rules/new/search", pages.page(this::search));
        routes.get("/ui/rules/new/add", pages.page(this::add));
        routes.get("/ui/rules/new/rses", pages.page(this::rses));
        routes.get("/ui/rules/new/check", pages.page(this::check));
    }

    /** The form's fields from a query string (the page, and the live parts htmx asks for). */
    private static Function<String, String> query(Context ctx) {
        return name -> {
            String value = ctx.queryParam(name);
            return value == null ? "" : value;
        };
    }

    private void show(Context ctx, UiSession session, Function<String, String> form, int status, String error) {
        String dids = form.apply("dids");
        String added = form.apply("add").strip();
        if (!added.isEmpty()) {
            dids = withDid(dids, added);
        }
        String search = form.apply("q").strip();
        List<Hit> hits = new ArrayList<>();
        String searchError = search.isEmpty() ? "" : search(search, dids, hits);
        Check check = check(session, form, dids);
        boolean askApproval = !form.apply("ask_approval").isEmpty() || check.needsApproval();
        Wizard wizard = new Wizard(dids, search, hits, searchError, form.apply("expression"), orDefault(form.apply("copies"), "1"),
                form.apply("lifetime"), orDefault(form.apply("grouping"), "DATASET").toUpperCase(Locale.ROOT), GROUPINGS, form.apply("activity"),
                !form.apply("asynchronous").isEmpty(), form.apply("comment"), askApproval, check, error);
        pages.render(ctx, status, "rule_new.jte", Map.of("page", Pages.frame(session, "Create a rule", "home", ""), "wizard", wizard));
    }

    /** The DID search as a fragment: up to {@value #MAX_HITS} DIDs of {@code scope:pattern}, each with a button to pick it. */
    private void search(Context ctx, UiSession session) {
        String search = query(ctx).apply("q").strip();
        String dids = query(ctx).apply("dids");
        List<Hit> hits = new ArrayList<>();
        String error = search.isEmpty() ? "" : search(search, dids, hits);
        pages.render(ctx, "rule_new_hits.jte", Map.of("search", search, "hits", hits, "error", error));
    }

    /** The picked DIDs with one more, as a fragment; the live check then runs again. */
    private void add(Context ctx, UiSession session) {
        String dids = withDid(query(ctx).apply("dids"), query(ctx).apply("add").strip());
        ctx.header("HX-Trigger", "dids-changed");
        pages.render(ctx, "rule_new_dids.jte", Map.of("dids", dids));
    }

    private void rses(Context ctx, UiSession session) {
        Check check = check(session, query(ctx), "");
        pages.render(ctx, "rule_new_rses.jte", Map.of("check", check));
    }

    /** The cost as a fragment, which ticks "ask for approval" (out of band) when the policy first turns out to need it. */
    private void check(Context ctx, UiSession session) {
        Function<String, String> form = query(ctx);
        Check check = check(session, form, form.apply("dids"));
        // the box is ticked for the user once, when the policy first asks for approval; then the choice is the user's
        boolean tick = !"1".equals(form.apply("approval_needed"));
        pages.render(ctx, "rule_new_cost.jte", Map.of("check", check, "oob", tick));
    }

    /** Runs the search into {@code hits}; answers its error, "" when it worked. */
    private String search(String search, String dids, List<Hit> hits) {
        int colon = search.indexOf(':');
        if (colon <= 0) {
            return "Search as scope:pattern, for example user.jdoe:run* (* matches anything)";
        }
        String scope = search.substring(0, colon);
        String pattern = search.substring(colon + 1).isBlank() ? "*" : search.substring(colon + 1).strip();
        List<String> picked = didLines(dids);
        try {
            listings.searchPage(scope, DidFilter.of(NamespacePages.groups(pattern, ""), "all"), null, MAX_HITS, hit -> {
                String did = hit.scope() + ":" + hit.name();
                hits.add(new Hit(did, hit.type().name(), hit.bytes(), picked.contains(did)));
            });
            return hits.isEmpty() ? "No DID of " + scope + " matches " + pattern : "";
        } catch (LagunaException e) {
            return e.getMessage();
        }
    }

    private static String withDid(String dids, String did) {
        List<String> lines = didLines(dids);
        if (!did.isEmpty() && !lines.contains(did)) {
            lines.add(did);
        }
        return String.join("\n", lines);
    }

    private static List<String> didLines(String dids) {
        return new ArrayList<>(dids.lines().map(String::strip).filter(line -> !line.isEmpty()).distinct().toList());
    }

    /** The matching RSEs, and the cost of the rule when the form names DIDs and parses; errors become messages. */
    private Check check(UiSession session, Function<String, String> form, String dids) {
        String expression = form.apply("expression").strip();
        List<RseRow> rses = new ArrayList<>();
        String rsesError = "";
        Map<String, RulePreview.RseOption> byName = new LinkedHashMap<>();
        if (!expression.isEmpty()) {
            try {
                for (RulePreview.RseOption option : rules.rseOptions(session.caller(), expression)) {
                    byName.put(option.rse(), option);
                    rses.add(new RseRow(option.rse(), option.writable(), option.spaceLeft(), option.quota(), option.used(), option.quotaLeft(),
                            option.approvers()));
                }
            } catch (LagunaException e) {
                rsesError = e.getMessage();
            }
        }
        boolean ready = rsesError.isEmpty() && !expression.isEmpty() && !didLines(dids).isEmpty();
        List<CostRow> costs = new ArrayList<>();
        String costError = "";
        RulePreview.Cost cost = null;
        if (ready) {
            try {
                cost = rules.preview(session.caller(), spec(form, dids));
                costError = cost.denial();
                for (RulePreview.RseCost row : cost.rses()) {
                    RulePreview.RseOption option = byName.get(row.rse());
                    long used = option == null ? 0 : option.used();
                    costs.add(new CostRow(row.rse(), row.files(), row.bytes(), row.filesToTransfer(), row.bytesToTransfer(), used + row.bytes(),
                            option == null ? null : option.quota()));
                }
            } catch (LagunaException e) {
                costError = e.getMessage();
            }
        }
        String approvers = String.join(", ", new LinkedHashSet<>(byName.values().stream().map(RulePreview.RseOption::approvers)
                .filter(list -> !list.isEmpty()).toList()));
        return new Check(expression, rses, rsesError, ready, costs, costError, cost == null ? 0 : cost.files(), cost == null ? 0 : cost.bytes(),
                cost == null ? 0 : cost.bytesToTransfer(), cost != null && cost.estimated(), cost != null && cost.perFile(),
                cost != null && cost.needsApproval(), approvers);
    }

    /** The rule the form asks for; InvalidObject (or InvalidValueForKey) for a field it cannot be. */
    static NewRule spec(Function<String, String> form, String dids) {
        List<DidKey> keys = new ArrayList<>();
        for (String line : didLines(dids)) {
            int colon = line.indexOf(':');
            if (colon <= 0 || colon == line.length() - 1) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "'" + line + "' is not a DID: write each as scope:name, one per line");
            }
            keys.add(new DidKey(line.substring(0, colon), line.substring(colon + 1)));
        }
        if (keys.isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Name at least one DID, as scope:name");
        }
        if (keys.size() > MAX_DIDS) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "At most " + MAX_DIDS + " DIDs at once, got " + keys.size());
        }
        int copies;
        try {
            copies = Integer.parseInt(orDefault(form.apply("copies"), "1").strip());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Copies must be a whole number, got '" + form.apply("copies") + "'");
        }
        if (copies < 1 || copies > MAX_COPIES) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Copies must be 1 to " + MAX_COPIES + ", got " + copies);
        }
        String days = form.apply("lifetime").strip();
        Duration lifetime = days.isEmpty() ? null : RulePage.lifetime(days);
        Grouping grouping = Grouping.parse(orDefault(form.apply("grouping"), "DATASET").strip());
        String activity = form.apply("activity").strip();
        String comment = form.apply("comment").strip();
        return new NewRule(keys, null, copies, form.apply("expression").strip(), grouping, null, lifetime, false, null,
                activity.isEmpty() ? null : activity, Notification.NO, false, false, false, comment.isEmpty() ? null : comment,
                !form.apply("ask_approval").isEmpty(), !form.apply("asynchronous").isEmpty(), 3, false, null);
    }

    private void create(Context ctx, UiSession session) {
        Form form = Pages.form(ctx);
        Function<String, String> fields = form::raw;
        List<UUID> ids;
        try {
            ids = rules.add(session.caller(), spec(fields, form.raw("dids")));
        } catch (LagunaException e) {
            show(ctx, session, fields, Pages.status(e), e.getMessage());
            return;
        }
        ctx.redirect(Format.ruleUrl(ids.getFirst()) + "?created=" + ids.size(), HttpStatus.SEE_OTHER);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
