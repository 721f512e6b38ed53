package org.laguna.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Throttles failed logins per username and per client address, in the database so that every API
 * process on it sees the same counts. A login costs one indexed read; a failure one upsert per
 * subject; a success deletes the username's row. Unknown usernames are throttled like known ones,
 * so a lock-out tells nothing about which usernames exist.
 */
public final class LoginThrottle {
    private static final String USER = "user:";
    private static final String ADDRESS = "addr:";
    private static final int PURGE_EVERY = 64;
    private static final int PURGE_BATCH = 1_000;

    private final Database database;
    private final AuthConfig.LoginThrottleConfig config;
    private final Clock clock;

    public LoginThrottle(Database database, AuthConfig.LoginThrottleConfig config, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** Refuses the attempt (CannotAuthenticate) while the username or the address is locked. */
    public void checkAllowed(String username, Optional<String> address) {
        Instant now = clock.instant();
        List<Object> subjects = subjects(username, address);
        String placeholders = subjects.size() == 1 ? "?" : "?, ?";
        List<Object> params = new ArrayList<>(subjects);
        params.add(now);
        Optional<Instant> lockedUntil = database.readOnly(tx -> tx.queryOne(
                "select locked_until from login_failures where subject in (" + placeholders + ") and locked_until > ?"
                        + " order by locked_until desc limit 1",
                rs -> Tx.instant(rs, "locked_until"), params.toArray()));
        if (lockedUntil.isPresent()) {
            long seconds = Math.max(1, Duration.between(now, lockedUntil.get()).toSeconds());
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "Cannot authenticate: too many failed logins for username "
                    + username + address.map(a -> " or from address " + a).orElse("") + ", try again in " + seconds + " s");
        }
    }

    /**
     * Counts a failed attempt for the username and the address; locks those that reach their limit.
     * One failure in {@value #PURGE_EVERY} also removes a batch of rows that no longer count, so
     * guesses at many usernames do not grow the table without end.
     */
    public void recordFailure(String username, Optional<String> address) {
        Instant now = clock.instant();
        if (ThreadLocalRandom.current().nextInt(PURGE_EVERY) == 0) {
            purgeStale(now);
        }
        database.inTransactionVoid(tx -> {
            for (Object subject : subjects(username, address)) {
                int limit = subject.toString().startsWith(USER) ? config.maxFailures() : config.maxFailuresPerAddress();
                int failures = tx.queryOne("""
                        insert into login_failures (subject, failures, last_failure_at) values (?, 1, ?)
                        on conflict (subject) do update set
                          failures = case when login_failures.last_failure_at < ? then 1 else login_failures.failures + 1 end,
                          last_failure_at = excluded.last_failure_at
                        returning failures
                        """, rs -> rs.getInt(1), subject, now, now.minus(config.failureWindow())).orElseThrow();
                if (failures >= limit) {
                    tx.update("update login_failures set locked_until = ? where subject = ?",
                            now.plus(config.lockoutAfter(failures, limit)), subject);
                }
            }
        });
    }

    /** Deletes up to a batch of rows whose failures have left the window and whose lock-out has ended; returns how many. */
    int purgeStale(Instant now) {
        Duration longest = config.failureWindow().compareTo(config.maxLockout()) > 0 ? config.failureWindow() : config.maxLockout();
        return database.inTransaction(tx -> tx.update("""
                delete from login_failures where subject in (
                    select subject from login_failures
                     where last_failure_at < ? and (locked_until is null or locked_until < ?)
                     order by last_failure_at
                     limit ?
                     for update skip locked)
                """, now.minus(longest), now, PURGE_BATCH));
    }

    /** Forgets the failures of the username after a successful login. */
    public void recordSuccess(Tx tx, String username) {
        tx.update("delete from login_failures where subject = ?", USER + username);
    }

    /** Lifts the lock-out of a username, of an address, or of every subject when both are empty; returns how many. */
    public int unlock(Optional<String> username, Optional<String> address) {
        return database.inTransaction(tx -> {
            if (username.isEmpty() && address.isEmpty()) {
                return tx.update("delete from login_failures");
            }
            int removed = 0;
            if (username.isPresent()) {
                removed += tx.update("delete from login_failures where subject = ?", USER + username.get());
            }
            if (address.isPresent()) {
                removed += tx.update("delete from login_failures where subject = ?", ADDRESS + address.get());
            }
            return removed;
        });
    }

    private static List<Object> subjects(String username, Optional<String> address) {
        List<Object> subjects = new ArrayList<>();
        subjects.add(USER + username);
        address.filter(a -> !a.isBlank()).ifPresent(a -> subjects.add(ADDRESS + a));
        return subjects;
    }
}
