package org.laguna.core.storage;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.laguna.core.auth.oidc.StorageTokenClient;
import org.laguna.core.db.JsonValues;
import org.laguna.core.rse.RseProtocol;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.SignedUrls;
import org.laguna.spi.storage.StorageEndpoint;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StorageProtocols;
import org.laguna.spi.storage.StorageTokens;
import org.laguna.spi.storage.StorageTokens.Access;

/**
 * The server's own connections to storage, through the storage plugins and with the server's
 * storage credentials (which never leave it): used by the transfers, later by deletion. One open
 * connection per RSE endpoint, kept until {@link #close()}. A protocol configured for tokens
 * ({@link StorageTokenSettings}) is opened with a token per operation, obtained from its issuer with the server's
 * client ({@link StorageTokenClient}), audience the endpoint and scope the operation's path.
 */
public final class ServerStorage implements AutoCloseable {
    private final StorageCredentials credentials;
    private final StorageProtocols plugins;
    private final Optional<StorageTokenClient> tokens;
    private final Map<String, StorageProtocol> open = new ConcurrentHashMap<>();
    /** Per RSE, the PFN prefix of each endpoint opened so far (for {@link #openPfn}). */
    private final Map<String, Map<String, StorageProtocol>> byPfnPrefix = new ConcurrentHashMap<>();

    public ServerStorage(StorageCredentials credentials, StorageProtocols plugins) {
        this(credentials, plugins, Optional.empty());
    }

    public ServerStorage(StorageCredentials credentials, StorageProtocols plugins, Optional<StorageTokenClient> tokens) {
        this.credentials = Objects.requireNonNull(credentials, "credentials is null");
        this.plugins = Objects.requireNonNull(plugins, "plugins is null");
        this.tokens = Objects.requireNonNull(tokens, "tokens is null");
    }

    public boolean supports(String scheme) {
        return plugins.supports(scheme);
    }

    /** Whether a storage plugin on the class path can sign URLs of this scheme. */
    public boolean canSignUrls(String scheme) {
        return plugins.canSignUrls(scheme);
    }

