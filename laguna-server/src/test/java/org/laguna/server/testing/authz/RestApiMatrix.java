package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.ADMIN;
import static org.laguna.server.testing.authz.Access.AUTHENTICATED;
import static org.laguna.server.testing.authz.Access.OPEN;
import static org.laguna.server.testing.authz.Access.OWNER;
import static org.laguna.server.testing.authz.Fixtures.expect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The expected permission of every REST route, after the generic policy (Rucio's): reads of the
 * catalogue are open to every account; an account writes only in its own scopes, manages only its
 * own rules and creates scopes only for itself; accounts, identities, limits, RSEs, transfer limits,
 * replica states declared bad and the daemons' heartbeats are for administrators; an account's
 * usage and the transfer queue are seen only by the account itself and administrators.
 */
public final class RestApiMatrix {
    /**
     * Routes whose outcome is settled elsewhere: their rows state the intended outcome but are not
     * run. The signing rows still ask a POSIX RSE, which signs nothing (404 for every caller); they
     * need an RSE whose protocol signs before they can leave this set. The X.509 logins need a
     * client certificate on the HTTPS listener; X509AuthApiTest covers them. The web interface's routes authenticate by
     * session cookie, not by token: see {@link UiRows}.
     */
    public static final Set<String> KNOWN_ELSEWHERE = Stream.of(Set.of(
            "GET /credentials/signurl",
            "GET /credentials/signur",
            "GET /auth/x509",
            "GET /auth/x509_proxy",
            // self-registration needs an OIDC provider's token and a pending registration: SelfRegistrationApiTest
            "POST /register",
            "POST /register/{id}/approve",
            "POST /register/{id}/deny"),
            OidcLoginRows.KNOWN_ELSEWHERE, CredentialRows.KNOWN_ELSEWHERE, Set.copyOf(UiRows.ROUTES), Set.copyOf(UiRuleRows.ROUTES),
            UiAdminRows.ROUTES, Set.copyOf(UiOversightRows.ROUTES)).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());

    private RestApiMatrix() {
    }

    static MatrixEntry row(String route, Access access, Function<Fixtures, Call> request) {
        return new MatrixEntry(route, "", access, request);
    }

    static MatrixEntry row(String route, String label, Access access, Function<Fixtures, Call> request) {
        return new MatrixEntry(route, label, access, request);
    }

    /** Every row. */
    public static List<MatrixEntry> entries() {
        List<MatrixEntry> rows = new ArrayList<>();
        rows.addAll(open());
        rows.addAll(AccountRows.entries());
        rows.addAll(DidRows.entries());
        rows.addAll(RseRows.entries());
        rows.addAll(RuleRows.entries());
        rows.addAll(SubscriptionRows.entries());
        rows.addAll(transfers());
        rows.addAll(AdministrationRows.entries());
        rows.addAll(OidcLoginRows.entries());
        rows.addAll(AuditLogRows.entries());
        rows.addAll(RegistrationRows.entries());
        rows.addAll(GroupRows.entries());
        rows.addAll(ArchiveAndDiracRows.entries());
        rows.addAll(EventRows.entries());
        rows.addAll(CredentialRows.entries());
        rows.addAll(WebhookRows.entries());
        rows.addAll(VoRows.entries());
        return rows;
    }

    private static List<MatrixEntry> open() {
        return List.of(
                row("GET /ping", OPEN, f -> Call.of("/ping")),
                row("GET /health", OPEN, f -> Call.of("/health")),
                row("GET /metrics", ADMIN, f -> Call.of("/metrics")),
                row("GET /auth/userpass", OPEN, f -> Call.of("/auth/userpass").withHeaders(Map.of("X-Rucio-Account", f.owner(),
                        "X-Rucio-Username", f.owner(), "X-Rucio-Password", Fixtures.PASSWORD))),
                row("GET /auth/x509", OPEN, f -> Call.of("/auth/x509").withHeaders(Map.of("X-Rucio-Account", f.owner()))),
                row("GET /auth/x509_proxy", OPEN, f -> Call.of("/auth/x509_proxy").withHeaders(Map.of("X-Rucio-Account", f.owner()))),
                row("GET /auth/validate", AUTHENTICATED, f -> Call.of("/auth/validate")),
                row("GET /credentials/signurl", AUTHENTICATED, f -> Call.of("/credentials/signurl?rse=" + f.rse()
                        + "&url=" + "file%3A%2F%2Flocalhost%2Ftmp%2Fx&op=read")),
                row("GET /credentials/signur", AUTHENTICATED, f -> Call.of("/credentials/signur?rse=" + f.rse()
                        + "&url=" + "file%3A%2F%2Flocalhost%2Ftmp%2Fx&op=read")),
                row("GET /heartbeats", ADMIN, f -> Call.of("/heartbeats")),
                row("GET /export", ADMIN, f -> Call.of("/export")),

                row("GET /policy/explain", ADMIN, f -> Call.of("/policy/explain?account=" + f.owner() + "&action=add_did&scope=" + f.scope())));
    }

    private static List<MatrixEntry> transfers() {
        Function<Fixtures, Map<String, Object>> limit = f -> Map.of("rse_expression", f.rse2(), "activity", "User Subscriptions",
                "max_transfers", 5);
        return List.of(
                row("GET /requests/list", ADMIN, f -> Call.of("/requests/list?src_rse=" + f.rse() + "&dst_rse=" + f.rse2()
                        + "&request_states=Q")),
                row("GET /requests/history/list", ADMIN, f -> Call.of("/requests/history/list?src_rse=" + f.rse()
                        + "&dst_rse=" + f.rse2() + "&request_states=D")),
                row("GET /requests/metrics", AUTHENTICATED, f -> Call.of("/requests/metrics")),
                row("GET /requests/matrix", AUTHENTICATED, f -> Call.of("/requests/matrix?hours=24")),
                row("GET /requests/transfer_limits", ADMIN, f -> Call.of("/requests/transfer_limits")),
                row("PUT /requests/transfer_limits", ADMIN, f -> Call.of("/requests/transfer_limits", limit.apply(f))),
                row("DELETE /requests/transfer_limits", ADMIN, f -> {
                    expect(f.root().put("/requests/transfer_limits", limit.apply(f)), "transfer limit");
                    return Call.of("/requests/transfer_limits", Map.of("rse_expression", f.rse2(),
                            "activity", "User Subscriptions"));
                }),
                row("GET /requests/<rest>", "request of a DID", AUTHENTICATED,
                        f -> Call.of("/requests/" + f.scope() + "/" + f.file() + "/" + f.rse2())));
    }
}
