package org.laguna.core.storage;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.storage.ServerStorage.IssuedStorageToken;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageTokens.Access;

/**
 * {@code GET /credentials/token}: a bearer token for a client's own upload, download or deletion of one object on a
 * token-protected RSE protocol, the token counterpart of a signed URL. The permission policy decides who gets one, as
 * for a signed URL of the same operation ({@link SignedUrlAccess}); the token's audience is the storage endpoint and
 * its scope the object's path ({@code storage.read} to read, {@code storage.create} to write, {@code storage.modify}
 * to delete). A user who authenticated with an access token of the protocol's issuer, where that issuer exchanges
 * tokens, gets the user's own token by RFC 8693 exchange; otherwise the server's client credentials obtain it
 * ({@link ServerStorage#userToken}).
 */
public final class StorageTokenService {
    private static final List<String> OPERATIONS = List.of("read", "write", "delete");

    private final Database database;
    private final ServerStorage storage;
    private final RseRepository rses = new RseRepository();
    private final SignedUrlAccess access;

    public StorageTokenService(Database database, ServerStorage storage, Permissions permissions) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.storage = Objects.requireNonNull(storage, "storage is null");
        this.access = new SignedUrlAccess(Objects.requireNonNull(permissions, "permissions is null"), rses);
    }

    /**
     * @param userToken the access token the caller authenticated with, when that is an OIDC access token (a JWT)
     */
    public IssuedStorageToken token(Caller caller, Optional<String> userToken, String rseName, String url, String operation) {
        if (!OPERATIONS.contains(operation)) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Parameter \"op\" must be either empty (which defaults to \"read\"), \"read\", "
                    + "\"write\", or \"delete\".");
        }
        URI uri = SigningService.parse(url);
        List<String> segments = StoragePaths.objectSegments(uri.getRawPath());
        RseProtocol protocol = database.readOnly(tx -> {
            Rse rse = rses.require(tx, caller.vo(), rseName);
            for (RseProtocol candidate : rses.protocols(tx, rse.id())) {
                Optional<String> path = ServerStorage.takesTokens(candidate) ? SigningService.pathBelow(candidate, uri, segments) : Optional.empty();
                if (path.isPresent()) {
                    access.check(tx, caller, rse, path.get(), operation);
                    return candidate;
                }
            }
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "No token-protected protocol of RSE " + rseName + " serves " + url);
        });
        String pfn = protocol.scheme() + "://" + protocol.hostname() + ":" + protocol.port() + "/" + String.join("/", segments);
        Set<Access> wanted = switch (operation) {
            case "write" -> EnumSet.of(Access.CREATE);
            case "delete" -> EnumSet.of(Access.MODIFY);
            default -> EnumSet.of(Access.READ);
        };
        // only a caller that authenticated with a JWT (no token of Laguna's own) has a token the issuer can exchange
        Optional<String> exchangeable = caller.tokenHash() == null || caller.tokenHash().isEmpty() ? userToken : Optional.empty();
        return storage.userToken(rseName, protocol, pfn, wanted, caller.identity(), exchangeable);
    }
}
