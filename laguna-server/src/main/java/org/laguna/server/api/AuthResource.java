package org.laguna.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.Caller;
import org.laguna.core.auth.IssuedToken;
import org.laguna.server.http.AuditHook;
import org.laguna.server.http.ClientAddress;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;
import org.laguna.server.http.VoDispatch;
import org.laguna.server.tls.ClientCertificates;

/** {@code /auth/userpass}, {@code /auth/x509}, {@code /auth/x509_proxy} and {@code /auth/validate}. */
public final class AuthResource implements Resource {
    private final AuthService auth;
    private final ClientCertificates clientCertificates;

    public AuthResource(AuthService auth) {
        this(auth, ClientCertificates.NONE);
    }

    /** With X.509 logins checked against the HTTPS listener's CAs. */
    public AuthResource(AuthService auth, ClientCertificates clientCertificates) {
        this.auth = Objects.requireNonNull(auth, "auth is null");
        this.clientCertificates = Objects.requireNonNull(clientCertificates, "clientCertificates is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/auth/userpass", this::userpass);
        routes.get("/auth/x509", ctx -> x509(ctx, "x509"));
        routes.get("/auth/x509_proxy", ctx -> x509(ctx, "x509_proxy"));
        routes.get("/auth/validate", this::validate);
    }

    private void userpass(Context ctx) {
        noCache(ctx);
        String vo = ctx.header("X-Rucio-VO");
        IssuedToken token = auth.authenticateUserpass(
                ctx.header("X-Rucio-Account"),
                ctx.header("X-Rucio-Username"),
                ctx.header("X-Rucio-Password"),
                vo == null || vo.isBlank() ? "def" : vo,
                AuditHook.loginOrigin(ctx));
        answer(ctx, token);
    }

    /** The user certificate (or the one behind a proxy certificate) of the connection logs in to an account holding its DN. */
    private void x509(Context ctx, String method) {
        noCache(ctx);
        String vo = ctx.header("X-Rucio-VO");
        IssuedToken token = auth.authenticateX509(clientCertificates.userIdentityForms(ctx),
                Optional.ofNullable(ctx.header("X-Rucio-Account")),
                vo == null || vo.isBlank() ? "def" : vo,
                AuditHook.loginOrigin(ctx), method);
        answer(ctx, token);
    }

    private static void answer(Context ctx, IssuedToken token) {
        ctx.header("Access-Control-Expose-Headers", "X-Rucio-Auth-Token, X-Rucio-Auth-Token-Expires, X-Rucio-Auth-Account");
        ctx.header("X-Rucio-Auth-Account", token.account());
        ctx.header("X-Rucio-Auth-Token", token.token());
        ctx.header("X-Rucio-Auth-Token-Expires", Http.date(token.expiresAt()));
        ctx.contentType("application/octet-stream").result("");
    }

    private void validate(Context ctx) {
        noCache(ctx);
        Caller caller = auth.validate(ctx.header("X-Rucio-Auth-Token"), Optional.ofNullable(ctx.header("X-Rucio-Account")));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("account", caller.account());
        answer.put("identity", caller.identity());
        answer.put("lifetime", Http.date(caller.expiresAt()));
        answer.put("seconds_left", Math.max(0, Duration.between(Instant.now(), caller.expiresAt()).toSeconds()));
        String servedVo = ctx.attribute(VoDispatch.VO_ATTRIBUTE);
        answer.put("vo", servedVo != null ? servedVo : caller.vo());
        Http.json(ctx, answer);
    }

    /**
     * The address logins are recorded and throttled under: the connection's peer, or, when the peer
     * is a reverse proxy on this host (loopback), the last address that proxy appended to
     * {@code X-Forwarded-For}. A remote client cannot choose its address by sending the header.
     */
    public static String clientAddress(String peer, String forwardedFor) {
        return ClientAddress.of(peer, forwardedFor);
    }

    private static void noCache(Context ctx) {
        ctx.header("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        ctx.header("Pragma", "no-cache");
    }
}
