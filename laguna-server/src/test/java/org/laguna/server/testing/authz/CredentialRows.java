package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.AUTHENTICATED;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.List;
import java.util.Set;

/**
 * Storage tokens for a client's own operation on one object: any account may ask, and the permission policy then
 * decides per object as for a signed URL. The matrix server's RSEs take no tokens (every caller gets 404), so the row is
 * settled by StorageTokenExchangeTest against a token-checking storage and a real OIDC provider.
 */
final class CredentialRows {
    /** The rows settled by StorageTokenExchangeTest. */
    static final Set<String> KNOWN_ELSEWHERE = Set.of("GET /credentials/token");

    private CredentialRows() {
    }

    static List<MatrixEntry> entries() {
        return List.of(row("GET /credentials/token", AUTHENTICATED, f -> Call.of("/credentials/token?rse=" + f.rse()
                + "&url=file%3A%2F%2Flocalhost%2Ftmp%2Fx&op=read")));
    }
}
