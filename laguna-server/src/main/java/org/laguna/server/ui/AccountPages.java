package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.laguna.core.account.Account;
import org.laguna.core.account.AccountService;
import org.laguna.core.account.GroupMembers;
import org.laguna.core.auth.Caller;
import org.laguna.core.registration.Registration;
import org.laguna.core.registration.RegistrationService;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Accounts and quotas, for administrators: the accounts (with the registrations waiting for approval),
 * and an account's identities, attributes, groups and quotas per RSE and per RSE expression with its
 * usage. Administrators set and delete quotas and attributes and suspend or reactivate the account;
 * every change goes through the same service as the REST route and its permission check.
 */
final class AccountPages {
    static final int MAX_LISTED = 500;

    /** An account in the list. */
    public record Row(String account, String type, String status, String email) {
        public String url() {
            return "/ui/accounts/" + Format.encode(account);
        }
    }

    /** A registration waiting for an administrator. */
    public record Pending(String id, String account, String identity, String email, String requested, String terms) {
    }

    /** The list page. */
    public record ListView(String pattern, List<Row> accounts, int total, List<Pending> registrations, String error) {
        public ListView {
            accounts = List.copyOf(accounts);
            registrations = List.copyOf(registrations);
        }
    }

    /** A quota: on one RSE ({@code expression} false) or on an RSE expression, with what the account uses there. */
    public record Quota(String target, boolean expression, Long limit, long used, long files, String rses) {
        public int percent() {
            return limit == null || limit <= 0 ? 0 : Format.percent(used, limit);
        }

        public boolean over() {
            return limit != null && limit >= 0 && used > limit;
        }

        public String limitLabel() {
            return limit == null ? "none" : limit < 0 ? "unlimited" : Format.bytes(limit);
        }
    }

    /** An identity of the account. */
    public record Identity(String identity, String type, String email, boolean isDefault) {
    }

    /** The account page. */
    public record View(String account, String type, String status, String email, String created, String suspended,
                       List<Identity> identities, List<DidPage.Entry> attributes, List<String> groups, List<String> members,
                       List<Quota> quotas, String formError) {
        public String url() {
            return "/ui/accounts/" + Format.encode(account);
        }

        public boolean suspendedNow() {
            return "SUSPENDED".equals(status);
        }

        public boolean group() {
            return "GROUP".equals(type);
        }
    }

    private final Pages pages;
    private final AccountService accounts;
    private final GroupMembers groups;
    private final RegistrationService registrations;
    private final Predicate<Caller> isAdmin;

