package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.ADMIN;
import static org.laguna.server.testing.authz.Access.AUTHENTICATED;
import static org.laguna.server.testing.authz.Fixtures.expect;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;
import java.util.Map;

/** The members of GROUP accounts: every account sees them, administrators change them. */
final class GroupRows {
    private GroupRows() {
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("GET /accounts/{account}/members", AUTHENTICATED, f -> Call.of("/accounts/" + group(f, true) + "/members")),
                row("GET /accounts/{account}/groups", AUTHENTICATED, f -> Call.of("/accounts/" + f.owner() + "/groups")),
                row("POST /accounts/{account}/members/{member}", ADMIN, f -> Call.of("/accounts/" + group(f, false) + "/members/"
                        + f.owner(), Map.of())),
                row("DELETE /accounts/{account}/members/{member}", ADMIN, f -> Call.of("/accounts/" + group(f, true) + "/members/"
                        + f.owner())));
    }

    /** A new GROUP account, with the owner as its member if asked. */
    private static String group(Fixtures f, boolean withOwner) {
        String group = f.fresh("azgroup");
        expect(f.root().post("/accounts/" + group, Map.of("type", "GROUP")), "group " + group);
        if (withOwner) {
            expect(f.root().post("/accounts/" + group + "/members/" + f.owner(), Map.of()), "member of " + group);
        }
        return group;
    }
}
