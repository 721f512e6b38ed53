package org.laguna.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.laguna.core.LagunaCore;
import org.laguna.core.testing.TestCore;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AuthServiceTest {
    private static LagunaCore core;

    @BeforeAll
    static void start() {
        core = TestCore.start();
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    /** A clock the test moves by hand. */
    private static final class MovingClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aTokenWorksUntilItExpires() {
        MovingClock clock = new MovingClock();
        AuthService auth = new AuthService(core.database(), Duration.ofMinutes(10), clock);
        IssuedToken token = auth.authenticateUserpass("root", "root", TestCore.ROOT_PASSWORD, "def", "127.0.0.1");
        assertThat(token.expiresAt()).isEqualTo(clock.now.plus(Duration.ofMinutes(10)));
        assertThat(auth.validate(token.token()).account()).isEqualTo("root");

        clock.now = clock.now.plus(Duration.ofMinutes(11));
        assertThatThrownBy(() -> auth.validate(token.token()))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.CANNOT_AUTHENTICATE));
        assertThat(auth.purgeExpired()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void onlyTheTokensHashIsStored() {
        AuthService auth = new AuthService(core.database(), Duration.ofMinutes(10), Clock.systemUTC());
        IssuedToken token = auth.authenticateUserpass("root", "root", TestCore.ROOT_PASSWORD, "def", null);
        long plain = core.database().readOnly(tx -> tx.count("select count(*) from tokens where token_hash = ?", token.token()));
        long hashed = core.database().readOnly(tx -> tx.count("select count(*) from tokens where token_hash = ?", AuthService.sha256(token.token())));
        assertThat(plain).isZero();
        assertThat(hashed).isEqualTo(1);
    }

    @Test
    void wrongPasswordsAndUnknownAccountsAreRefused() {
        AuthService auth = core.auth();
        assertThatThrownBy(() -> auth.authenticateUserpass("root", "root", "wrong", "def", null))
                .hasMessageContaining("Cannot authenticate");
        assertThatThrownBy(() -> auth.authenticateUserpass("nobody", "root", TestCore.ROOT_PASSWORD, "def", null))
                .hasMessageContaining("Cannot authenticate");
        assertThatThrownBy(() -> auth.validate(null)).hasMessageContaining("Token must be set");
    }

    @Test
    void passwordHashesAreSaltedAndVerify() {
        String first = PasswordHasher.hash("secret");
        String second = PasswordHasher.hash("secret");
        assertThat(first).isNotEqualTo(second);
        assertThat(PasswordHasher.matches("secret", first)).isTrue();
        assertThat(PasswordHasher.matches("Secret", first)).isFalse();
    }
}
