package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.ADMIN;
import static org.laguna.server.testing.authz.Fixtures.expect;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;
import java.util.Map;

/** Webhooks and their dead letters are for administrators only. */
final class WebhookRows {
    /** Nothing listens on the discard port of loopback: a test delivery fails at once (and still answers 200). */
    private static final String URL = "http://127.0.0.1:9/hook";
    private static final String SECRET = "matrix-webhook-secret-0001";

    private WebhookRows() {
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("GET /webhooks", ADMIN, f -> Call.of("/webhooks")),
                row("POST /webhooks", ADMIN, f -> Call.of("/webhooks", Map.of("url", URL, "secret", SECRET, "event_types", List.of("RULE_OK")))),
                row("PUT /webhooks/{id}", ADMIN, f -> Call.of("/webhooks/" + webhook(f), Map.of("enabled", false))),
                row("DELETE /webhooks/{id}", ADMIN, f -> Call.of("/webhooks/" + webhook(f))),
                row("POST /webhooks/{id}/test", ADMIN, f -> Call.of("/webhooks/" + webhook(f) + "/test", Map.of())),
                row("GET /webhooks/{id}/dead_letters", ADMIN, f -> Call.of("/webhooks/" + webhook(f) + "/dead_letters")),
                row("POST /webhooks/{id}/dead_letters", ADMIN, f -> Call.of("/webhooks/" + webhook(f) + "/dead_letters", Map.of())));
    }

    /** A new webhook registered by root; its id. */
    private static String webhook(Fixtures f) {
        return expect(f.root().post("/webhooks", Map.of("url", URL, "secret", SECRET)), "a webhook").json().get("id").asText();
    }
}
