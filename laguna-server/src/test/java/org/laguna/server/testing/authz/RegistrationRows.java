package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.ADMIN;
import static org.laguna.server.testing.authz.Access.OPEN;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;
import java.util.Map;

/**
 * Self-registration: the terms are open; registering needs the person's OIDC access token (no
 * account yet); the waiting registrations are for administrators.
 */
final class RegistrationRows {
    private static final String UNKNOWN = "00000000-0000-0000-0000-000000000001";

    private RegistrationRows() {
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("GET /register/terms", OPEN, f -> Call.of("/register/terms")),
                row("POST /register", OPEN, f -> Call.of("/register", Map.of("accept_terms", "v1"))),
                row("GET /register/pending", ADMIN, f -> Call.of("/register/pending")),
                row("POST /register/{id}/approve", ADMIN, f -> Call.of("/register/" + UNKNOWN + "/approve", Map.of())),
                row("POST /register/{id}/deny", ADMIN, f -> Call.of("/register/" + UNKNOWN + "/deny", Map.of())));
    }
}
