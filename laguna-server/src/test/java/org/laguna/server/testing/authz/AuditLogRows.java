package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.AUTHENTICATED;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;

/** The audit log: every account may list it, and sees its own entries only unless it is an administrator. */
final class AuditLogRows {
    private AuditLogRows() {
    }

    static List<MatrixEntry> entries() {
        return List.of(row("GET /audit", AUTHENTICATED, f -> Call.of("/audit?limit=10")));
    }
}
