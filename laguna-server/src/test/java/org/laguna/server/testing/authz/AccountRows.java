package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.ADMIN;
import static org.laguna.server.testing.authz.Access.AUTHENTICATED;
import static org.laguna.server.testing.authz.Access.OWNER;
import static org.laguna.server.testing.authz.Fixtures.expect;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;
import java.util.Map;

/** Accounts, their attributes, scopes, identities, limits and usage; the owner is the account itself. */
final class AccountRows {
    private AccountRows() {
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("GET /accounts", AUTHENTICATED, f -> Call.of("/accounts")),
                row("GET /accounts/whoami", AUTHENTICATED, f -> Call.of("/accounts/whoami")),
                row("GET /accounts/{account}", AUTHENTICATED, f -> Call.of("/accounts/" + f.owner())),
                row("POST /accounts/{account}", ADMIN, f -> Call.of("/accounts/" + f.fresh("aznew"), Map.of("type", "USER"))),
                row("PUT /accounts/{account}", ADMIN, f -> Call.of("/accounts/" + f.owner(), Map.of("email", "changed@example.org"))),
                row("DELETE /accounts/{account}", ADMIN, f -> {
                    String account = f.fresh("azdel");
                    f.newAccount(account);
                    return Call.of("/accounts/" + account).ownedBy(() -> f.login(account));
                }),
                row("GET /accounts/{account}/attr", AUTHENTICATED, f -> Call.of("/accounts/" + f.owner() + "/attr")),
                row("POST /accounts/{account}/attr/{key}", ADMIN, f -> Call.of("/accounts/" + f.owner() + "/attr/" + f.fresh("key"),
                        Map.of("value", "v"))),
                row("DELETE /accounts/{account}/attr/{key}", ADMIN, f -> {
                    String key = f.fresh("key");
                    expect(f.root().post("/accounts/" + f.owner() + "/attr/" + key, Map.of("value", "v")), "attribute");
                    return Call.of("/accounts/" + f.owner() + "/attr/" + key);
                }),
                row("GET /accounts/{account}/scopes", AUTHENTICATED, f -> Call.of("/accounts/" + f.owner() + "/scopes")),
                row("POST /accounts/{account}/scopes/{scope}", OWNER, f -> Call.of("/accounts/" + f.owner() + "/scopes/"
                        + f.fresh("user.sc"), Map.of())),
                row("GET /accounts/{account}/identities", OWNER, f -> Call.of("/accounts/" + f.owner() + "/identities")),
                row("POST /accounts/{account}/identities", ADMIN, f -> Call.of("/accounts/" + f.owner() + "/identities",
                        Map.of("identity", f.fresh("id"), "authtype", "USERPASS", "password", Fixtures.PASSWORD))),
                row("DELETE /accounts/{account}/identities", ADMIN, f -> {
                    String identity = f.fresh("id");
                    expect(f.root().post("/accounts/" + f.owner() + "/identities", Map.of("identity", identity, "authtype", "USERPASS",
                            "password", Fixtures.PASSWORD)), "identity");
                    return Call.of("/accounts/" + f.owner() + "/identities", Map.of("identity", identity, "authtype", "USERPASS"));
                }),
                row("PUT /identities/{account}/userpass", ADMIN, f -> Call.of("/identities/" + f.owner() + "/userpass", Map.of())
                        .withHeaders(Map.of("X-Rucio-Username", f.fresh("id"), "X-Rucio-Password", Fixtures.PASSWORD))),
                row("GET /identities/{identity}/{type}/accounts", AUTHENTICATED, f -> Call.of("/identities/" + f.owner() + "/userpass/accounts")),
                row("GET /accounts/{account}/limits", AUTHENTICATED, f -> Call.of("/accounts/" + f.owner() + "/limits")),
                row("GET /accounts/{account}/limits/local", AUTHENTICATED, f -> Call.of("/accounts/" + f.owner() + "/limits/local")),
                row("GET /accounts/{account}/limits/{rse}", AUTHENTICATED, f -> Call.of("/accounts/" + f.owner() + "/limits/" + f.rse())),
                row("GET /accounts/{account}/limits/local/{rse}", AUTHENTICATED, f -> Call.of("/accounts/" + f.owner()
                        + "/limits/local/" + f.rse())),
                row("POST /accounts/{account}/limits/local/{rse}", ADMIN, f -> Call.of("/accounts/" + f.owner() + "/limits/local/"
                        + f.rse(), Map.of("bytes", 1_000_000_000_000L))),
                row("DELETE /accounts/{account}/limits/local/{rse}", ADMIN, f -> {
                    expect(f.root().post("/accounts/" + f.other() + "/limits/local/" + f.rse2(), Map.of("bytes", 10)), "limit");
                    return Call.of("/accounts/" + f.other() + "/limits/local/" + f.rse2());
                }),
                row("GET /accounts/{account}/limits/global/{expression}", AUTHENTICATED, f -> Call.of("/accounts/" + f.owner()
                        + "/limits/global/" + f.rse())),
                row("POST /accounts/{account}/limits/global/{expression}", ADMIN, f -> Call.of("/accounts/" + f.owner()
                        + "/limits/global/" + f.rse(), Map.of("bytes", 1_000_000_000_000L))),
                row("DELETE /accounts/{account}/limits/global/{expression}", ADMIN, f -> {
                    expect(f.root().post("/accounts/" + f.other() + "/limits/global/" + f.rse2(), Map.of("bytes", 10)), "global limit");
                    return Call.of("/accounts/" + f.other() + "/limits/global/" + f.rse2());
                }),
                row("GET /accounts/{account}/usage", OWNER, f -> Call.of("/accounts/" + f.owner() + "/usage")),
                row("GET /accounts/{account}/usage/local", OWNER, f -> Call.of("/accounts/" + f.owner() + "/usage/local")),
                row("GET /accounts/{account}/usage/history/{rse}", OWNER, f -> Call.of("/accounts/" + f.owner() + "/usage/history/"
                        + f.rse())),
                row("GET /accounts/{account}/usage/{rse}", OWNER, f -> Call.of("/accounts/" + f.owner() + "/usage/" + f.rse())),
                row("GET /accounts/{account}/usage/{rse}", "global", OWNER, f -> Call.of("/accounts/" + f.owner() + "/usage/global")),
                row("GET /accounts/{account}/usage/local/{rse}", OWNER, f -> Call.of("/accounts/" + f.owner() + "/usage/local/" + f.rse())),
                row("GET /accounts/{account}/rules", AUTHENTICATED, f -> Call.of("/accounts/" + f.owner() + "/rules")),
                row("GET /scopes", AUTHENTICATED, f -> Call.of("/scopes")),
                row("GET /scopes/owner", AUTHENTICATED, f -> Call.of("/scopes/owner")),
                row("GET /scopes/{account}/scopes", AUTHENTICATED, f -> Call.of("/scopes/" + f.owner() + "/scopes")),
                row("POST /scopes/{account}/{scope}", OWNER, f -> Call.of("/scopes/" + f.owner() + "/" + f.fresh("user.sc"), Map.of())),
                row("PUT /scopes/{account}/{scope}", ADMIN, f -> {
                    String scope = f.fresh("user.sc");
                    expect(f.root().post("/scopes/" + f.owner() + "/" + scope, Map.of()), "scope");
                    return Call.of("/scopes/" + f.other() + "/" + scope, Map.of());
                }));
    }
}