    /** The connection to one protocol endpoint of an RSE. */
    public StorageProtocol open(String rse, RseProtocol protocol) {
        if (!plugins.supports(protocol.scheme())) {
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "No storage plugin for scheme " + protocol.scheme()
                    + " (RSE " + rse + ")");
        }
        String key = rse + " " + protocol.scheme() + "://" + protocol.hostname() + ":" + protocol.port() + " " + protocol.prefix();
        StorageProtocol connection = open.computeIfAbsent(key, k -> connect(rse, protocol));
        byPfnPrefix.computeIfAbsent(rse, r -> new ConcurrentHashMap<>()).putIfAbsent(protocol.pfn(""), connection);
        return connection;
    }

    /**
     * The connection of an RSE whose endpoint a PFN belongs to (the longest matching PFN prefix
     * among the endpoints opened with {@link #open}); for transfer tools that are given PFNs.
     */
    public StorageProtocol openPfn(String rse, String pfn) {
        StorageProtocol best = null;
        int length = -1;
        for (Map.Entry<String, StorageProtocol> e : byPfnPrefix.getOrDefault(rse, Map.of()).entrySet()) {
            if (pfn.startsWith(e.getKey()) && e.getKey().length() > length) {
                best = e.getValue();
                length = e.getKey().length();
            }
        }
        if (best == null) {
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "No open storage endpoint of RSE " + rse + " serves " + pfn);
        }
        return best;
    }

    private StorageProtocol connect(String rse, RseProtocol protocol) {
        Map<String, Object> attributes = attributes(protocol);
        StorageEndpoint endpoint = new StorageEndpoint(rse, protocol.scheme(), protocol.hostname(), protocol.port(), protocol.prefix(),
                attributes);
        Optional<StorageTokenSettings> settings = StorageTokenSettings.of(rse, protocol.hostname(), attributes);
        return settings.isEmpty() ? plugins.open(endpoint, credentials.forRse(rse))
                : plugins.open(endpoint, credentials.forRse(rse), tokens(settings.get()));
    }

    /** The tokens of an endpoint: obtained on each call (the client caches them), so a failure shows on the operation. */
    private StorageTokens tokens(StorageTokenSettings settings) {
        return (pfn, access) -> {
            StorageTokenClient client = tokens.filter(c -> c.canObtainFrom(settings.issuer())).orElseThrow(() -> new LagunaException(
                    ErrorCode.STORAGE_ACCESS_DENIED, "RSE " + settings.rse() + " takes tokens of issuer '" + settings.issuer()
                            + "', but the server has no client there (auth.oidc." + settings.issuer() + ".client-id)"));
            return client.token(settings.issuer(), settings.audience(), settings.scope(pfn, access));
        };
    }

    /**
     * For a transfer tool that copies by third party (FTS3): the token of a file's source (read) or destination (write:
     * {@code storage.modify} and {@code storage.read}, as Rucio asks for FTS3) on a token-protected protocol; empty for
     * any other protocol.
     */
    public Optional<String> transferToken(String rse, RseProtocol protocol, String pfn, boolean destination) {
        return StorageTokenSettings.of(rse, protocol.hostname(), attributes(protocol)).map(settings -> tokens(settings).bearer(pfn,
                destination ? EnumSet.of(Access.READ, Access.MODIFY) : EnumSet.of(Access.READ)));
    }

    /** A storage token handed to a client: the token, its audience and scope, and how it was obtained. */
    public record IssuedStorageToken(String token, String audience, String scope, String grant) {
        public static final String EXCHANGE = "token-exchange";
        public static final String CLIENT_CREDENTIALS = "client-credentials";

        @Override
        public String toString() {
            return "IssuedStorageToken[audience=" + audience + ", scope=" + scope + ", grant=" + grant + ", token=(hidden)]";
        }
    }

    /**
     * A token for a client's own operation on a token-protected protocol (an upload or download the client makes
     * itself), audience the endpoint and scope the PFN's path. When the caller authenticated with an access token of
     * the protocol's issuer and that issuer exchanges tokens ({@code auth.oidc.NAME.token-exchange}), the server
     * exchanges the caller's token (RFC 8693), so the storage sees the user's subject and the issuer decides whether
     * the user may have the scope; otherwise it obtains one with its own client credentials.
     *
     * @param identity the caller's identity ({@code SUB=..., ISS=...} for an OIDC caller)
     * @param userToken the caller's own access token (a JWT it authenticated with), or empty
     * @throws LagunaException {@code RSE_OPERATION_NOT_SUPPORTED} when the protocol takes no tokens; {@code STORAGE_ACCESS_DENIED}
     *     when the issuer refuses
     */
    public IssuedStorageToken userToken(String rse, RseProtocol protocol, String pfn, Set<Access> access, String identity,
            Optional<String> userToken) {
        StorageTokenSettings settings = StorageTokenSettings.of(rse, protocol.hostname(), attributes(protocol)).orElseThrow(() ->
                new LagunaException(ErrorCode.RSE_OPERATION_NOT_SUPPORTED, "The " + protocol.scheme() + " protocol of RSE " + rse
                        + " takes no tokens (its extended attributes do not say auth: token)"));
        String scope = settings.scope(pfn, access);
        StorageTokenClient client = tokens.filter(c -> c.canObtainFrom(settings.issuer())).orElseThrow(() -> new LagunaException(
                ErrorCode.STORAGE_ACCESS_DENIED, "RSE " + rse + " takes tokens of issuer '" + settings.issuer()
                        + "', but the server has no client there (auth.oidc." + settings.issuer() + ".client-id)"));
        if (userToken.isPresent() && client.exchanges(settings.issuer()) && client.issued(settings.issuer(), identity)) {
            return new IssuedStorageToken(client.exchange(settings.issuer(), userToken.get(), settings.audience(), scope), settings.audience(),
                    scope, IssuedStorageToken.EXCHANGE);
        }
        return new IssuedStorageToken(client.token(settings.issuer(), settings.audience(), scope), settings.audience(), scope,
                IssuedStorageToken.CLIENT_CREDENTIALS);
    }

    /**
     * For a transfer tool that copies by third party (FTS3): a pre-signed URL of a file's source (GET) or destination
     * (PUT) on a protocol whose plugin signs URLs (S3: its PFNs need the server's keys, which never leave it); empty for
     * any other protocol. The URL allows that one operation on that one object until the lifetime ends.
     *
     * @param bytes the file's size: a destination larger than one signed write can take is refused
     * @throws LagunaException {@code RSE_OPERATION_NOT_SUPPORTED} when the file is too large for one signed write
     */
    public Optional<URI> signedTransferUrl(String rse, RseProtocol protocol, String pfn, boolean destination, long bytes, Duration lifetime) {
        if (!plugins.canSignUrls(protocol.scheme()) || !(open(rse, protocol) instanceof SignedUrls signer)) {
            return Optional.empty();
        }
        if (destination && bytes > signer.maxSignedWriteBytes()) {
            throw new LagunaException(ErrorCode.RSE_OPERATION_NOT_SUPPORTED, "RSE " + rse + " (" + protocol.scheme() + ") takes at most "
                    + signer.maxSignedWriteBytes() + " bytes through one pre-signed PUT, and a third-party copy of " + bytes
                    + " bytes would need more; such files need the built-in transfer tool");
        }
        return Optional.of(signer.signedUrl(pfn, destination ? "write" : "read", lifetime));
    }

    /** Whether a protocol is configured for tokens ({@code auth: token} in its extended attributes). */
    public static boolean takesTokens(RseProtocol protocol) {
        return "token".equals(String.valueOf(attributes(protocol).get("auth")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> attributes(RseProtocol protocol) {
        if (protocol.extendedAttributesJson() == null) {
            return Map.of();
        }
        Object value = JsonValues.read(protocol.extendedAttributesJson());
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    @Override
    public void close() {
        open.values().forEach(StorageProtocol::close);
        open.clear();
        byPfnPrefix.clear();
    }
}
