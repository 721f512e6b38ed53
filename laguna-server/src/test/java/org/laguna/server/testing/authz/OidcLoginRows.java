package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.OPEN;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OIDC login routes: open to everyone, since they are how a caller gets a token. The matrix
 * server has no provider, so only the refresh row runs here (a token without a refresh grant gets
 * no new one, whoever asks); OidcLoginApiTest covers the others against a real provider.
 */
final class OidcLoginRows {
    /** The rows settled by OidcLoginApiTest. */
    static final Set<String> KNOWN_ELSEWHERE = Set.of("GET /auth/oidc", "GET /auth/oidc_redirect", "GET /auth/oidc_code", "GET /auth/oidc_token",
            "GET /auth/oidc_device");

    private OidcLoginRows() {
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("GET /auth/oidc", OPEN, f -> Call.of("/auth/oidc").withHeaders(Map.of("X-Rucio-Account", f.owner(),
                        "X-Rucio-Client-Authorize-Polling", "True"))),
                row("GET /auth/oidc_redirect", OPEN, f -> Call.of("/auth/oidc_redirect?matrix-key")),
                row("GET /auth/oidc_code", OPEN, f -> Call.of("/auth/oidc_code?state=matrix-state&code=matrix-code")),
                row("GET /auth/oidc_token", OPEN, f -> Call.of("/auth/oidc_token?state=matrix-state&code=matrix-code")),
                row("GET /auth/oidc_device", OPEN, f -> Call.of("/auth/oidc_device").withHeaders(Map.of("X-Rucio-Account", f.owner()))),
                row("GET /auth/oidc_refresh", OPEN, f -> Call.of("/auth/oidc_refresh").withHeaders(Map.of("X-Rucio-Account", f.owner(),
                        "X-Rucio-Auth-Token", "a-token-without-refresh-grant"))));
    }
}
