package org.laguna.core.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.laguna.core.LagunaCore;

/** What the authentication tests share: a clock moved by hand and users made in the catalogue. */
final class AuthFixtures {
    private AuthFixtures() {
    }

    /** A clock the test moves by hand. */
    static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    /** Creates an active USER account with a USERPASS identity of the same name, hashed as stored. */
    static void createUser(LagunaCore core, String account, String passwordHash) {
        core.database().inTransactionVoid(tx -> {
            tx.update("insert into accounts (account, vo, account_type) values (?, 'def', 'USER')", account);
            tx.update("insert into identities (identity, identity_type, username, password_hash) values (?, 'USERPASS', ?, ?)",
                    account, account, passwordHash);
            tx.update("insert into account_map (identity, identity_type, account, is_default) values (?, 'USERPASS', ?, true)",
                    account, account);
        });
    }

    /** Authentication settings for tests: a short token cache, the given throttle and a cheap password cost. */
    static AuthConfig config(AuthConfig.LoginThrottleConfig throttle) {
        return new AuthConfig(Duration.ofSeconds(5), cheapCost(), throttle);
    }

    static AuthConfig.PasswordCost cheapCost() {
        return new AuthConfig.PasswordCost(1024, 1, 1, 4, Duration.ofSeconds(10));
    }

    /** A throttle that never locks, for tests about something else. */
    static AuthConfig.LoginThrottleConfig noThrottle() {
        return new AuthConfig.LoginThrottleConfig(1_000_000, 1_000_000, Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(15));
    }
}
