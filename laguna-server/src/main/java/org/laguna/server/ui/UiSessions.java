package org.laguna.server.ui;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.Caller;
import org.laguna.core.auth.IssuedToken;
import org.laguna.server.http.AuditHook;
import org.laguna.server.http.Http;
import org.laguna.spi.error.LagunaException;

/**
 * Sessions of the web UI. A session is a Laguna token, issued by the same login as the REST API's and
 * stored in the database with its expiry, held by the browser in an HttpOnly, SameSite=Strict cookie
 * (Secure over HTTPS) limited to {@code /ui}. The CSRF token of its forms is derived from the session
 * token (a hash), so a page of another site, which cannot read the cookie, cannot forge it. Signing out
 * revokes the token. The caller carries the request's origin, so that the audit log records what a
 * page changed or was refused under the signed-in account, as for the REST API. Before sign-in, the
 * login form is protected the same way by a short-lived random cookie of its own.
 */
final class UiSessions {
    static final String SESSION_COOKIE = "laguna_session";
    static final String LOGIN_COOKIE = "laguna_login";
    private static final Duration LOGIN_FORM_LIFETIME = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AuthService auth;

    UiSessions(AuthService auth) {
        this.auth = Objects.requireNonNull(auth, "auth is null");
    }

    /** The session of the request, if its cookie names a token that is still valid. */
    Optional<UiSession> current(Context ctx) {
        String token = ctx.cookie(SESSION_COOKIE);
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            // the request's origin, as the REST filter gives it, so that the audit log records the account's changes and denials
            Caller caller = auth.validate(token).from(AuditHook.origin(ctx));
            ctx.attribute(Http.CALLER, caller);
            return Optional.of(new UiSession(caller, token, csrf(token)));
        } catch (LagunaException e) {
            return Optional.empty();
        }
    }

    /** True while the session's token is valid (checked again by long-lived answers such as event streams). */
    boolean stillValid(UiSession session) {
        try {
            auth.validate(session.token());
            return true;
        } catch (LagunaException e) {
            return false;
        }
    }

    /** Starts a session with a token just issued by a login. */
    void start(Context ctx, IssuedToken token) {
        long seconds = Math.max(1, Duration.between(Instant.now(), token.expiresAt()).toSeconds());
        setCookie(ctx, SESSION_COOKIE, token.token(), seconds);
        setCookie(ctx, LOGIN_COOKIE, "", 0);
    }

    /** Ends the session: its token is revoked and the browser forgets the cookie. */
    void end(Context ctx, UiSession session) {
        auth.revoke(session.token());
        setCookie(ctx, SESSION_COOKIE, "", 0);
    }

    /** The CSRF token for the login form, with the cookie it is checked against (made when missing). */
    String loginCsrf(Context ctx) {
        String secret = ctx.cookie(LOGIN_COOKIE);
        if (secret == null || secret.length() < 20) {
            byte[] bytes = new byte[24];
            RANDOM.nextBytes(bytes);
            secret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        setCookie(ctx, LOGIN_COOKIE, secret, LOGIN_FORM_LIFETIME.toSeconds());
        return csrf(secret);
    }

    /** True if the login form carries the token of the browser's login cookie. */
    boolean loginCsrfMatches(Context ctx, String submitted) {
        String secret = ctx.cookie(LOGIN_COOKIE);
        return secret != null && secret.length() >= 20 && sameText(csrf(secret), submitted);
    }

    static boolean sameText(String expected, String submitted) {
        return submitted != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
    }

    static String csrf(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("laguna-ui-csrf\n" + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setCookie(Context ctx, String name, String value, long maxAgeSeconds) {
        boolean https = "https".equalsIgnoreCase(ctx.scheme());
        ctx.res().addHeader("Set-Cookie", name + "=" + value + "; Path=/ui; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (https ? "; Secure" : ""));
    }
}
