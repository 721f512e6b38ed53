package org.laguna.core.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Issues and validates Rucio-style tokens. A token is 32 random bytes; only its SHA-256 is stored,
 * so a copy of the database gives no usable token. Validated tokens are kept in a small in-memory
 * cache until shortly before they expire.
 */
public final class AuthService {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int CACHE_LIMIT = 10_000;
    private static final Duration CACHE_TTL = Duration.ofSeconds(30);

    private final Database database;
    private final Duration tokenLifetime;
    private final Clock clock;
    private final Map<String, CachedCaller> cache = new ConcurrentHashMap<>();

    public AuthService(Database database, Duration tokenLifetime, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.tokenLifetime = Objects.requireNonNull(tokenLifetime, "tokenLifetime is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** Username/password authentication for an account, as {@code GET /auth/userpass}. */
    public IssuedToken authenticateUserpass(String account, String username, String password, String vo, String clientAddress) {
        if (username == null || username.isBlank() || password == null || password.isEmpty()) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate without passing all required arguments");
        }
        return database.inTransaction(tx -> {
            String target = account;
            if (target == null || target.isBlank()) {
                List<String> mapped = tx.query("select account from account_map where identity = ? and identity_type = 'USERPASS'"
                        + " order by is_default desc, account", rs -> rs.getString(1), username);
                if (mapped.isEmpty()) {
                    throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate. Username/Password pair does not exist.");
                }
                target = mapped.getFirst();
            }
            final String chosen = target;
            Optional<String> hash = tx.queryOne("""
                    select i.password_hash from identities i
                      join account_map m on m.identity = i.identity and m.identity_type = i.identity_type
                      join accounts a on a.account = m.account
                     where i.identity = ? and i.identity_type = 'USERPASS' and not i.deleted
                       and m.account = ? and a.vo = ? and a.status = 'ACTIVE'
                    """, rs -> rs.getString(1), username, chosen, vo);
            if (hash.isEmpty() || !PasswordHasher.matches(password, hash.get())) {
                throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE,
                        "Cannot authenticate to account " + chosen + " with given credentials");
            }
            return issue(tx, chosen, username, clientAddress);
        });
    }

    private IssuedToken issue(Tx tx, String account, String identity, String clientAddress) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant expiresAt = clock.instant().plus(tokenLifetime);
        tx.update("insert into tokens (token_hash, account, identity, expired_at, ip) values (?, ?, ?, ?, ?)",
                sha256(token), account, identity, expiresAt, clientAddress);
        return new IssuedToken(token, account, expiresAt);
    }

    /** The caller behind a token, or CannotAuthenticate if it is unknown or expired. */
    public Caller validate(String token) {
        if (token == null || token.isBlank()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Token must be set.");
        }
        String hash = sha256(token);
        Instant now = clock.instant();
        CachedCaller cached = cache.get(hash);
        if (cached != null && now.isBefore(cached.validUntil())) {
            return cached.caller();
        }
        Caller caller = database.readOnly(tx -> tx.queryOne("""
                select t.account, a.vo, t.identity, t.expired_at from tokens t
                  join accounts a on a.account = t.account
                 where t.token_hash = ? and t.expired_at > ? and a.status = 'ACTIVE'
                """, rs -> new Caller(rs.getString(1), rs.getString(2), rs.getString(3), hash,
                Tx.instant(rs, "expired_at")), hash, now))
                .orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate with given credentials"));
        if (cache.size() >= CACHE_LIMIT) {
            cache.clear();
        }
        Instant cacheUntil = now.plus(CACHE_TTL);
        cache.put(hash, new CachedCaller(caller, cacheUntil.isBefore(caller.expiresAt()) ? cacheUntil : caller.expiresAt()));
        return caller;
    }

    /** Forgets cached tokens of an account (after it is suspended or deleted). */
    public void forgetAccount(String account) {
        cache.values().removeIf(c -> c.caller().account().equals(account));
    }

    /** Deletes expired tokens; returns how many. */
    public int purgeExpired() {
        return database.inTransaction(tx -> tx.update("delete from tokens where expired_at < ?", clock.instant()));
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record CachedCaller(Caller caller, Instant validUntil) {
    }
}
