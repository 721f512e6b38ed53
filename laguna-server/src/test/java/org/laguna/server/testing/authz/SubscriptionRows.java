package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.AUTHENTICATED;
import static org.laguna.server.testing.authz.Access.OWNER;
import static org.laguna.server.testing.authz.Fixtures.expect;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;
import java.util.Map;

/** Subscriptions: reading is open to every account; the owner is the subscription's account. */
final class SubscriptionRows {
    private SubscriptionRows() {
    }

    static Map<String, Object> body(Fixtures f) {
        return Map.of("options", Map.of("filter", Map.of("scope", List.of(f.scope())),
                "replication_rules", List.of(Map.of("copies", 1, "rse_expression", f.rse())),
                "comments", "matrix", "lifetime", 1, "retroactive", false, "dry_run", false));
    }

    /** A new subscription of the owner, made by root; its name. */
    private static String owned(Fixtures f) {
        String name = f.fresh("sub");
        expect(f.root().post("/subscriptions/" + f.owner() + "/" + name, body(f)), "subscription");
        return name;
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("POST /subscriptions/{account}/{name}", OWNER, f -> Call.of("/subscriptions/" + f.owner() + "/" + f.fresh("sub"), body(f))),
                row("PUT /subscriptions/{account}/{name}", OWNER, f -> Call.of("/subscriptions/" + f.owner() + "/" + owned(f),
                        Map.of("options", Map.of("comments", "changed")))),
                row("GET /subscriptions", AUTHENTICATED, f -> {
                    owned(f);
                    return Call.of("/subscriptions");
                }),
                row("GET /subscriptions/", AUTHENTICATED, f -> {
                    owned(f);
                    return Call.of("/subscriptions/");
                }),
                row("GET /subscriptions/{account}", AUTHENTICATED, f -> {
                    owned(f);
                    return Call.of("/subscriptions/" + f.owner());
                }),
                row("GET /subscriptions/{account}/{name}", AUTHENTICATED, f -> Call.of("/subscriptions/" + f.owner() + "/" + owned(f))),
                row("GET /subscriptions/name/{name}", AUTHENTICATED, f -> Call.of("/subscriptions/name/" + owned(f))),
                row("GET /subscriptions/Name/{name}", AUTHENTICATED, f -> Call.of("/subscriptions/Name/" + owned(f))),
                row("GET /subscriptions/id/{id}", AUTHENTICATED, f -> Call.of("/subscriptions/id/" + idOf(f, owned(f)))),
                row("GET /subscriptions/Id/{id}", AUTHENTICATED, f -> Call.of("/subscriptions/Id/" + idOf(f, owned(f)))),
                row("GET /subscriptions/{account}/{name}/rules", AUTHENTICATED,
                        f -> Call.of("/subscriptions/" + f.owner() + "/" + owned(f) + "/rules")),
                row("GET /subscriptions/{account}/{name}/Rules", AUTHENTICATED,
                        f -> Call.of("/subscriptions/" + f.owner() + "/" + owned(f) + "/Rules")),
                row("GET /subscriptions/{account}/{name}/rules/states", AUTHENTICATED,
                        f -> Call.of("/subscriptions/" + f.owner() + "/" + owned(f) + "/rules/states")),
                row("GET /subscriptions/{account}/{name}/Rules/States", AUTHENTICATED,
                        f -> Call.of("/subscriptions/" + f.owner() + "/" + owned(f) + "/Rules/States")),
                row("GET /subscriptions/{account}/rules/states", AUTHENTICATED,
                        f -> Call.of("/subscriptions/" + f.owner() + "/rules/states")),
                row("GET /subscriptions/{account}/Rules/States", AUTHENTICATED,
                        f -> Call.of("/subscriptions/" + f.owner() + "/Rules/States")));
    }

    private static String idOf(Fixtures f, String name) {
        return f.root().get("/subscriptions/" + f.owner() + "/" + name).lines().getFirst().get("id").asText();
    }
}
