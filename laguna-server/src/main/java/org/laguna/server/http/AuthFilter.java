package org.laguna.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.auth.AuthService;

/**
 * Every endpoint but the open ones needs a valid token: Laguna's own or a JWT access token of a
 * trusted OIDC issuer, in {@code X-Rucio-Auth-Token} or as {@code Authorization: Bearer}; {@code /metrics} is
 * open only when {@code security.metrics-public} is true. {@code POST /register} checks the OIDC
 * token itself: the person registering has no account yet.
 */
public final class AuthFilter {
    private final AuthService auth;
    private final boolean metricsPublic;

    public AuthFilter(AuthService auth, boolean metricsPublic) {
        this.auth = Objects.requireNonNull(auth, "auth is null");
        this.metricsPublic = metricsPublic;
    }

    public void handle(Context ctx) {
        if (ctx.method() == HandlerType.OPTIONS || isOpen(ctx.path()) || (metricsPublic && ctx.path().equals("/metrics"))) {
            return;
        }
        ctx.attribute(Http.CALLER, auth.validate(token(ctx), Optional.ofNullable(ctx.header("X-Rucio-Account")))
                .from(AuditHook.origin(ctx)));
    }

    /** The token in {@code X-Rucio-Auth-Token}, else the bearer token of {@code Authorization}. */
    public static String token(Context ctx) {
        String token = ctx.header("X-Rucio-Auth-Token");
        if (token != null && !token.isBlank()) {
            return token.trim();
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        return token;
    }

    static boolean isOpen(String path) {
        return path.equals("/ping") || path.startsWith("/auth/") || path.equals("/traces") || path.equals("/traces/") || path.equals("/health")
                || path.equals("/") || path.startsWith("/ui") || path.equals("/register") || path.equals("/register/terms");
    }
}
