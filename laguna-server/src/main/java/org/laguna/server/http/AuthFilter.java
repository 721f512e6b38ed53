package org.laguna.server.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.Objects;
import org.laguna.core.auth.AuthService;

/**
 * Every endpoint but the open ones needs a valid {@code X-Rucio-Auth-Token}; {@code /metrics} is
 * open only when {@code security.metrics-public} is true.
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
        ctx.attribute(Http.CALLER, auth.validate(ctx.header("X-Rucio-Auth-Token")));
    }

    static boolean isOpen(String path) {
        return path.equals("/ping") || path.startsWith("/auth/") || path.equals("/health")
                || path.equals("/") || path.startsWith("/ui");
    }
}
