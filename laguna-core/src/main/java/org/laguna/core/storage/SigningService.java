package org.laguna.core.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseRepository;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.SignedUrls;
import org.laguna.spi.storage.StorageProtocol;

/**
 * Rucio's {@code /credentials/signurl}: a short-lived URL for one operation on one object of an
 * RSE, signed with credentials that stay on the server.
 */
public final class SigningService {
    public static final Duration MAX_LIFETIME = Duration.ofDays(7);

    private final Database database;
    private final ServerStorage storage;
    private final RseRepository rses = new RseRepository();

    public SigningService(Database database, ServerStorage storage) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.storage = Objects.requireNonNull(storage, "storage is null");
    }

    public URI sign(Caller caller, String rseName, String url, String operation, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "lifetime must be 1 second to 7 days, got " + lifetime.toSeconds() + " s");
        }
        if (!operation.equals("read") && !operation.equals("write") && !operation.equals("delete")) {
            throw new LagunaException(ErrorCode.VALUE_ERROR,
                    "Parameter \"op\" must be either empty (which defaults to \"read\"), \"read\", \"write\", or \"delete\".");
        }
        record Target(Rse rse, RseProtocol protocol) {
        }
        Target target = database.readOnly(tx -> {
            Rse rse = rses.require(tx, caller.vo(), rseName);
            for (RseProtocol protocol : rses.protocols(tx, rse.id())) {
                if (storage.supports(protocol.scheme()) && matches(protocol, url)) {
                    return new Target(rse, protocol);
                }
            }
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "No protocol of RSE " + rseName + " can sign " + url);
        });
        RseProtocol protocol = target.protocol();
        String pfn = protocol.scheme() + "://" + protocol.hostname() + ":" + protocol.port() + pathOf(url);
        StorageProtocol opened = storage.open(rseName, protocol);
        if (!(opened instanceof SignedUrls signer)) {
            throw new LagunaException(ErrorCode.RSE_OPERATION_NOT_SUPPORTED, "The " + protocol.scheme() + " storage of " + rseName
                    + " cannot sign URLs");
        }
        return signer.signedUrl(pfn, operation, lifetime);
    }

    /** True if a plugin on the class path can sign URLs of this scheme. */
    public boolean canSign(String scheme) {
        return scheme.equals("s3") || scheme.equals("s3s");
    }

    /** A URL of this protocol: its PFN form ({@code s3://host:port/...}) or the HTTP form of the same endpoint. */
    private static boolean matches(RseProtocol protocol, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Parameter \"url\" is not a URL: " + url);
        }
        if (uri.getHost() == null || !uri.getHost().equals(protocol.hostname())) {
            return false;
        }
        boolean samePort = uri.getPort() == protocol.port() || uri.getPort() == -1;
        boolean sameScheme = uri.getScheme().equals(protocol.scheme()) || uri.getScheme().equals("https") || uri.getScheme().equals("http");
        String prefix = protocol.prefix().startsWith("/") ? protocol.prefix() : "/" + protocol.prefix();
        return samePort && sameScheme && uri.getRawPath() != null && uri.getRawPath().startsWith(prefix);
    }

    private static String pathOf(String url) {
        return URI.create(url).getRawPath();
    }
}
