package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.laguna.core.Services;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.Caller;
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

    /**
     * @param isAdmin whether an account administers the VO (it then sees the actions on every rule)
     * @param origin where a request comes from (its id and the client's address), for the sign-in
     * @param eventInterval how often a rule's event stream reads the rule again
     */
    public WebUi(AuthService auth, Services services, Predicate<Caller> isAdmin, Function<Context, RequestOrigin> origin,
            Duration eventInterval) {
        Objects.requireNonNull(services, "services is null");
        this.pages = new Pages(new UiSessions(auth));
        this.assets = new Assets();
        this.signIn = new SignInPage(pages, auth, origin);
        this.home = new HomePage(pages, services.rules(), services.accounts());
        this.namespace = new NamespacePages(pages, services.scopes(), services.dids().listings());
        this.did = new DidPage(pages, services.dids(), services.replicas(), services.datasetReplicas(), services.rules());
        this.rule = new RulePage(pages, services.rules(), isAdmin);
        this.ruleEvents = new RuleEvents(pages, services.rules(), eventInterval, Duration.ofMinutes(10));
        this.rses = new RsePages(pages, services.rses());
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/", WebUi::root);
        assets.register(routes);
        signIn.register(routes);
        home.register(routes);
        namespace.register(routes);
        did.register(routes);
        rule.register(routes);
        ruleEvents.register(routes);
        rses.register(routes);
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
