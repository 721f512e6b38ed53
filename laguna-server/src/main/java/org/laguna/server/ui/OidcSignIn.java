package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.laguna.core.auth.RequestOrigin;
import org.laguna.core.auth.login.OidcLogin;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Signing in with the OIDC provider: the authorization-code flow with PKCE of the OIDC login service
 * ({@code /auth/oidc*}), with the web interface's own callback. The login is bound to the browser that
 * started it: the state sent to the provider is also kept in a short-lived HttpOnly cookie, which the
 * callback must bring back (so nobody can make another browser sign in with a login they started).
 * An account holding the identity gets a session holding a Laguna token, as a password sign-in does;
 * a person without one goes on to register ({@link RegistrationPage}), carrying the provider's access
 * token sealed under the server's key in a cookie of the registration page.
 */
final class OidcSignIn {
    static final String CALLBACK = "/ui/login/oidc/callback";
    static final String STATE_COOKIE = "laguna_oidc";
    static final String REGISTER_COOKIE = "laguna_register";
    private static final long STATE_SECONDS = 600;
    private static final long REGISTER_SECONDS = 1800;

    private final Pages pages;
    private final OidcLogin login;
    private final Function<Context, RequestOrigin> origin;

    OidcSignIn(Pages pages, OidcLogin login, Function<Context, RequestOrigin> origin) {
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.login = Objects.requireNonNull(login, "login is null");
        this.origin = Objects.requireNonNull(origin, "origin is null");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/login/oidc", this::start);
        routes.get(CALLBACK, this::callback);
    }

    private void start(Context ctx) throws Exception {
        pages.guarded(ctx, Optional.empty(), () -> {
            if (login.browserIssuer().isEmpty()) {
                throw new LagunaException(ErrorCode.NOT_FOUND, "No OIDC provider takes sign-ins on this server: sign in with your username and password");
            }
            String next = SignInPage.next(ctx.queryParam("next"));
            String url = login.startInBrowser("def", ip(ctx), URI.create(ctx.scheme() + "://" + ctx.host()), CALLBACK);
            String state = queryValue(url, "state");
            cookie(ctx, STATE_COOKIE, state + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(next.getBytes(StandardCharsets.UTF_8)),
                    "/ui/login/oidc", STATE_SECONDS);
            ctx.header("Cache-Control", "no-store");
            ctx.redirect(url, HttpStatus.SEE_OTHER);
        });
    }

    private void callback(Context ctx) throws Exception {
        pages.guarded(ctx, Optional.empty(), () -> {
            String[] bound = Optional.ofNullable(ctx.cookie(STATE_COOKIE)).orElse("").split("\\.", 2);
            cookie(ctx, STATE_COOKIE, "", "/ui/login/oidc", 0);
            String state = ctx.queryParam("state");
            if (state == null || bound.length < 2 || !UiSessions.sameText(bound[0], state)) {
                failed(ctx, 403, "This sign-in was not started in this browser, or it took too long: sign in again.");
                return;
            }
            String next = SignInPage.next(new String(decode(bound[1]), StandardCharsets.UTF_8));
            OidcLogin.BrowserOutcome outcome;
            try {
                outcome = login.authorizedInBrowser(Optional.of(state), Optional.ofNullable(ctx.queryParam("code")),
                        Optional.ofNullable(ctx.queryParam("error")).map(e -> e + Optional.ofNullable(ctx.queryParam("error_description"))
                                .map(d -> " (" + d + ")").orElse("")), origin.apply(ctx));
            } catch (LagunaException e) {
                failed(ctx, e.code().httpStatus(), e.getMessage());
                return;
            }
            switch (outcome) {
                case OidcLogin.SignedIn signedIn -> {
                    pages.sessions().start(ctx, signedIn.token());
                    onward(ctx, next, "You are signed in as " + signedIn.token().account() + ".");
                }
                case OidcLogin.Unregistered unregistered -> {
                    cookie(ctx, REGISTER_COOKIE, unregistered.sealedAccessToken(), "/ui/register", REGISTER_SECONDS);
                    onward(ctx, "/ui/register", "No account holds your identity yet: you can register.");
                }
            }
        });
    }

    /**
     * Goes on to the page with a page of its own rather than a redirect: the browser arrives here from
     * the provider's site, and a redirect would still count as a visit from that site, which the
     * session cookie (SameSite=Strict) is not sent with. The page's own move (a refresh) is a visit
     * from this site.
     */
    private void onward(Context ctx, String next, String message) {
        pages.render(ctx, 200, "onward.jte", Map.of("page", new Page("Signing in", "", "", "login", ""), "next", next, "message", message));
    }

    private void failed(Context ctx, int status, String message) {
        pages.render(ctx, status, "error.jte", Map.of("page", new Page("Sign-in failed", "", "", "login", ""), "status", status,
                "message", message));
    }

    private String ip(Context ctx) {
        return origin.apply(ctx).clientAddress();
    }

    private static byte[] decode(String text) {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** A parameter of the provider's URL (the state the login service chose). */
    static String queryValue(String url, String name) {
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        throw new IllegalStateException("the provider's URL has no " + name);
    }

    /**
     * A cookie of the sign-in: HttpOnly, Secure over HTTPS, and SameSite=Lax, since the browser brings it
     * back on its way from the provider's site (a top-level visit, which Lax allows and Strict does not).
     */
    static void cookie(Context ctx, String name, String value, String path, long maxAgeSeconds) {
        boolean https = "https".equalsIgnoreCase(ctx.scheme());
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Lax"
                + (https ? "; Secure" : ""));
    }
}
