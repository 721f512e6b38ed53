package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.ADMIN;
import static org.laguna.server.testing.authz.Access.AUTHENTICATED;
import static org.laguna.server.testing.authz.Fixtures.expect;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;
import java.util.Map;

/**
 * Lifetime exceptions (any account asks and reads, administrators approve), the database
 * configuration (administrators only) and metadata conventions (every account reads,
 * administrators add keys and values).
 */
final class AdministrationRows {
    private AdministrationRows() {
    }

    private static Map<String, Object> exceptionRequest(Fixtures f) {
        return Map.of("dids", List.of(Map.of("scope", f.scope(), "name", f.dataset())), "comments", "matrix");
    }

    /** A new lifetime exception asked by root; its id. */
    private static String exception(Fixtures f) {
        return expect(f.root().post("/lifetime_exceptions/", exceptionRequest(f)), "lifetime exception").json()
                .get("exceptions").fieldNames().next();
    }

    /** A new configuration section with one option, set by root; its name. */
    private static String section(Fixtures f) {
        String section = f.fresh("section");
        expect(f.root().put("/config/" + section + "/option/1", null), "configuration option");
        return section;
    }

    /** A new metadata convention key, added by root; its name. */
    private static String key(Fixtures f) {
        String key = f.fresh("key");
        expect(f.root().post("/meta_conventions/" + key, Map.of("key_type", "ALL")), "metadata convention key");
        return key;
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("GET /lifetime_exceptions", AUTHENTICATED, f -> Call.of("/lifetime_exceptions/")),
                row("POST /lifetime_exceptions", AUTHENTICATED, f -> Call.of("/lifetime_exceptions/", exceptionRequest(f))),
                row("GET /lifetime_exceptions/{id}", AUTHENTICATED, f -> Call.of("/lifetime_exceptions/" + exception(f))),
                row("PUT /lifetime_exceptions/{id}", ADMIN, f -> Call.of("/lifetime_exceptions/" + exception(f), Map.of("state", "A"))),
                row("GET /config", ADMIN, f -> Call.of("/config")),
                row("POST /config", ADMIN, f -> Call.of("/config", Map.of(f.fresh("section"), Map.of("option", "1")))),
                row("GET /config/{section}", ADMIN, f -> Call.of("/config/" + section(f))),
                row("DELETE /config/{section}", ADMIN, f -> Call.of("/config/" + section(f))),
                row("GET /config/{section}/{option}", ADMIN, f -> Call.of("/config/" + section(f) + "/option")),
                row("DELETE /config/{section}/{option}", ADMIN, f -> Call.of("/config/" + section(f) + "/option")),
                row("PUT /config/{section}/{option}/{value}", ADMIN, f -> Call.of("/config/" + f.fresh("section") + "/option/2")),
                row("GET /meta_conventions", AUTHENTICATED, f -> Call.of("/meta_conventions/")),
                row("GET /meta_conventions/{key}", AUTHENTICATED, f -> Call.of("/meta_conventions/" + key(f) + "/")),
                row("POST /meta_conventions/{key}", "add a key", ADMIN, f -> Call.of("/meta_conventions/" + f.fresh("key"),
                        Map.of("key_type", "ALL"))),
                row("POST /meta_conventions/{key}", "add a value", ADMIN, f -> Call.of("/meta_conventions/" + key(f) + "/",
                        Map.of("value", f.fresh("value")))));
    }
}
