package org.laguna.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.laguna.core.auth.oidc.JwtAuthentication;
import org.laguna.core.auth.oidc.JwtVerifier;
import org.laguna.core.auth.oidc.OidcConfig;
import org.laguna.core.auth.oidc.TokenGrants;
import org.laguna.core.auth.oidc.VerifiedToken;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Issues and validates Rucio-style tokens. A token is 32 random bytes; only its SHA-256 is stored,
 * so a copy of the database gives no usable token. A validated token is trusted from an in-memory
 * cache for at most {@link AuthConfig#tokenCacheTtl()} and never past its expiry; revocations made
 * in this process clear the cache at once, those made by another process take effect here within
 * that time.
 */
public final class AuthService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CACHE_LIMIT = 10_000;

    private final Database database;
    private final Duration tokenLifetime;
    private final Clock clock;
    private final Duration cacheTtl;
    private final PasswordHasher passwords;
    private final LoginThrottle throttle;
    private final Map<String, CachedCaller> cache = new ConcurrentHashMap<>();
    private final Optional<JwtAuthentication> jwt;
    private final String tokenPrefix;

    /** The VO of installations with one VO, and the one a request without {@code X-Rucio-VO} is in. */
    public static final String DEFAULT_VO = "def";
    /** Between a VO's name and the secret in a token of that VO (a character neither holds). */
    public static final char VO_SEPARATOR = '~';
    private final LoginAudit audit;

    public AuthService(Database database, Duration tokenLifetime, Clock clock, AuthConfig config, PasswordHasher passwords) {
        this(database, tokenLifetime, clock, config, passwords, OidcConfig.NONE, LoginAudit.NONE);
    }

    /**
     * With JWT access tokens of the trusted OIDC issuers accepted as well (see {@link JwtAuthentication}),
     * and each login recorded in {@code audit} in the transaction that issues its token.
     */
    public AuthService(Database database, Duration tokenLifetime, Clock clock, AuthConfig config, PasswordHasher passwords,
            OidcConfig oidc) {
        this(database, tokenLifetime, clock, config, passwords, oidc, LoginAudit.NONE, DEFAULT_VO);
    }

    public AuthService(Database database, Duration tokenLifetime, Clock clock, AuthConfig config, PasswordHasher passwords,
            OidcConfig oidc, LoginAudit audit) {
        this(database, tokenLifetime, clock, config, passwords, oidc, audit, DEFAULT_VO);
    }

    /**
     * For the catalogue of one VO: the tokens it issues in a VO other than {@code def} start with
     * the VO's name and {@value #VO_SEPARATOR}, so that a request's VO is known from its token alone
     * ({@link #voOfToken}); {@code audit} records each successful login.
     */
    public AuthService(Database database, Duration tokenLifetime, Clock clock, AuthConfig config, PasswordHasher passwords,
            OidcConfig oidc, LoginAudit audit, String vo) {
        this.tokenPrefix = Objects.requireNonNull(vo, "vo is null").equals(DEFAULT_VO) ? "" : vo + VO_SEPARATOR;
        this.database = Objects.requireNonNull(database, "database is null");
        this.tokenLifetime = Objects.requireNonNull(tokenLifetime, "tokenLifetime is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        Objects.requireNonNull(config, "config is null");
        this.cacheTtl = config.tokenCacheTtl();
        this.passwords = Objects.requireNonNull(passwords, "passwords is null");
        this.throttle = new LoginThrottle(database, config.throttle(), clock);
        this.jwt = oidc.enabled() ? Optional.of(new JwtAuthentication(database, oidc, clock, cacheTtl)) : Optional.empty();
        this.audit = Objects.requireNonNull(audit, "audit is null");
    }

    /**
     * Username/password authentication for an account, as {@code GET /auth/userpass}. Unknown
     * usernames cost the same password check as known ones and get the same answer; failures are
     * throttled per username and per client address (see {@link LoginThrottle}), the address the
     * request's origin gives.
     */
    public IssuedToken authenticateUserpass(String account, String username, String password, String vo, RequestOrigin origin) {
        String clientAddress = origin.clientAddress();
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate without passing all required arguments");
        }
        Optional<String> address = Optional.ofNullable(clientAddress).filter(a -> !a.isBlank());
        throttle.checkAllowed(username, address);
        Optional<Credential> credential = database.readOnly(tx -> findCredential(tx, account, username, vo));
        boolean valid;
        if (credential.isPresent()) {
            valid = passwords.matches(password, credential.get().passwordHash());
        } else {
            passwords.verifyNothing(password);
            valid = false;
        }
        if (!valid) {
            throttle.recordFailure(username, address);
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, account == null || account.isBlank()
                    ? "Cannot authenticate with given credentials"
                    : "Cannot authenticate to account " + account + " with given credentials");
        }
        Credential chosen = credential.get();
        Optional<String> rehashed = passwords.needsRehash(chosen.passwordHash()) ? Optional.of(passwords.hash(password)) : Optional.empty();
        return database.inTransaction(tx -> {
            throttle.recordSuccess(tx, username);
            rehashed.ifPresent(hash -> tx.update("update identities set password_hash = ? where identity = ? and identity_type = 'USERPASS'"
                    + " and password_hash = ?", hash, username, chosen.passwordHash()));
            return issue(tx, chosen.account(), username, vo, origin, "userpass");
        });
    }

    /**
     * X.509 authentication, as {@code GET /auth/x509}: the caller presented a certificate (already
     * verified against the trusted CAs) whose subject is written in each of {@code dnForms}, the
     * first being the preferred one (Rucio's {@code /CN=...} form, then RFC 2253). The account is
     * the one asked for ({@code X-Rucio-Account}), else the identity's default account (then the
     * first by name); it must be active, of the VO, and hold an X509 identity with one of the forms.
     * {@code authMethod} is {@code x509}, or {@code x509_proxy} for a proxy certificate's login.
     */
    public IssuedToken authenticateX509(List<String> dnForms, Optional<String> account, String vo, RequestOrigin origin, String authMethod) {
        if (dnForms.isEmpty() || dnForms.getFirst().isBlank()) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot get DN: no verified client certificate was presented");
        }
        String dn = dnForms.getFirst();
        Optional<String> wanted = account.filter(a -> !a.isBlank());
        return database.inTransaction(tx -> {
            String forms = String.join(", ", Collections.nCopies(dnForms.size(), "?"));
            List<Object> args = new ArrayList<>(dnForms);
            args.add(vo);
            List<String[]> held = tx.query("select m.account, m.identity from account_map m"
                    + " join identities i on i.identity = m.identity and i.identity_type = m.identity_type"
                    + " join accounts a on a.account = m.account"
                    + " where m.identity in (" + forms + ") and m.identity_type = 'X509' and not i.deleted"
                    + " and a.vo = ? and a.status = 'ACTIVE' order by m.is_default desc, m.account",
                    rs -> new String[] {rs.getString(1), rs.getString(2)}, args.toArray());
            String[] chosen = (wanted.isPresent()
                    ? held.stream().filter(h -> h[0].equals(wanted.get())).findFirst()
                    : held.stream().findFirst())
                    .orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, wanted.isPresent()
                            ? "Cannot authenticate to account " + wanted.get() + ": it does not hold the X509 identity '" + dn + "'"
                            : "Cannot authenticate: no active account holds the X509 identity '" + dn + "'"));
            return issue(tx, chosen[0], chosen[1], vo, origin, authMethod);
        });
    }

    /** The account to log in to and its password hash, if the username maps to an active account of the VO. */
    private static Optional<Credential> findCredential(Tx tx, String account, String username, String vo) {
        String target = account;
        if (target == null || target.isBlank()) {
            List<String> mapped = tx.query("select account from account_map where identity = ? and identity_type = 'USERPASS'"
                    + " order by is_default desc, account", rs -> rs.getString(1), username);
            if (mapped.isEmpty()) {
                return Optional.empty();
            }
            target = mapped.getFirst();
        }
        String chosen = target;
        return tx.queryOne("""
                select i.password_hash from identities i
                  join account_map m on m.identity = i.identity and m.identity_type = i.identity_type
                  join accounts a on a.account = m.account
                 where i.identity = ? and i.identity_type = 'USERPASS' and not i.deleted
                   and m.account = ? and a.vo = ? and a.status = 'ACTIVE' and i.password_hash is not null
                """, rs -> new Credential(chosen, rs.getString(1)), username, chosen, vo);
    }

    /** A new Laguna token for an account and the identity it logged in with through an OIDC provider, in the caller's transaction. */
    public IssuedToken issueToken(Tx tx, String account, String identity, String vo, RequestOrigin origin) {
        return issue(tx, account, identity, vo, origin, "oidc");
    }

    /** The VO a token of Laguna's own was issued in: the name before {@value #VO_SEPARATOR}, else {@code def}. */
    public static String voOfToken(String token) {
        if (token == null) {
            return DEFAULT_VO;
        }
        int separator = token.indexOf(VO_SEPARATOR);
        return separator > 0 ? token.substring(0, separator).trim() : DEFAULT_VO;
    }

    /** The form a token is stored in (its SHA-256, hex). */
    public static String tokenHash(String token) {
        return sha256(token);
    }

    /** Issues a token and records the login in the audit log, both in the transaction given. */
    private IssuedToken issue(Tx tx, String account, String identity, String vo, RequestOrigin origin, String authMethod) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = tokenPrefix + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = clock.instant().plus(tokenLifetime);
        tx.update("insert into tokens (token_hash, account, identity, expired_at, ip, auth_method) values (?, ?, ?, ?, ?, ?)",
                sha256(token), account, identity, expiresAt, origin.clientAddress(), authMethod);
        audit.record(tx, new LoginAudit.Login("login", account, identity, authMethod, vo, "account=" + account, origin));
        return new IssuedToken(token, account, expiresAt);
    }

    /** The caller behind a token, or CannotAuthenticate if it is missing, unknown, revoked or expired. */
    public Caller validate(String token) {
        if (token == null || token.isBlank()) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate without a token (X-Rucio-Auth-Token)");
        }
        String hash = sha256(token);
        Instant now = clock.instant();
        CachedCaller cached = cache.get(hash);
        if (cached != null && now.isBefore(cached.validUntil()) && now.isBefore(cached.caller().expiresAt())) {
            return cached.caller();
        }
        Caller caller = database.readOnly(tx -> tx.queryOne("""
                select t.account, a.vo, t.identity, t.expired_at, t.auth_method from tokens t
                  join accounts a on a.account = t.account
                 where t.token_hash = ? and t.expired_at > ? and a.status = 'ACTIVE'
                """, rs -> new Caller(rs.getString(1), rs.getString(2), rs.getString(3), hash,
                Tx.instant(rs, "expired_at"), TokenGrants.NONE, rs.getString(5), null), hash, now))
                .orElseThrow(() -> {
                    cache.remove(hash);
                    return new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate with given credentials");
                });
        if (cacheTtl.isPositive()) {
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            Instant cacheUntil = now.plus(cacheTtl);
            cache.put(hash, new CachedCaller(caller, cacheUntil.isBefore(caller.expiresAt()) ? cacheUntil : caller.expiresAt()));
        }
        return caller;
    }

    /**
     * The caller behind a token that is either Laguna's own or a JWT access token of a trusted OIDC
     * issuer; a JWT maps to {@code account} when given (and that account holds its identity).
     */
    public Caller validate(String token, Optional<String> account) {
        if (token != null && JwtVerifier.looksLikeJwt(token)) {
            JwtAuthentication.Login login = jwt.orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE,
                    "Cannot authenticate with the OIDC token: no OIDC issuer is trusted (auth.oidc.issuers)"))
                    .authenticate(token, account.filter(a -> !a.isBlank()));
            return new Caller(login.account(), login.vo(), login.identity(), "", login.expiresAt(), login.grants(), "oidc", null);
        }
        return validate(token);
    }

    /**
     * The verified OIDC access token, whether or not an account holds its identity yet (for
     * self-registration); CannotAuthenticate when it is missing, not a JWT, or does not check out.
     */
    public VerifiedToken verifyOidcToken(String token) {
        if (token == null || token.isBlank()) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE,
                    "Cannot authenticate without an OIDC access token (Authorization: Bearer or X-Rucio-Auth-Token)");
        }
        if (!JwtVerifier.looksLikeJwt(token)) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate: this needs an OIDC access token (a JWT) of a"
                    + " trusted issuer, not a token of Laguna");
        }
        return jwt.orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE,
                "Cannot authenticate with the OIDC token: no OIDC issuer is trusted (auth.oidc.issuers)")).verify(token.trim());
    }

    /** Forgets cached tokens of an account (after it is suspended or deleted, or loses an identity). */
    public void forgetAccount(String account) {
        cache.values().removeIf(c -> c.caller().account().equals(account));
        jwt.ifPresent(j -> j.forgetAccount(account));
    }

    /** Ends a token of Laguna's own before its expiry (a web UI sign-out): it no longer authenticates, here at once. */
    public void revoke(String token) {
        if (token == null || token.isBlank()) {
            return;
        }
        String hash = sha256(token);
        cache.remove(hash);
        database.inTransaction(tx -> tx.update("delete from tokens where token_hash = ?", hash));
    }

    /** Lifts login lock-outs; see {@link LoginThrottle#unlock}. */
    public int unlockLogins(Optional<String> username, Optional<String> address) {
        return throttle.unlock(username, address);
    }

    /** Deletes expired tokens, and expired pending OIDC logins and refresh grants; returns how many. */
    public int purgeExpired() {
        Instant now = clock.instant();
        return database.inTransaction(tx -> tx.update("delete from tokens where expired_at < ?", now)
                + tx.update("delete from oidc_login_sessions where expired_at < ?", now)
                + tx.update("delete from oidc_refresh_grants where expired_at < ?", now));
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Credential(String account, String passwordHash) {
    }

    private record CachedCaller(Caller caller, Instant validUntil) {
    }
}
