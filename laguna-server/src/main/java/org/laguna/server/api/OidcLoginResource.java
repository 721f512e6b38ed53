package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.auth.IssuedToken;
import org.laguna.core.auth.login.OidcLogin;
import org.laguna.server.http.AuditHook;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's OIDC login routes, as the Rucio client uses them with {@code auth_type = oidc}:
 * {@code /auth/oidc} starts a login and answers the URL to open in {@code X-Rucio-OIDC-Auth-URL};
 * {@code /auth/oidc_redirect?<key>} sends a browser on to the provider, and answers the token to a
 * client asking with {@code X-Rucio-Client-Fetch-Token: True} once the login is complete (401 until
 * then); the provider sends the browser back to {@code /auth/oidc_code} (or {@code /auth/oidc_token},
 * which hands the token to the browser itself); {@code /auth/oidc_refresh} trades a token for a new
 * one while the provider grants refreshes.
 */
public final class OidcLoginResource implements Resource {
    private static final long MAX_REFRESH_LIFETIME_HOURS = 24L * 365;

    private final OidcLogin login;

    public OidcLoginResource(OidcLogin login) {
        this.login = Objects.requireNonNull(login, "login is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/auth/oidc", this::start);
        routes.get("/auth/oidc_redirect", this::redirect);
        routes.get("/auth/oidc_code", this::callback);
        routes.get("/auth/oidc_token", this::callback);
        routes.get("/auth/oidc_refresh", this::refresh);
        routes.get("/auth/oidc_device", this::device);
    }

    private void start(Context ctx) {
        noCache(ctx);
        String url = login.start(request(ctx));
        ctx.header("X-Rucio-OIDC-Auth-URL", url);
        ctx.contentType("application/octet-stream").result("");
    }

    /** Laguna's device login (RFC 8628): the user code and where to enter it; the client polls {@code poll_url} as in the polling flow. */
    private void device(Context ctx) {
        noCache(ctx);
        OidcLogin.DeviceStart started = login.startDevice(request(ctx));
        ctx.header("X-Rucio-OIDC-Auth-URL", started.pollUrl());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("user_code", started.userCode());
        answer.put("verification_uri", started.verificationUri());
        started.verificationUriComplete().ifPresent(uri -> answer.put("verification_uri_complete", uri));
        answer.put("expires_in", started.expiresIn());
        answer.put("interval", started.interval());
        answer.put("poll_url", started.pollUrl());
        Http.json(ctx, answer);
    }

    private static OidcLogin.Start request(Context ctx) {
        String vo = ctx.header("X-Rucio-VO");
        return new OidcLogin.Start(
                header(ctx, "X-Rucio-Account"),
                vo == null || vo.isBlank() ? "def" : vo,
                header(ctx, "X-Rucio-Client-Authorize-Issuer"),
                header(ctx, "X-Rucio-Client-Authorize-Scope"),
                header(ctx, "X-Rucio-Client-Authorize-Audience"),
                isTrue(ctx.header("X-Rucio-Client-Authorize-Polling")),
                isTrue(ctx.header("X-Rucio-Client-Authorize-Auto")),
                refreshLifetime(ctx.header("X-Rucio-Client-Authorize-Refresh-Lifetime")),
                clientAddress(ctx),
                URI.create(ctx.scheme() + "://" + ctx.host()));
    }

