package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.laguna.core.Services;
import org.laguna.core.auditlog.AuditLogService;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.Caller;
import org.laguna.core.auth.login.OidcLogin;
import org.laguna.core.registration.RegistrationService;
import org.laguna.core.auth.RequestOrigin;
import org.laguna.server.http.ErrorMapper;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;

/**
 * The web interface, served by the server itself under {@code /ui}, apart from Rucio's REST routes: pages
 * rendered on the server from the same services as the REST API, with the same permission checks.
 * {@code GET /} sends browsers (those that accept {@code text/html}) to it.
 */
public final class WebUi implements Resource {
    private final Pages pages;
    private final Assets assets;
    private final SignInPage signIn;
    private final HomePage home;
    private final NamespacePages namespace;
    private final DidPage did;
    private final RulePage rule;
    private final RuleEvents ruleEvents;
    private final RsePages rses;
    private final RuleWizard ruleWizard;
    private final ApprovalsPage approvals;
    private final DownloadLinks downloads;
    private final RseAdminActions rseAdmin;
    private final TransferPages transfers;
    private final AccountPages accounts;
    private final OidcSignIn oidcSignIn;
    private final RegistrationPage registration;
    private final SubscriptionPages subscriptions;
    private final LifetimeExceptionPages lifetimeExceptions;
    private final AuditPages audit;
    private final EventPages events;

    /**
     * @param isAdmin whether an account administers the VO (the rule pages ask the policy instead, action by action)
     * @param origin where a request comes from (its id and the client's address), for the sign-in
     * @param eventInterval how often a rule's event stream reads the rule again
     * @param oidcLogin signing in with the OIDC provider, when an issuer takes logins
     * @param registrations self-registration of people who signed in with the provider and have no account
     * @param auditLog the audit log, as {@code GET /audit} lists it
     */
    public WebUi(AuthService auth, Services services, Predicate<Caller> isAdmin, Function<Context, RequestOrigin> origin,
            Duration eventInterval, OidcLogin oidcLogin, RegistrationService registrations, AuditLogService auditLog) {
        Objects.requireNonNull(services, "services is null");
        Objects.requireNonNull(isAdmin, "isAdmin is null");
        this.pages = new Pages(new UiSessions(auth));
        this.assets = new Assets();
        this.signIn = new SignInPage(pages, auth, origin, oidcLogin.browserIssuer());
        this.home = new HomePage(pages, services.rules(), services.accounts(), services.messages());
        this.namespace = new NamespacePages(pages, services.scopes(), services.dids().listings());
        this.downloads = new DownloadLinks(pages, services.replicas(), services.signing());
        this.did = new DidPage(pages, services.dids(), services.replicas(), services.datasetReplicas(), services.rules(), downloads);
        this.rule = new RulePage(pages, services.rules());
        this.ruleWizard = new RuleWizard(pages, services.rules(), services.dids().listings());
        this.approvals = new ApprovalsPage(pages, services.rules());
        this.ruleEvents = new RuleEvents(pages, services.rules(), eventInterval, Duration.ofMinutes(10));
        this.rses = new RsePages(pages, services.rses(), isAdmin);
        this.rseAdmin = new RseAdminActions(rses, services.rses());
        this.transfers = new TransferPages(pages, services.transferMatrix());
        this.accounts = new AccountPages(pages, services.accounts(), services.groupMembers(), registrations, isAdmin);
        this.oidcSignIn = new OidcSignIn(pages, oidcLogin, origin);
        this.registration = new RegistrationPage(pages, auth, registrations, oidcLogin, origin);
        this.subscriptions = new SubscriptionPages(pages, services.subscriptions(), services.rules(), isAdmin);
        this.lifetimeExceptions = new LifetimeExceptionPages(pages, services.lifetimeExceptions(), isAdmin);
        this.audit = new AuditPages(pages, Objects.requireNonNull(auditLog, "auditLog is null"));
        this.events = new EventPages(pages, services.messages());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/", WebUi::root);
        assets.register(routes);
        signIn.register(routes);
        home.register(routes);
        namespace.register(routes);
        did.register(routes);
        downloads.register(routes);
        // before the rule page, whose /ui/rules/{id} would take "new" for an id
        ruleWizard.register(routes);
        rule.register(routes);
        approvals.register(routes);
        ruleEvents.register(routes);
        rses.register(routes);
        rseAdmin.register(routes);
        transfers.register(routes);
        accounts.register(routes);
        oidcSignIn.register(routes);
        registration.register(routes);
        subscriptions.register(routes);
        lifetimeExceptions.register(routes);
        audit.register(routes);
        events.register(routes);
    }

    /** A browser asking for {@code /} goes to the UI; any other client gets the REST API's "no such endpoint". */
    private static void root(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/html")) {
            ctx.redirect("/ui/", HttpStatus.SEE_OTHER);
            return;
        }
        ErrorMapper.write(ctx, ErrorCode.NOT_FOUND, "No endpoint GET / (the web interface is at /ui/)");
    }
}
