package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.IssuedToken;
import org.laguna.core.auth.RequestOrigin;
import org.laguna.spi.error.LagunaException;

/**
 * Signing in with username and password, through the same login (and the same throttling of failed
 * attempts per username and client address) as {@code GET /auth/userpass}; signing out. When an
 * OIDC issuer takes logins, the form also offers to sign in with it ({@link OidcSignIn}).
 */
final class SignInPage {
    private final Pages pages;
    private final AuthService auth;
    private final Function<Context, RequestOrigin> origin;
    private final String provider;

    /**
     * @param origin where a sign-in comes from (its request id and the client's address, from the
     *               connection's peer and its {@code X-Forwarded-For} header, as the REST login computes it)
     */
    SignInPage(Pages pages, AuthService auth, Function<Context, RequestOrigin> origin, Optional<String> provider) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.auth = Objects.requireNonNull(auth, "auth is null");
        this.origin = Objects.requireNonNull(origin, "origin is null");
        this.provider = provider.orElse("");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/login", this::form);
        routes.post("/ui/login", this::signIn);
        routes.post("/ui/logout", pages.action((ctx, session) -> {
            pages.sessions().end(ctx, session);
            ctx.redirect("/ui/login?signed_out=1", HttpStatus.SEE_OTHER);
        }));
    }

    private void form(Context ctx) {
        if (pages.sessions().current(ctx).isPresent()) {
            ctx.redirect(next(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
        }
        String notice = ctx.queryParam("signed_out") != null ? "You have signed out." : "";
        show(ctx, 200, "", "", ctx.queryParam("next"), notice);
    }

    private void show(Context ctx, int status, String error, String username, String next, String notice) {
        Page page = new Page("Sign in", "", pages.sessions().loginCsrf(ctx), "login", notice);
        pages.render(ctx, status, "login.jte", Map.of("page", page, "error", error, "username", username,
                "next", next == null ? "" : next, "provider", provider));
    }

    private void signIn(Context ctx) throws Exception {
        pages.guarded(ctx, Optional.empty(), () -> {
            Form form = Form.read(ctx);
            String next = form.raw("next");
            String username = form.raw("username").strip();
            if (!pages.sessions().loginCsrfMatches(ctx, form.raw("csrf"))) {
                show(ctx, 403, "The sign-in form has expired or was not sent from this site: please try again.", username, next, "");
                return;
            }
            if (username.isEmpty() || form.raw("password").isEmpty()) {
                show(ctx, 400, "Enter your username and your password.", username, next, "");
                return;
            }
            IssuedToken token;
            try {
                token = auth.authenticateUserpass(form.text("account").orElse(null), username, form.raw("password"),
                        form.text("vo").orElse("def"), origin.apply(ctx));
            } catch (LagunaException e) {
                show(ctx, e.code().httpStatus(), e.getMessage(), username, next, "");
                return;
            }
            pages.sessions().start(ctx, token);
            ctx.redirect(next(next), HttpStatus.SEE_OTHER);
        });
    }

    /** Where to go after signing in: a page of the UI the browser asked for, else home; never another site. */
    static String next(String next) {
        if (next == null || !next.startsWith("/ui") || next.startsWith("//") || next.contains("\\") || next.contains("\r") || next.contains("\n")) {
            return "/ui/";
        }
        return next;
    }
}
