package org.laguna.client;

import static org.laguna.client.LagunaClient.path;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** Self-registration (Laguna's {@code /register} routes). */
public final class RegistrationApi {
    private final LagunaClient client;

    public RegistrationApi(LagunaClient client) {
        this.client = Objects.requireNonNull(client, "client is null");
    }

    /** The terms of use to accept: {@code enabled}, {@code version}, {@code text}, {@code sha256}, {@code approval_required}. */
    public JsonNode terms() {
        return client.getOpen("/register/terms");
    }

    /** Registers the person holding an OIDC access token, who accepts the terms of the given version. */
    public JsonNode register(String accessToken, String acceptedTermsVersion) {
        return client.sendWithBearer("POST", "/register", Map.of("accept_terms", acceptedTermsVersion), accessToken);
    }

    /** The registrations waiting for an administrator. */
    public JsonNode pending() {
        return client.get("/register/pending");
    }

    public JsonNode approve(String id) {
        return client.post(path("register", id, "approve"), Map.of());
    }

    public JsonNode deny(String id, String reason) {
        Map<String, Object> body = new HashMap<>();
        if (reason != null) {
            body.put("reason", reason);
        }
        return client.post(path("register", id, "deny"), body);
    }
}
