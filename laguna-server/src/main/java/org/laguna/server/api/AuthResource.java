package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.Caller;
import org.laguna.core.auth.IssuedToken;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;

/** {@code /auth/userpass} and {@code /auth/validate}. */
public final class AuthResource implements Resource {
    private final AuthService auth;

    public AuthResource(AuthService auth) {
        this.auth = Objects.requireNonNull(auth, "auth is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/auth/userpass", this::userpass);
        routes.get("/auth/validate", this::validate);
    }

    private void userpass(Context ctx) {
        noCache(ctx);
        String vo = ctx.header("X-Rucio-VO");
        String forwarded = ctx.header("X-Forwarded-For");
        IssuedToken token = auth.authenticateUserpass(
                ctx.header("X-Rucio-Account"),
                ctx.header("X-Rucio-Username"),
                ctx.header("X-Rucio-Password"),
                vo == null || vo.isBlank() ? "def" : vo,
                forwarded != null ? forwarded : ctx.ip());
        ctx.header("Access-Control-Expose-Headers", "X-Rucio-Auth-Token, X-Rucio-Auth-Token-Expires, X-Rucio-Auth-Account");
        ctx.header("X-Rucio-Auth-Account", token.account());
        ctx.header("X-Rucio-Auth-Token", token.token());
        ctx.header("X-Rucio-Auth-Token-Expires", Http.date(token.expiresAt()));
        ctx.contentType("application/octet-stream").result("");
    }

    private void validate(Context ctx) {
        noCache(ctx);
        Caller caller = auth.validate(ctx.header("X-Rucio-Auth-Token"));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("account", caller.account());
        answer.put("identity", caller.identity());
        answer.put("lifetime", Http.date(caller.expiresAt()));
        answer.put("seconds_left", Math.max(0, Duration.between(java.time.Instant.now(), caller.expiresAt()).toSeconds()));
        answer.put("vo", caller.vo());
        Http.json(ctx, answer);
    }

    private static void noCache(Context ctx) {
        ctx.header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        ctx.header("Pragma", "no-cache");
    }
}