    AccountPages(Pages pages, AccountService accounts, GroupMembers groups, RegistrationService registrations, Predicate<Caller> isAdmin) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.accounts = Objects.requireNonNull(accounts, "accounts is null");
        this.groups = Objects.requireNonNull(groups, "groups is null");
        this.registrations = Objects.requireNonNull(registrations, "registrations is null");
        this.isAdmin = Objects.requireNonNull(isAdmin, "isAdmin is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/accounts", pages.page(this::list));
        routes.get("/ui/accounts/{account}", pages.page((ctx, session) -> show(ctx, session, 200, "")));
        routes.post("/ui/accounts/{account}/quotas", pages.action(this::setQuota));
        routes.post("/ui/accounts/{account}/quotas/delete", pages.action(this::deleteQuota));
        routes.post("/ui/accounts/{account}/attributes", pages.action(this::addAttribute));
        routes.post("/ui/accounts/{account}/attributes/delete", pages.action(this::deleteAttribute));
        routes.post("/ui/accounts/{account}/status", pages.action(this::setStatus));
        routes.post("/ui/registrations/{id}/approve", pages.action(this::approve));
        routes.post("/ui/registrations/{id}/deny", pages.action(this::deny));
    }

    /** The pages are for administrators; the posts are decided by the services' own checks, whoever sends them. */
    private void requireAdmin(UiSession session) {
        if (!isAdmin.test(session.caller())) {
            throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + session.account() + " cannot administer accounts: administrators only");
        }
    }

    private void list(Context ctx, UiSession session) {
        requireAdmin(session);
        String pattern = Optional.ofNullable(ctx.queryParam("account")).map(String::strip).filter(p -> !p.isEmpty()).orElse("*");
        List<Row> rows = new ArrayList<>();
        int[] total = {0};
        String error = "";
        int status = 200;
        try {
            accounts.list(session.caller(), Map.of("account", pattern), account -> {
                if (++total[0] <= MAX_LISTED) {
                    rows.add(new Row(account.account(), account.accountType(), account.status(), account.email() == null ? "" : account.email()));
                }
            });
        } catch (LagunaException e) {
            error = e.getMessage();
            status = e.code().httpStatus();
        }
        List<Pending> pending = registrations.terms().enabled() ? registrations.pending(session.caller()).stream().map(AccountPages::pending).toList()
                : List.of();
        String notice = Optional.ofNullable(ctx.queryParam("decided")).map(d -> "The registration of " + d + " was " + ctx.queryParam("as") + ".")
                .orElse("");
        pages.render(ctx, status, "accounts.jte", Map.of("page", Pages.frame(session, "Accounts", "accounts", notice),
                "view", new ListView(pattern, rows, total[0], pending, error)));
    }

    private static Pending pending(Registration registration) {
        return new Pending(registration.id().toString(), registration.account(), registration.identity(), registration.email().orElse(""),
                Format.date(registration.requestedAt()), registration.termsVersion());
    }

    private void show(Context ctx, UiSession session, int status, String formError) {
        requireAdmin(session);
        String name = ctx.pathParam("account");
        Caller caller = session.caller();
        Account account = accounts.get(caller, name);
        List<Identity> identities = accounts.identities(caller, name).stream()
                .map(i -> new Identity(i.identity(), i.type(), i.email() == null ? "" : i.email(), i.isDefault())).toList();
        List<DidPage.Entry> attributes = new ArrayList<>();
        accounts.attributes(caller, name).forEach((key, value) -> attributes.add(new DidPage.Entry(key, String.valueOf(value))));
        List<String> memberOf = groups.groupsOf(caller, name).stream().map(GroupMembers.Membership::account).toList();
        List<String> members = "GROUP".equals(account.accountType())
                ? groups.members(caller, name).stream().map(GroupMembers.Membership::account).toList() : List.of();
        View view = new View(account.account(), account.accountType(), account.status(), account.email() == null ? "" : account.email(),
                Format.date(account.createdAt()), account.suspendedAt() == null ? "" : Format.date(account.suspendedAt()), identities, attributes,
                memberOf, members, quotas(caller, name), formError);
        pages.render(ctx, status, "account.jte", Map.of("page", Pages.frame(session, "Account " + name, "accounts", notice(ctx)), "view", view));
    }

    private static String notice(Context ctx) {
        String done = ctx.queryParam("done");
        return done == null ? "" : switch (done) {
            case "quota" -> "The quota was set.";
            case "quota-deleted" -> "The quota was deleted.";
            case "attribute" -> "The attribute was added.";
            case "attribute-deleted" -> "The attribute was deleted.";
            case "suspended" -> "The account is suspended: its tokens were revoked.";
            case "active" -> "The account is active again.";
            default -> "";
        };
    }

    /** The quotas per RSE (with the usage there), then those per RSE expression (with the usage summed over the RSEs it selects now). */
    private List<Quota> quotas(Caller caller, String account) {
        List<Quota> quotas = new ArrayList<>();
        Map<String, AccountService.Usage> usageByRse = new HashMap<>();
        for (AccountService.Usage usage : accounts.localUsage(caller, account, Optional.empty())) {
            usageByRse.put(usage.rse(), usage);
            quotas.add(new Quota(usage.rse(), false, usage.bytesLimit(), usage.bytes(), usage.files(), usage.rse()));
        }
        accounts.globalLimits(caller, account, Optional.empty()).forEach((expression, limit) -> {
            long used = 0;
            long files = 0;
            for (String rse : limit.resolvedRses()) {
                AccountService.Usage usage = usageByRse.get(rse);
                if (usage != null) {
                    used += usage.bytes();
                    files += usage.files();
                }
            }
            quotas.add(new Quota(expression, true, limit.limit(), used, files, String.join(", ", limit.resolvedRses())));
        });
        return quotas;
    }

    private void setQuota(Context ctx, UiSession session) {
        String account = ctx.pathParam("account");
        Form form = Pages.form(ctx);
        String target = form.text("target").orElse("");
        boolean expression = "expression".equals(form.raw("kind"));
        long bytes;
        try {
            if (target.isEmpty()) {
                throw new LagunaException(ErrorCode.MISSING_PARAMETER, "Name the RSE or the RSE expression of the quota");
            }
            bytes = Sizes.parse(form.raw("bytes"), "The quota");
        } catch (LagunaException e) {
            show(ctx, session, e.code().httpStatus(), e.getMessage());
            return;
        }
        try {
            if (expression) {
                accounts.setGlobalLimit(session.caller(), account, target, bytes);
            } else {
                accounts.setLocalLimit(session.caller(), account, target, bytes);
            }
        } catch (LagunaException e) {
            formError(ctx, session, e);
            return;
        }
        done(ctx, account, "quota");
    }

    private void deleteQuota(Context ctx, UiSession session) {
        String account = ctx.pathParam("account");
        Form form = Pages.form(ctx);
        String target = form.raw("target");
        try {
            if ("expression".equals(form.raw("kind"))) {
                accounts.deleteGlobalLimit(session.caller(), account, target);
            } else {
                accounts.deleteLocalLimit(session.caller(), account, target);
            }
        } catch (LagunaException e) {
            formError(ctx, session, e);
            return;
        }
        done(ctx, account, "quota-deleted");
    }

    private void addAttribute(Context ctx, UiSession session) {
        String account = ctx.pathParam("account");
        Form form = Pages.form(ctx);
        try {
            String key = form.text("key").orElseThrow(() -> new LagunaException(ErrorCode.MISSING_PARAMETER, "Name the attribute's key"));
            String value = form.text("value").orElseThrow(() -> new LagunaException(ErrorCode.MISSING_PARAMETER, "Give the attribute a value"));
            accounts.addAttribute(session.caller(), account, key, value);
        } catch (LagunaException e) {
            formError(ctx, session, e);
            return;
        }
        done(ctx, account, "attribute");
    }

    private void deleteAttribute(Context ctx, UiSession session) {
        String account = ctx.pathParam("account");
        try {
            accounts.deleteAttribute(session.caller(), account, Pages.form(ctx).raw("key"));
        } catch (LagunaException e) {
            formError(ctx, session, e);
            return;
        }
        done(ctx, account, "attribute-deleted");
    }

    private void setStatus(Context ctx, UiSession session) {
        String account = ctx.pathParam("account");
        String status = Pages.form(ctx).raw("status");
        try {
            if (!status.equals("SUSPENDED") && !status.equals("ACTIVE")) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "An account's status is ACTIVE or SUSPENDED, got '" + status + "'");
            }
            accounts.update(session.caller(), account, "status", status);
        } catch (LagunaException e) {
            formError(ctx, session, e);
            return;
        }
        done(ctx, account, status.equals("SUSPENDED") ? "suspended" : "active");
    }

    private void approve(Context ctx, UiSession session) {
        Registration approved = registrations.approve(session.caller(), ctx.pathParam("id"));
        ctx.redirect("/ui/accounts?decided=" + Format.encode(approved.account()) + "&as=approved", HttpStatus.SEE_OTHER);
    }

    private void deny(Context ctx, UiSession session) {
        Registration denied = registrations.deny(session.caller(), ctx.pathParam("id"), Pages.form(ctx).text("reason").orElse(null));
        ctx.redirect("/ui/accounts?decided=" + Format.encode(denied.account()) + "&as=denied", HttpStatus.SEE_OTHER);
    }

    /**
     * A refused change: a refusal of the account (403) or an unknown account is an error page, as the
     * REST API answers them; anything wrong with the form's input shows again the page with the reason.
     */
    private void formError(Context ctx, UiSession session, LagunaException e) {
        int status = Pages.status(e);
        if (status == 403 || status == 401 || e.code() == ErrorCode.ACCOUNT_NOT_FOUND && !exists(session, ctx.pathParam("account"))) {
            throw e;
        }
        show(ctx, session, status, e.getMessage());
    }

    private boolean exists(UiSession session, String account) {
        try {
            accounts.get(session.caller(), account);
            return true;
        } catch (LagunaException e) {
            return false;
        }
    }

    private static void done(Context ctx, String account, String what) {
        ctx.redirect("/ui/accounts/" + Format.encode(account) + "?done=" + what + "#main", HttpStatus.SEE_OTHER);
    }
}
