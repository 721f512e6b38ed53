package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.SUPER_ROOT;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;
import java.util.Map;

/** The VOs of a server of several VOs: managed by super_root of the default VO only, never by a root. */
final class VoRows {
    private VoRows() {
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("GET /vos", SUPER_ROOT, f -> Call.of("/vos")),
                row("POST /vos/{vo}", SUPER_ROOT, f -> Call.of("/vos/" + f.fresh("v").substring(0, 3),
                        Map.of("description", "matrix", "email", "vo@example.org"))),
                row("PUT /vos/{vo}", SUPER_ROOT, f -> Call.of("/vos/def", Map.of("description", "renamed"))),
                row("POST /vos/{vo}/recover", SUPER_ROOT, f -> Call.of("/vos/def/recover", Map.of("identity", f.fresh("vorec"),
                        "authtype", "USERPASS", "password", Fixtures.PASSWORD, "email", "vo@example.org"))));
    }
}
