package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.ADMIN;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;

/** The outbox of events: pending and sent messages are for administrators only. */
final class EventRows {
    private EventRows() {
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("GET /messages", ADMIN, f -> Call.of("/messages")),
                row("GET /messages", "the history", ADMIN, f -> Call.of("/messages?sent=true&event_type=RULE_OK")));
    }
}