    /** A browser is sent on to the provider; a client asking for its token gets it once the login is complete. */
    private void redirect(Context ctx) {
        noCache(ctx);
        String key = ctx.queryString();
        if (isTrue(ctx.header("X-Rucio-Client-Fetch-Token"))) {
            IssuedToken token = login.fetch(key, AuditHook.loginOrigin(ctx)).orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE,
                    "Cannot authenticate: the login is not completed yet; open the URL in a browser and log in"));
            answer(ctx, token);
            return;
        }
        ctx.header("Location", login.authorizationUrl(key));
        ctx.status(303).contentType("text/html").result("");
    }

    private void callback(Context ctx) {
        noCache(ctx);
        OidcLogin.Outcome outcome = login.authorized(Optional.ofNullable(ctx.queryParam("state")), Optional.ofNullable(ctx.queryParam("code")),
                Optional.ofNullable(ctx.queryParam("error")).map(e -> e + Optional.ofNullable(ctx.queryParam("error_description"))
                        .map(d -> " (" + d + ")").orElse("")), AuditHook.loginOrigin(ctx));
        switch (outcome) {
            case OidcLogin.Polling polling -> page(ctx, "You are logged in. The Laguna client now fetches its token; you may close this page.");
            case OidcLogin.FetchCode code -> page(ctx, "You are logged in. Copy this code into the Laguna or Rucio client: <pre id=\"code\">"
                    + code.code() + "</pre>");
            case OidcLogin.Token token -> {
                answerHeaders(ctx, token.token());
                page(ctx, "You are logged in as " + token.token().account() + ".");
            }
        }
    }

    private void refresh(Context ctx) {
        noCache(ctx);
        ctx.header("Access-Control-Expose-Headers", "X-Rucio-Auth-Token, X-Rucio-Auth-Token-Expires");
        Optional<IssuedToken> refreshed = login.refresh(ctx.header("X-Rucio-Auth-Token"), ctx.header("X-Rucio-Account"), AuditHook.loginOrigin(ctx));
        ctx.header("X-Rucio-Auth-Token", refreshed.map(IssuedToken::token).orElse(""));
        ctx.header("X-Rucio-Auth-Token-Expires", refreshed.map(t -> String.valueOf(t.expiresAt().getEpochSecond())).orElse(""));
        ctx.contentType("application/octet-stream").result("");
    }

    private static void answer(Context ctx, IssuedToken token) {
        answerHeaders(ctx, token);
        ctx.contentType("application/octet-stream").result("");
    }

    private static void answerHeaders(Context ctx, IssuedToken token) {
        ctx.header("Access-Control-Expose-Headers", "X-Rucio-Auth-Token, X-Rucio-Auth-Token-Expires, X-Rucio-Auth-Account");
        ctx.header("X-Rucio-Auth-Account", token.account());
        ctx.header("X-Rucio-Auth-Token", token.token());
        ctx.header("X-Rucio-Auth-Token-Expires", Http.date(token.expiresAt()));
    }

    private static void page(Context ctx, String body) {
        ctx.contentType("text/html; charset=utf-8").result("<!DOCTYPE html><html><head><title>Laguna login</title></head><body><p>"
                + body + "</p></body></html>");
    }

    private static Optional<Duration> refreshLifetime(String header) {
        if (header == null || header.isBlank() || header.equals("None")) {
            return Optional.empty();
        }
        long hours;
        try {
            hours = Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "X-Rucio-Client-Authorize-Refresh-Lifetime must be a number of hours, got '"
                    + header + "'");
        }
        if (hours < 1 || hours > MAX_REFRESH_LIFETIME_HOURS) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "X-Rucio-Client-Authorize-Refresh-Lifetime must be between 1 and "
                    + MAX_REFRESH_LIFETIME_HOURS + " hours, got " + hours);
        }
        return Optional.of(Duration.ofHours(hours));
    }

    private static Optional<String> header(Context ctx, String name) {
        return Optional.ofNullable(ctx.header(name)).map(String::strip).filter(s -> !s.isEmpty() && !s.equals("None"));
    }

    private static boolean isTrue(String value) {
        return "True".equals(value) || "true".equals(value);
    }

    private static String clientAddress(Context ctx) {
        return AuthResource.clientAddress(ctx.ip(), ctx.header("X-Forwarded-For"));
    }

    private static void noCache(Context ctx) {
        ctx.header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        ctx.header("Pragma", "no-cache");
    }
}
