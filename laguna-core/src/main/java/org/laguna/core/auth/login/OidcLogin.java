package org.laguna.core.auth.login;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.laguna.core.auth.AuthService;
import org.laguna.core.auth.IssuedToken;
import org.laguna.core.auth.RequestOrigin;
import org.laguna.core.auth.oidc.OidcClientSettings;
import org.laguna.core.auth.oidc.OidcConfig;
import org.laguna.core.auth.oidc.VerifiedToken;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Logins through an OIDC provider as the Rucio client makes them ({@code auth_type = oidc}):
 * {@link #start} records a pending login (state, nonce, PKCE verifier; state and the client's key
 * stored hashed) and answers the URL the user opens; the browser is sent on to the provider
 * ({@link #authorizationUrl}), which sends it back with a code ({@link #authorized}); Laguna trades
 * the code for the provider's tokens, checks the ID token and finds the account holding the identity
 * {@code SUB=<sub>, ISS=<issuer>}; the client then fetches a Laguna token with its key
 * ({@link #fetch}), once. The provider's refresh token is kept encrypted next to the Laguna token and
 * traded for a new pair by {@link #refresh}. The web interface signs browsers in the same way with a
 * callback of its own ({@link #startInBrowser}, {@link #authorizedInBrowser}), and learns of a person
 * no account holds, who may then register.
 */
public final class OidcLogin {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SESSION_COLUMNS = "state_hash, polling, direct, account, vo, issuer_name, nonce, code_verifier, redirect_uri,"
            + " refresh_lifetime_seconds, authorized_account, authorized_identity, refresh_token_enc, refresh_expires_at, device_code_enc";

    private final Database database;
    private final AuthService auth;
    private final OidcLoginConfig config;
    private final Clock clock;
    private final SecretCipher cipher;
    private final Map<String, OidcProvider> providers = new LinkedHashMap<>();

    public OidcLogin(Database database, AuthService auth, OidcConfig oidc, OidcLoginConfig config, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.auth = Objects.requireNonNull(auth, "auth is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.cipher = new SecretCipher(config.refreshTokenKey());
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        for (OidcConfig.Issuer issuer : oidc.issuers()) {
            OidcClientSettings client = config.clients().get(issuer.name());
            if (client != null) {
                providers.put(issuer.name(), new OidcProvider(issuer, client, clock, http));
            }
        }
    }

    /** Whether some issuer takes logins. */
    public boolean enabled() {
        return !providers.isEmpty();
    }

    /**
     * A login to start: the account asked for (else the identity's default), the issuer (its name or
     * URL; else the default one), the scopes and audience asked for, whether the client polls, whether
     * the token goes straight to the browser ({@code /auth/oidc_token}), how long refreshes may go on,
     * and the server's base URL as the client reached it.
     */
    public record Start(Optional<String> account, String vo, Optional<String> issuer, Optional<String> scope, Optional<String> audience,
            boolean polling, boolean direct, Optional<Duration> refreshLifetime, String ip, URI requestBase) {
    }

    /** What the provider's redirect ended in: the client polls, the user copies a code, or the token itself. */
    public sealed interface Outcome {
    }

    public record Polling() implements Outcome {
    }

    public record FetchCode(String code) implements Outcome {
    }

    public record Token(IssuedToken token) implements Outcome {
    }

    /** Starts a login; answers the URL the user opens (Laguna's {@code /auth/oidc_redirect?<key>}, or the provider's for a direct login). */
    public String start(Start request) {
        return start(request, request.direct() ? "/auth/oidc_token" : "/auth/oidc_code");
    }

    private String start(Start request, String callbackPath) {
        OidcProvider provider = provider(request.issuer());
        String scope = request.scope().filter(s -> !s.isBlank()).orElse(provider.client().scopes());
        if (!List.of(scope.split("\\s+")).contains("openid")) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate: the scope '" + scope + "' must include openid");
        }
        URI base = config.baseUrl().orElse(request.requestBase());
        String redirectUri = base + callbackPath;
        String state = random();
        String nonce = random();
        String verifier = random();
        String key = random();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", provider.client().clientId());
        query.put("redirect_uri", redirectUri);
        query.put("scope", scope);
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", Base64.getUrlEncoder().withoutPadding().encodeToString(sha256Bytes(verifier)));
        query.put("code_challenge_method", "S256");
        request.audience().filter(a -> !a.isBlank()).ifPresent(a -> query.put("audience", a));
        String authUrl = provider.metadata().authorizationEndpoint() + "?" + query.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue())).collect(Collectors.joining("&"));
        Instant now = clock.instant();
        Duration refreshLifetime = request.refreshLifetime().orElse(config.refreshLifetime());
        database.inTransactionVoid(tx -> {
            requireAccount(tx, request);
            tx.update("delete from oidc_login_sessions where expired_at < ?", now);
            tx.update("insert into oidc_login_sessions (state_hash, access_hash, polling, direct, account, vo, issuer_name, nonce, code_verifier,"
                    + " redirect_uri, auth_url, refresh_lifetime_seconds, ip, expired_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    sha256(state), sha256(key), request.polling(), request.direct(), request.account().orElse(null), request.vo(),
                    provider.issuer().name(), nonce, verifier, redirectUri, authUrl, refreshLifetime.toSeconds(), request.ip(),
                    now.plus(config.sessionLifetime()));
        });
        return request.direct() ? authUrl : base + "/auth/oidc_redirect?" + key;
    }

    /** A device login started: what the user is told, and the URL the client polls for its token. */
    public record DeviceStart(String userCode, String verificationUri, Optional<String> verificationUriComplete, long expiresIn,
            long interval, String pollUrl) {
    }

    /**
     * Starts a device login (RFC 8628) for a terminal without a browser: the provider gives a user
     * code to enter at its verification URL; the client polls {@code pollUrl} as in the polling flow,
     * and Laguna asks the provider's token endpoint on each poll until the user approved.
     */
    public DeviceStart startDevice(Start request) {
        OidcProvider provider = provider(request.issuer());
        String scope = request.scope().filter(s -> !s.isBlank()).orElse(provider.client().scopes());
        OidcProvider.DeviceGrant grant = provider.startDevice(scope, request.audience().filter(a -> !a.isBlank()));
        URI base = config.baseUrl().orElse(request.requestBase());
        String state = random();
        String key = random();
        Instant now = clock.instant();
        Duration lifetime = Duration.ofSeconds(Math.max(1, grant.expiresIn()));
        database.inTransactionVoid(tx -> {
            requireAccount(tx, request);
            tx.update("insert into oidc_login_sessions (state_hash, access_hash, polling, direct, account, vo, issuer_name, nonce, code_verifier,"
                    + " redirect_uri, auth_url, refresh_lifetime_seconds, ip, expired_at, code_used, device_code_enc)"
                    + " values (?, ?, true, false, ?, ?, ?, '', '', '', ?, ?, ?, ?, true, ?)",
                    sha256(state), sha256(key), request.account().orElse(null), request.vo(), provider.issuer().name(), grant.verificationUri(),
                    request.refreshLifetime().orElse(config.refreshLifetime()).toSeconds(), request.ip(), now.plus(lifetime),
                    cipher.encrypt(grant.deviceCode(), sha256(state)));
        });
        return new DeviceStart(grant.userCode(), grant.verificationUri(), grant.verificationUriComplete(), grant.expiresIn(), grant.interval(),
                base + "/auth/oidc_redirect?" + key);
    }

    private static void requireAccount(Tx tx, Start request) {
        request.account().ifPresent(account -> {
            if (!tx.exists("select 1 from accounts where account = ? and vo = ? and status = 'ACTIVE'", account, request.vo())) {
                throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE,
                        "Cannot get authentication URL from Laguna Authentication Server for account " + account);
            }
        });
    }

    /** The provider's authorization URL of a pending login, for the browser that opened {@code /auth/oidc_redirect?<key>}. */
    public String authorizationUrl(String key) {
        return database.readOnly(tx -> tx.queryOne("select auth_url from oidc_login_sessions where access_hash = ? and expired_at > ?"
                + " and not code_used", rs -> rs.getString(1), sha256(requireKey(key)), clock.instant()))
                .orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE,
                        "Cannot authenticate: no pending login has this key (unknown, already used or expired)"));
    }

    /**
     * The provider sent the browser back ({@code /auth/oidc_code} or {@code /auth/oidc_token}) with
     * {@code state} and {@code code} (or {@code error}). The code is used once: a second arrival of
     * the same state is refused, and a failed login must be started again.
     */
    public Outcome authorized(Optional<String> state, Optional<String> code, Optional<String> error, RequestOrigin origin) {
        String givenState = state.filter(s -> !s.isBlank()).orElseThrow(() -> new LagunaException(ErrorCode.MISSING_PARAMETER,
                "The provider's answer has no state parameter"));
        Session session = claim(givenState);
        try {
            Verified verified = verify(session, code, error);
            return complete(session, verified.identity(), verified.tokens().refreshToken(), origin);
        } catch (RuntimeException e) {
            database.inTransaction(tx -> tx.update("delete from oidc_login_sessions where state_hash = ?", session.stateHash()));
            throw e;
        }
    }

    private record Verified(String identity, OidcProvider.Tokens tokens) {
    }

    /** Trades the code of the provider's answer for its tokens and checks the ID token; the identity it vouches for. */
    private Verified verify(Session session, Optional<String> code, Optional<String> error) {
        if (error.isPresent()) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate: the provider answered " + error.get());
        }
        String givenCode = code.filter(c -> !c.isBlank()).orElseThrow(() -> new LagunaException(ErrorCode.MISSING_PARAMETER,
                "The provider's answer has no code parameter"));
        OidcProvider provider = providerNamed(session.issuerName());
        OidcProvider.Tokens tokens = provider.exchangeCode(givenCode, session.redirectUri(), session.codeVerifier());
        String idToken = tokens.idToken().orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE,
                "Cannot authenticate: the provider answered no ID token (is openid among the scopes?)"));
        String identity = VerifiedToken.identityOf(provider.verifyIdToken(idToken, Optional.of(session.nonce())), provider.issuer().issuer().toString());
        return new Verified(identity, tokens);
    }

    /** The issuer a browser signs in with when it names none, if any issuer takes logins. */
    public Optional<String> browserIssuer() {
        return enabled() ? config.issuerByDefault().filter(providers::containsKey) : Optional.empty();
    }

    /**
     * Starts a sign-in of the web interface with the default issuer (authorization code with PKCE),
     * whose provider sends the browser back to {@code callbackPath} under the base URL; answers the
     * provider's URL the browser goes to (its {@code state} parameter names the login).
     */
    public String startInBrowser(String vo, String ip, URI base, String callbackPath) {
        return start(new Start(Optional.empty(), vo, Optional.empty(), Optional.empty(), Optional.empty(), false, true, Optional.empty(),
                ip, base), callbackPath);
    }

    /** What a sign-in of the web interface ended in. */
    public sealed interface BrowserOutcome {
    }

    /** An account holds the identity: its new Laguna token. */
    public record SignedIn(IssuedToken token) implements BrowserOutcome {
    }

    /**
     * No active account holds the identity the provider vouched for: the identity, and the provider's
     * access token sealed (encrypted under the server's key) for the browser to keep until it
     * registers ({@link #unsealAccessToken}).
     */
    public record Unregistered(String identity, String sealedAccessToken) implements BrowserOutcome {
    }

    private static final String SEALED_FOR = "laguna-ui-registration";

    /** The provider sent the browser of a web interface sign-in back ({@link #startInBrowser}); its code is used once. */
    public BrowserOutcome authorizedInBrowser(Optional<String> state, Optional<String> code, Optional<String> error, RequestOrigin origin) {
        String givenState = state.filter(s -> !s.isBlank()).orElseThrow(() -> new LagunaException(ErrorCode.MISSING_PARAMETER,
                "The provider's answer has no state parameter"));
        Session session = claim(givenState);
        try {
            Verified verified = verify(session, code, error);
            return database.inTransaction(tx -> {
                tx.update("delete from oidc_login_sessions where state_hash = ?", session.stateHash());
                Optional<String> account = accountsHolding(tx, verified.identity(), session.vo()).stream().findFirst();
                if (account.isEmpty()) {
                    return new Unregistered(verified.identity(), Base64.getUrlEncoder().withoutPadding().encodeToString(
                            cipher.encrypt(verified.tokens().accessToken(), SEALED_FOR)));
                }
                return new SignedIn(issue(tx, account.get(), verified.identity(), session, verified.tokens().refreshToken(), origin));
            });
        } catch (RuntimeException e) {
            database.inTransaction(tx -> tx.update("delete from oidc_login_sessions where state_hash = ?", session.stateHash()));
            throw e;
        }
    }

    /** The provider's access token of an {@link Unregistered} sign-in, from its sealed form. */
    public String unsealAccessToken(String sealed) {
        try {
            return cipher.decrypt(Base64.getUrlDecoder().decode(sealed == null ? "" : sealed), SEALED_FOR);
        } catch (IllegalArgumentException | LagunaException e) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate: the sign-in with the provider has ended or"
                    + " was made on another server; sign in with the provider again");
        }
    }

    private Outcome complete(Session session, String identity, Optional<String> refreshToken, RequestOrigin origin) {
        return database.inTransaction(tx -> {
            String account = accountHolding(tx, identity, session.account(), session.vo());
            if (session.direct()) {
                tx.update("delete from oidc_login_sessions where state_hash = ?", session.stateHash());
                return new Token(issue(tx, account, identity, session, refreshToken, origin));
            }
            byte[] sealed = refreshToken.map(t -> cipher.encrypt(t, session.stateHash())).orElse(null);
            String fetchCode = session.polling() ? null : random();
            tx.update("update oidc_login_sessions set authorized_account = ?, authorized_identity = ?, refresh_token_enc = ?"
                    + (fetchCode == null ? "" : ", access_hash = ?") + " where state_hash = ?",
                    fetchCode == null ? new Object[] {account, identity, sealed, session.stateHash()}
                            : new Object[] {account, identity, sealed, sha256(fetchCode), session.stateHash()});
            return fetchCode == null ? new Polling() : new FetchCode(fetchCode);
        });
    }

    /**
     * The token of a login the user completed, fetched once with the client's key (the polling key
     * or the fetch code); empty while the user has not completed it yet.
     */
    public Optional<IssuedToken> fetch(String key, RequestOrigin origin) {
        String accessHash = sha256(requireKey(key));
        Instant now = clock.instant();
        return database.inTransaction(tx -> {
            Session session = tx.queryOne("select " + SESSION_COLUMNS + " from oidc_login_sessions where access_hash = ? and expired_at > ?"
                    + " for update", OidcLogin::session, accessHash, now)
                    .orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE,
                            "Cannot authenticate: no pending login has this key (unknown, already fetched or expired)"));
            if (session.authorizedAccount().isEmpty()) {
                return session.deviceCodeSealed().isPresent() ? deviceToken(tx, session, origin) : Optional.<IssuedToken>empty();
            }
            tx.update("delete from oidc_login_sessions where state_hash = ?", session.stateHash());
            Optional<String> refreshToken = session.refreshTokenSealed().map(s -> cipher.decrypt(s, session.stateHash()));
            return Optional.of(issue(tx, session.authorizedAccount().get(), session.authorizedIdentity().orElseThrow(), session,
                    refreshToken, origin));
        });
    }

    /** Asks the provider whether the user approved a device login; its token once approved, else empty. */
    private Optional<IssuedToken> deviceToken(Tx tx, Session session, RequestOrigin origin) {
        OidcProvider provider = providerNamed(session.issuerName());
        OidcProvider.Tokens tokens;
        try {
            tokens = provider.pollDevice(cipher.decrypt(session.deviceCodeSealed().get(), session.stateHash()));
        } catch (OidcProvider.Pending pending) {
            return Optional.empty();
        }
        String idToken = tokens.idToken().orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE,
                "Cannot authenticate: the provider answered no ID token (is openid among the scopes?)"));
        String identity = VerifiedToken.identityOf(provider.verifyIdToken(idToken, Optional.empty()), provider.issuer().issuer().toString());
        String account = accountHolding(tx, identity, session.account(), session.vo());
        tx.update("delete from oidc_login_sessions where state_hash = ?", session.stateHash());
        return Optional.of(issue(tx, account, identity, session, tokens.refreshToken(), origin));
    }

    /**
     * A new Laguna token for one issued by an OIDC login whose provider still grants a refresh, as
     * {@code /auth/oidc_refresh}; empty when the token has no refresh grant (any more), as Rucio
     * answers then. The grant moves to the new token; the old one stays valid until it expires.
     */
    public Optional<IssuedToken> refresh(String token, String account, RequestOrigin origin) {
        if (token == null || token.isBlank() || account == null || account.isBlank()) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authorize token request: X-Rucio-Auth-Token and X-Rucio-Account are needed");
        }
        String hash = AuthService.tokenHash(token);
        Instant now = clock.instant();
        return database.inTransaction(tx -> {
            Optional<Grant> found = tx.queryOne("""
                    select g.identity, g.issuer_name, g.refresh_token_enc, g.refresh_start, g.refresh_until from oidc_refresh_grants g
                      join tokens t on t.token_hash = g.token_hash
                     where g.token_hash = ? and g.account = ? and t.expired_at > ? for update of g
                    """, rs -> new Grant(rs.getString(1), rs.getString(2), rs.getBytes(3),
                    Tx.instant(rs, "refresh_start"), Tx.instant(rs, "refresh_until")), hash, account, now);
            if (found.isEmpty()) {
                return Optional.<IssuedToken>empty();
            }
            Grant grant = found.get();
            tx.update("delete from oidc_refresh_grants where token_hash = ?", hash);
            if (!now.isBefore(grant.refreshUntil())) {
                return Optional.<IssuedToken>empty();
            }
            OidcProvider.Tokens tokens = providerNamed(grant.issuerName()).refresh(cipher.decrypt(grant.sealed(), hash));
            String refreshToken = tokens.refreshToken().orElseGet(() -> cipher.decrypt(grant.sealed(), hash));
            IssuedToken issued = auth.issueToken(tx, account, grant.identity(), null, origin);
            String newHash = AuthService.tokenHash(issued.token());
            tx.update("insert into oidc_refresh_grants (token_hash, account, identity, issuer_name, refresh_token_enc, refresh_start,"
                    + " refresh_until, expired_at) values (?, ?, ?, ?, ?, ?, ?, ?)", newHash, account, grant.identity(), grant.issuerName(),
                    cipher.encrypt(refreshToken, newHash), grant.refreshStart(), grant.refreshUntil(), grant.refreshUntil());
            return Optional.of(issued);
        });
    }

    /** Deletes expired pending logins and refresh grants; returns how many. */
    public int purgeExpired() {
        Instant now = clock.instant();
        return database.inTransaction(tx -> tx.update("delete from oidc_login_sessions where expired_at < ?", now)
                + tx.update("delete from oidc_refresh_grants where expired_at < ?", now));
    }

    private IssuedToken issue(Tx tx, String account, String identity, Session session, Optional<String> refreshToken,
            RequestOrigin origin) {
        String issuerName = session.issuerName();
        Duration refreshLifetime = session.refreshLifetime();
        IssuedToken issued = auth.issueToken(tx, account, identity, session.vo(), origin);
        refreshToken.ifPresent(refresh -> {
            String hash = AuthService.tokenHash(issued.token());
            Instant now = clock.instant();
            Instant until = now.plus(refreshLifetime);
            tx.update("insert into oidc_refresh_grants (token_hash, account, identity, issuer_name, refresh_token_enc, refresh_start,"
                    + " refresh_until, expired_at) values (?, ?, ?, ?, ?, ?, ?, ?)", hash, account, identity, issuerName,
                    cipher.encrypt(refresh, hash), now, until, until);
        });
        return issued;
    }

    /** Marks the login of this state as having used its code; refuses unknown, expired and already used states. */
    private Session claim(String state) {
        String stateHash = sha256(state);
        return database.inTransaction(tx -> tx.queryOne("update oidc_login_sessions set code_used = true where state_hash = ?"
                + " and not code_used and expired_at > ? returning " + SESSION_COLUMNS, OidcLogin::session, stateHash, clock.instant()))
                .orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE,
                        "Cannot authenticate: no pending login has this state (unknown, already used or expired)"));
    }

    private static List<String> accountsHolding(Tx tx, String identity, String vo) {
        return tx.query("""
                select m.account from account_map m
                  join identities i on i.identity = m.identity and i.identity_type = m.identity_type
                  join accounts a on a.account = m.account
                 where m.identity = ? and m.identity_type = 'OIDC' and not i.deleted and a.status = 'ACTIVE' and a.vo = ?
                 order by m.is_default desc, m.account
                """, rs -> rs.getString(1), identity, vo);
    }

    private static String accountHolding(Tx tx, String identity, Optional<String> wanted, String vo) {
        List<String> accounts = accountsHolding(tx, identity, vo);
        Optional<String> chosen = wanted.isPresent() ? accounts.stream().filter(wanted.get()::equals).findFirst() : accounts.stream().findFirst();
        return chosen.orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, wanted.isPresent()
                ? "Cannot authenticate: OIDC identity '" + identity + "' of the '" + wanted.get() + "' account is unknown to Laguna"
                : "Cannot authenticate: no active account holds the OIDC identity '" + identity + "'"));
    }

    private OidcProvider provider(Optional<String> wanted) {
        if (providers.isEmpty()) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate: no OIDC issuer takes logins (auth.oidc.NAME.client-id)");
        }
        Optional<String> named = wanted.filter(w -> !w.isBlank() && !w.equals("None"));
        if (named.isEmpty()) {
            return providerNamed(config.issuerByDefault().orElseThrow());
        }
        String name = named.get();
        return Optional.ofNullable(providers.get(name))
                .or(() -> providers.values().stream().filter(p -> p.issuer().issuer().toString().equals(name)).findFirst())
                .orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate: issuer '" + name
                        + "' takes no logins here (known: " + String.join(", ", providers.keySet()) + ")"));
    }

    private OidcProvider providerNamed(String name) {
        OidcProvider provider = providers.get(name);
        if (provider == null) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate: issuer '" + name + "' takes no logins any more");
        }
        return provider;
    }

    private static String requireKey(String key) {
        if (key == null || key.isBlank() || key.length() > 256) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "The login key is missing: use the URL /auth/oidc answered");
        }
        return key;
    }

    private record Session(String stateHash, boolean polling, boolean direct, Optional<String> account, String vo, String issuerName,
            String nonce, String codeVerifier, String redirectUri, Duration refreshLifetime, Optional<String> authorizedAccount,
            Optional<String> authorizedIdentity, Optional<byte[]> refreshTokenSealed, Optional<byte[]> deviceCodeSealed) {
    }

    private record Grant(String identity, String issuerName, byte[] sealed, Instant refreshStart, Instant refreshUntil) {
    }

    private static Session session(ResultSet rs) throws SQLException {
        Duration lifetime = Duration.ofSeconds(rs.getLong("refresh_lifetime_seconds"));
        return new Session(rs.getString("state_hash"), rs.getBoolean("polling"), rs.getBoolean("direct"),
                Optional.ofNullable(rs.getString("account")), rs.getString("vo"), rs.getString("issuer_name"), rs.getString("nonce"),
                rs.getString("code_verifier"), rs.getString("redirect_uri"), lifetime, Optional.ofNullable(rs.getString("authorized_account")),
                Optional.ofNullable(rs.getString("authorized_identity")), Optional.ofNullable(rs.getBytes("refresh_token_enc")),
                Optional.ofNullable(rs.getBytes("device_code_enc")));
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String value) {
        return HexFormat.of().formatHex(sha256Bytes(value));
    }

    private static byte[] sha256Bytes(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
