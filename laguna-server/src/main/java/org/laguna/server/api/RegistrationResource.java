package org.laguna.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.oidc.VerifiedToken;
import org.laguna.core.registration.Registration;
import org.laguna.core.registration.RegistrationService;
import org.laguna.server.http.AuditHook;
import org.laguna.server.http.AuthFilter;
import org.laguna.server.http.Http;
import org.laguna.server.http.Resource;

/**
 * Self-registration (a Laguna extension): {@code GET /register/terms} (open), {@code POST /register}
 * with the person's OIDC access token and {@code {"accept_terms": "<version>"}}, and for
 * administrators {@code GET /register/pending}, {@code POST /register/{id}/approve} and
 * {@code POST /register/{id}/deny} ({@code {"reason": "..."}}).
 */
public final class RegistrationResource implements Resource {
    private final RegistrationService registrations;
    private final AuthService auth;

    public RegistrationResource(RegistrationService registrations, AuthService auth) {
        this.registrations = Objects.requireNonNull(registrations, "registrations is null");
        this.auth = Objects.requireNonNull(auth, "auth is null");
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/register/terms", ctx -> {
            RegistrationService.Terms terms = registrations.terms();
            Http.json(ctx, Http.ordered("enabled", terms.enabled(), "version", terms.version(), "text", terms.text(),
                    "sha256", terms.sha256(), "approval_required", terms.approvalRequired()));
        });
        routes.post("/register", this::register);
        routes.get("/register/pending", ctx -> Http.json(ctx, registrations.pending(Http.caller(ctx)).stream()
                .map(RegistrationResource::json).toList()));
        routes.post("/register/{id}/approve", ctx -> Http.json(ctx, json(registrations.approve(Http.caller(ctx), ctx.pathParam("id")))));
        routes.post("/register/{id}/deny", ctx -> {
            JsonNode body = Http.optionalJsonObject(ctx);
            Http.requireKnownKeys(body, "deny", Set.of("reason"));
            Http.json(ctx, json(registrations.deny(Http.caller(ctx), ctx.pathParam("id"), Http.optionalText(body, "reason"))));
        });
    }

    private void register(Context ctx) {
        VerifiedToken token = auth.verifyOidcToken(AuthFilter.token(ctx));
        JsonNode body = Http.jsonObject(ctx);
        Http.requireKnownKeys(body, "registration", Set.of("accept_terms"));
        Registration.Outcome outcome = registrations.register(token, Http.optionalText(body, "accept_terms"), AuditHook.loginOrigin(ctx));
        ctx.status(outcome.created() ? 201 : 200);
        Http.json(ctx, json(outcome.registration()));
    }

    static Map<String, Object> json(Registration registration) {
        return Http.ordered("id", registration.id().toString(), "account", registration.account(),
                "status", registration.status().name(), "identity", registration.identity(),
                "email", registration.email().orElse(null), "requested_at", Http.date(registration.requestedAt()),
                "decided_at", registration.decidedAt().map(Http::date).orElse(null), "decided_by", registration.decidedBy().orElse(null),
                "reason", registration.reason().orElse(null), "terms_version", registration.termsVersion(),
                "terms_accepted_at", Http.date(registration.termsAcceptedAt()));
    }
}
