package org.laguna.server.ui;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.RequestOrigin;
import org.laguna.core.auth.login.OidcLogin;
import org.laguna.core.auth.oidc.VerifiedToken;
import org.laguna.core.registration.Registration;
import org.laguna.core.registration.RegistrationService;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Registration for a person who signed in with the OIDC provider and has no account: the terms of use
 * to read and accept, then the account (with its identity, quotas and scope) made by the same
 * self-registration service as {@code POST /register}, with the provider's access token the sign-in
 * obtained, checked again as that route checks it. When registrations wait for an administrator's
 * approval, the page says so, and says it again on a later visit until the decision.
 */
final class RegistrationPage {
    /** What the page shows: the terms and the form, or where the registration stands. */
    public record View(String state, String provider, String identity, String email, String termsVersion, String termsText,
                       boolean approvalRequired, String account, String reason, String error) {
    }

    private final Pages pages;
    private final AuthService auth;
    private final RegistrationService registrations;
    private final OidcLogin login;
    private final String provider;

    private final Function<Context, RequestOrigin> origin;

    RegistrationPage(Pages pages, AuthService auth, RegistrationService registrations, OidcLogin login,
            Function<Context, RequestOrigin> origin) {
        this.origin = Objects.requireNonNull(origin, "origin is null");
        this.pages = Objects.requireNonNull(pages, "pages is null");
        this.auth = Objects.requireNonNull(auth, "auth is null");
        this.registrations = Objects.requireNonNull(registrations, "registrations is null");
        this.login = Objects.requireNonNull(login, "login is null");
        this.provider = login.browserIssuer().orElse("");
    }

    void register(RoutesConfig routes) {
        routes.get("/ui/register", ctx -> pages.guarded(ctx, Optional.empty(), () -> show(ctx)));
        routes.post("/ui/register", ctx -> pages.guarded(ctx, Optional.empty(), () -> submit(ctx)));
    }

    private void show(Context ctx) {
        RegistrationService.Terms terms = registrations.terms();
        if (!terms.enabled()) {
            render(ctx, 404, view("closed", "", "", "", "", ""));
            return;
        }
        Optional<VerifiedToken> token = token(ctx);
        if (token.isEmpty()) {
            render(ctx, 401, view("signin", "", "", "", "", ""));
            return;
        }
        Optional<Registration> existing = registrations.of(token.get());
        if (existing.isPresent()) {
            render(ctx, 200, outcome(token.get(), existing.get(), ""));
            return;
        }
        render(ctx, 200, view("terms", token.get().identity(), email(token.get()), "", "", ""));
    }

    private void submit(Context ctx) {
        Form form = Form.read(ctx);
        if (!pages.sessions().loginCsrfMatches(ctx, form.raw("csrf"))) {
            throw new LagunaException(ErrorCode.ACCESS_DENIED, "The registration form has expired or was not sent from this site: reload it and try again");
        }
        if (!registrations.terms().enabled()) {
            render(ctx, 404, view("closed", "", "", "", "", ""));
            return;
        }
        Optional<VerifiedToken> token = token(ctx);
        if (token.isEmpty()) {
            render(ctx, 401, view("signin", "", "", "", "", ""));
            return;
        }
        if (!form.raw("accept").equals("on")) {
            render(ctx, 400, view("terms", token.get().identity(), email(token.get()), "", "",
                    "Tick the box to accept the terms of use: without it no account is made."));
            return;
        }
        Registration.Outcome outcome;
        try {
            outcome = registrations.register(token.get(), form.raw("version"), origin.apply(ctx));
        } catch (LagunaException e) {
            if (e.code().httpStatus() >= 500) {
                throw e;
            }
            render(ctx, e.code().httpStatus(), view("terms", token.get().identity(), email(token.get()), "", "", e.getMessage()));
            return;
        }
        if (outcome.registration().status() == Registration.Status.APPROVED) {
            OidcSignIn.cookie(ctx, OidcSignIn.REGISTER_COOKIE, "", "/ui/register", 0);
        }
        render(ctx, outcome.created() ? 201 : 200, outcome(token.get(), outcome.registration(), ""));
    }

    private View outcome(VerifiedToken token, Registration registration, String error) {
        String state = switch (registration.status()) {
            case APPROVED -> "approved";
            case PENDING -> "pending";
            case DENIED -> "denied";
        };
        return view(state, token.identity(), registration.email().orElse(""), registration.account(), registration.reason().orElse(""), error);
    }

    /** The person's verified token, from the sealed cookie the sign-in left; empty when there is none or it no longer checks out. */
    private Optional<VerifiedToken> token(Context ctx) {
        String sealed = ctx.cookie(OidcSignIn.REGISTER_COOKIE);
        if (sealed == null || sealed.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(auth.verifyOidcToken(login.unsealAccessToken(sealed)));
        } catch (LagunaException e) {
            return Optional.empty();
        }
    }

    private static String email(VerifiedToken token) {
        return token.textClaim("email").orElse("");
    }

    private View view(String state, String identity, String email, String account, String reason, String error) {
        RegistrationService.Terms terms = registrations.terms();
        return new View(state, provider, identity, email, terms.version(), terms.text(), terms.approvalRequired(), account, reason, error);
    }

    private void render(Context ctx, int status, View view) {
        Map<String, Object> params = new HashMap<>();
        params.put("page", new Page("Register", "", pages.sessions().loginCsrf(ctx), "register", ""));
        params.put("view", view);
        pages.render(ctx, status, "register.jte", params);
    }
}
