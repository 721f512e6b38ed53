package org.laguna.core.auth.oidc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.laguna.core.db.Database;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Turns a verified JWT access token into the account it authenticates: the token's OIDC identity
 * ({@code SUB=<sub>, ISS=<issuer>}, type OIDC) must be mapped to an active account. The account is
 * the one the request names ({@code X-Rucio-Account}), else the one named by the issuer's account
 * claim, else the identity's default account (then the first by name). Like Laguna's own tokens,
 * the mapping is trusted from memory for at most the token cache time and never past the token's
 * expiry.
 */
public final class JwtAuthentication {
    private final Database database;
    private final JwtVerifier verifier;
    private final Clock clock;
    private final Duration cacheTtl;
    private final int cacheSize;
    private final Map<CacheKey, Cached> callers = new ConcurrentHashMap<>();

    public JwtAuthentication(Database database, OidcConfig config, Clock clock, Duration cacheTtl) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.cacheTtl = Objects.requireNonNull(cacheTtl, "cacheTtl is null");
        this.verifier = new JwtVerifier(config, clock);
        this.cacheSize = config.cacheSize();
    }

    /** The account a JWT access token authenticates as, and what else the token says. */
    public record Login(String account, String vo, String identity, Instant expiresAt, TokenGrants grants) {
    }

    /** The account behind a JWT access token, or CannotAuthenticate naming what is wrong. */
    public Login authenticate(String token, Optional<String> requestedAccount) {
        Instant now = clock.instant();
        CacheKey key = new CacheKey(token, requestedAccount.orElse(""));
        Cached cached = callers.get(key);
        if (cached != null && now.isBefore(cached.validUntil())) {
            return cached.caller();
        }
        VerifiedToken verified = verifier.verify(token);
        Optional<String> wanted = requestedAccount.or(verified::claimedAccount);
        Login caller = database.readOnly(tx -> {
            List<Mapped> accounts = tx.query("""
                    select m.account, a.vo from account_map m
                      join identities i on i.identity = m.identity and i.identity_type = m.identity_type
                      join accounts a on a.account = m.account
                     where m.identity = ? and m.identity_type = 'OIDC' and not i.deleted and a.status = 'ACTIVE'
                     order by m.is_default desc, m.account
                    """, rs -> new Mapped(rs.getString(1), rs.getString(2)), verified.identity());
            Optional<Mapped> chosen = wanted.isPresent()
                    ? accounts.stream().filter(m -> m.account().equals(wanted.get())).findFirst()
                    : accounts.stream().findFirst();
            return chosen.map(m -> new Login(m.account(), m.vo(), verified.identity(), verified.expiresAt(), verified.grants()));
        }).orElseThrow(() -> new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, wanted.isPresent()
                ? "Cannot authenticate to account " + wanted.get() + ": it does not hold the OIDC identity '" + verified.identity() + "'"
                : "Cannot authenticate with the OIDC token: no active account holds the OIDC identity '" + verified.identity() + "'"));
        if (cacheTtl.isPositive()) {
            if (callers.size() >= cacheSize) {
                callers.clear();
            }
            Instant until = now.plus(cacheTtl);
            callers.put(key, new Cached(caller, until.isBefore(caller.expiresAt()) ? until : caller.expiresAt()));
        }
        return caller;
    }

    /** The verified token, whether or not an account holds its identity (for self-registration). */
    public VerifiedToken verify(String token) {
        return verifier.verify(token);
    }

    /** Forgets the cached callers of an account (after it is suspended or deleted, or loses an identity). */
    public void forgetAccount(String account) {
        callers.values().removeIf(c -> c.caller().account().equals(account));
    }

    private record CacheKey(String token, String account) {
    }

    private record Mapped(String account, String vo) {
    }

    private record Cached(Login caller, Instant validUntil) {
    }
}
