package org.laguna.core.storage;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseRepository;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.SignedUrls;
import org.laguna.spi.storage.StorageProtocol;

/**
 * Rucio's {@code /credentials/signurl}: a short-lived URL for one operation on one object of an
 * RSE, signed with credentials that stay on the server. The permission policy decides who gets
 * one, knowing which file the object belongs to (see {@link SignedUrlAccess}); the lifetime is at
 * most {@code security.signurl-max-lifetime}.
 */
public final class SigningService {
    private static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);
    private static final List<String> OPERATIONS = List.of("read", "write", "delete");

    private final Database database;
    private final ServerStorage storage;
    private final Duration maxLifetime;
    private final RseRepository rses = new RseRepository();
    private final SignedUrlAccess access;

    public SigningService(Database database, ServerStorage storage, Permissions permissions, Duration maxLifetime) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.storage = Objects.requireNonNull(storage, "storage is null");
        this.maxLifetime = Objects.requireNonNull(maxLifetime, "maxLifetime is null");
        this.access = new SignedUrlAccess(permissions, rses);
    }

    /** The lifetime of a URL when the request names none: ten minutes, or the maximum if that is shorter. */
    public Duration defaultLifetime() {
        return DEFAULT_LIFETIME.compareTo(maxLifetime) < 0 ? DEFAULT_LIFETIME : maxLifetime;
    }

    /** Throws ValueError unless the lifetime is 1 second to the configured maximum. */
    public void requireLifetime(Duration lifetime) {
        if (lifetime.toSeconds() < 1 || lifetime.compareTo(maxLifetime) > 0) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Parameter \"lifetime\" must be 1 to " + maxLifetime.toSeconds()
                    + " seconds (security.signurl-max-lifetime), got " + lifetime.toSeconds());
        }
    }

    public URI sign(Caller caller, String rseName, String url, String operation, Duration lifetime) {
        requireLifetime(lifetime);
        if (!OPERATIONS.contains(operation)) {
            throw new LagunaException(ErrorCode.VALUE_ERROR,
                    "Parameter \"op\" must be either empty (which defaults to \"read\"), \"read\", \"write\", or \"delete\".");
        }
        record Target(RseProtocol protocol, List<String> segments) {
        }
        Target target = database.readOnly(tx -> {
            Rse rse = rses.require(tx, caller.vo(), rseName);
            URI uri = parse(url);
            List<String> segments = StoragePaths.objectSegments(uri.getRawPath());
            for (RseProtocol candidate : rses.protocols(tx, rse.id())) {
                Optional<String> path = storage.supports(candidate.scheme()) ? pathBelow(candidate, uri, segments) : Optional.empty();
                if (path.isPresent()) {
                    access.check(tx, caller, rse, path.get(), operation);
                    return new Target(candidate, segments);
                }
            }
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "No protocol of RSE " + rseName + " can sign " + url);
        });
        RseProtocol protocol = target.protocol();
        String pfn = protocol.scheme() + "://" + protocol.hostname() + ":" + protocol.port() + "/" + String.join("/", target.segments());
        StorageProtocol opened = storage.open(rseName, protocol);
        if (!(opened instanceof SignedUrls signer)) {
            throw new LagunaException(ErrorCode.RSE_OPERATION_NOT_SUPPORTED, "The " + protocol.scheme() + " storage of " + rseName
                    + " cannot sign URLs");
        }
        return signer.signedUrl(pfn, operation, lifetime);
    }

    /** True if a plugin on the class path can sign URLs of this scheme (it says so: {@code StorageProtocolFactory.canSignUrls}). */
    public boolean canSign(String scheme) {
        return storage.canSignUrls(scheme);
    }

    static URI parse(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new IllegalArgumentException("no scheme or host");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Parameter \"url\" is not a URL: " + url);
        }
    }

    /**
     * The object's path below the protocol's prefix, if the URL is one of this protocol: its PFN
     * form ({@code s3://host:port/...}) or the HTTP form of the same endpoint.
     */
    static Optional<String> pathBelow(RseProtocol protocol, URI uri, List<String> segments) {
        boolean sameHost = uri.getHost().equals(protocol.hostname());
        boolean samePort = uri.getPort() == protocol.port() || uri.getPort() == -1;
        boolean sameScheme = uri.getScheme().equals(protocol.scheme()) || uri.getScheme().equals("https") || uri.getScheme().equals("http");
        if (!sameHost || !samePort || !sameScheme) {
            return Optional.empty();
        }
        return StoragePaths.below(StoragePaths.prefixSegments(protocol.prefix()), segments);
    }
}
