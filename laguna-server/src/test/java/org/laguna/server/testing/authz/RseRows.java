package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.ADMIN;
import static org.laguna.server.testing.authz.Access.AUTHENTICATED;
import static org.laguna.server.testing.authz.Fixtures.expect;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** RSEs, their attributes, protocols, usage, limits and distances: read by all, written by administrators. */
final class RseRows {
    private static final Map<String, Object> PROTOCOL = Map.of("hostname", "localhost", "port", 0, "prefix", "/tmp/laguna-matrix/x",
            "impl", "laguna.posix");

    private RseRows() {
    }

    private static String freshRse(Fixtures f) {
        String rse = f.fresh("AZRSE").toUpperCase(Locale.ROOT);
        expect(f.root().post("/rses/" + rse, Map.of()), "RSE " + rse);
        return rse;
    }

    private static String freshRseWithProtocol(Fixtures f) {
        String rse = freshRse(f);
        expect(f.root().post("/rses/" + rse + "/protocols/file", PROTOCOL), "protocol");
        return rse;
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("GET /rses", AUTHENTICATED, f -> Call.of("/rses")),
                row("GET /rses/{rse}", AUTHENTICATED, f -> Call.of("/rses/" + f.rse())),
                row("POST /rses/{rse}/check", ADMIN, f -> Call.raw("/rses/" + f.rse2() + "/check", f.fresh("dark.") + "\n")),
                row("POST /rses/{rse}", ADMIN, f -> Call.of("/rses/" + f.fresh("AZNEW").toUpperCase(Locale.ROOT), Map.of())),
                row("PUT /rses/{rse}", ADMIN, f -> Call.of("/rses/" + f.rse(), Map.of("city", "Matrix"))),
                row("POST /import", ADMIN, f -> Call.of("/import", Map.of("rses", Map.of(f.rse(), Map.of("city", "Imported"))))),
                row("DELETE /rses/{rse}", ADMIN, f -> Call.of("/rses/" + freshRse(f))),
                row("GET /rses/{rse}/attr", AUTHENTICATED, f -> Call.of("/rses/" + f.rse() + "/attr")),
                row("POST /rses/{rse}/attr/{key}", ADMIN, f -> Call.of("/rses/" + f.rse() + "/attr/" + f.fresh("key"), Map.of("value", "v"))),
                row("DELETE /rses/{rse}/attr/{key}", ADMIN, f -> {
                    String key = f.fresh("key");
                    expect(f.root().post("/rses/" + f.rse() + "/attr/" + key, Map.of("value", "v")), "RSE attribute");
                    return Call.of("/rses/" + f.rse() + "/attr/" + key);
                }),
                row("GET /rses/{rse}/protocols", AUTHENTICATED, f -> Call.of("/rses/" + f.rse() + "/protocols")),
                row("GET /rses/{rse}/protocols/{scheme}", AUTHENTICATED, f -> Call.of("/rses/" + f.rse() + "/protocols/file")),
                row("POST /rses/{rse}/protocols/{scheme}", ADMIN, f -> Call.of("/rses/" + freshRse(f) + "/protocols/file", PROTOCOL)),
                row("PUT /rses/{rse}/protocols/{scheme}", ADMIN, f -> Call.of("/rses/" + f.rse() + "/protocols/file",
                        Map.of("domains", Map.of("wan", Map.of("read", 1))))),
                row("PUT /rses/{rse}/protocols/{scheme}/{hostname}", ADMIN, f -> Call.of("/rses/" + f.rse() + "/protocols/file/localhost",
                        Map.of("domains", Map.of("wan", Map.of("read", 1))))),
                row("PUT /rses/{rse}/protocols/{scheme}/{hostname}/{port}", ADMIN, f -> Call.of("/rses/" + f.rse()
                        + "/protocols/file/localhost/0", Map.of("domains", Map.of("wan", Map.of("read", 1))))),
                row("DELETE /rses/{rse}/protocols/{scheme}", ADMIN, f -> Call.of("/rses/" + freshRseWithProtocol(f) + "/protocols/file")),
                row("DELETE /rses/{rse}/protocols/{scheme}/{hostname}", ADMIN, f -> Call.of("/rses/" + freshRseWithProtocol(f)
                        + "/protocols/file/localhost")),
                row("DELETE /rses/{rse}/protocols/{scheme}/{hostname}/{port}", ADMIN, f -> Call.of("/rses/" + freshRseWithProtocol(f)
                        + "/protocols/file/localhost/0")),
                row("GET /rses/{rse}/lfns2pfns", AUTHENTICATED, f -> Call.of("/rses/" + f.rse() + "/lfns2pfns?lfns=" + f.scope() + ":"
                        + f.file())),
                row("GET /rses/{rse}/usage", AUTHENTICATED, f -> Call.of("/rses/" + f.rse() + "/usage")),
                row("PUT /rses/{rse}/usage", ADMIN, f -> Call.of("/rses/" + f.rse() + "/usage", Map.of("source", "storage", "used", 1,
                        "free", 1))),
                row("GET /rses/{rse}/accounts/usage", AUTHENTICATED, f -> Call.of("/rses/" + f.rse() + "/accounts/usage")),
                row("GET /rses/{rse}/usage/history", AUTHENTICATED, f -> Call.of("/rses/" + f.rse() + "/usage/history")),
                row("GET /rses/{rse}/qos_policy", AUTHENTICATED, f -> Call.of("/rses/" + f.rse() + "/qos_policy")),
                row("POST /rses/{rse}/qos_policy/{policy}", ADMIN, f -> Call.of("/rses/" + f.rse() + "/qos_policy/" + f.fresh("QOS_"),
                        Map.of())),
                row("DELETE /rses/{rse}/qos_policy/{policy}", ADMIN, f -> Call.of("/rses/" + f.rse() + "/qos_policy/SLOW")),
                row("GET /rses/{rse}/limits", AUTHENTICATED, f -> Call.of("/rses/" + f.rse() + "/limits")),
                row("PUT /rses/{rse}/limits", ADMIN, f -> Call.of("/rses/" + f.rse() + "/limits", Map.of("name", "MinFreeSpace", "value", 1))),
                row("DELETE /rses/{rse}/limits", ADMIN, f -> {
                    String rse = freshRse(f);
                    expect(f.root().put("/rses/" + rse + "/limits", Map.of("name", "MinFreeSpace", "value", 1)), "RSE limit");
                    return Call.of("/rses/" + rse + "/limits", Map.of("name", "MinFreeSpace"));
                }),
                row("GET /rses/{source}/distances/{destination}", AUTHENTICATED, f -> Call.of("/rses/" + f.rse() + "/distances/" + f.rse2())),
                row("POST /rses/{source}/distances/{destination}", ADMIN, f -> Call.of("/rses/" + freshRse(f) + "/distances/" + f.rse(),
                        Map.of("distance", 1))),
                row("PUT /rses/{source}/distances/{destination}", ADMIN, f -> Call.of("/rses/" + f.rse() + "/distances/" + f.rse2(),
                        Map.of("distance", 1))),
                row("DELETE /rses/{source}/distances/{destination}", ADMIN, f -> {
                    String rse = freshRse(f);
                    expect(f.root().post("/rses/" + rse + "/distances/" + f.rse(), Map.of("distance", 1)), "distance");
                    return Call.of("/rses/" + rse + "/distances/" + f.rse());
                }));
    }
}
