package org.laguna.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.testing.TestCore;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class LoginThrottleTest {
    private static final AuthConfig.LoginThrottleConfig THROTTLE =
            new AuthConfig.LoginThrottleConfig(5, 8, Duration.ofMinutes(15), Duration.ofSeconds(30), Duration.ofMinutes(2));
    private static LagunaCore core;

    @BeforeAll
    static void start() {
        core = TestCore.start();
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private AuthService auth(AuthFixtures.MovingClock clock) {
        AuthConfig config = AuthFixtures.config(THROTTLE);
        return new AuthService(core.database(), Duration.ofMinutes(10), clock, config, new PasswordHasher(config.passwordCost()));
    }

    private static void failTimes(AuthService auth, String username, String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> auth.authenticateUserpass(null, username, "wrong-" + username, "def", new RequestOrigin(null, address, "rest", null)))
                    .isInstanceOf(LagunaException.class);
        }
    }

    @Test
    void aUsernameIsLockedAfterRepeatedFailuresEvenWithTheRightPasswordUntilTheLockOutEnds() {
        AuthFixtures.MovingClock clock = new AuthFixtures.MovingClock();
        AuthService auth = auth(clock);
        AuthFixtures.createUser(core, "alice", core.passwords().hash("alice-pw"));

        failTimes(auth, "alice", "10.0.0.1", 100);

        assertThatThrownBy(() -> auth.authenticateUserpass(null, "alice", "alice-pw", "def", new RequestOrigin(null, "10.0.0.2", "rest", null)))
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.CANNOT_AUTHENTICATE))
                .hasMessageContaining("too many failed logins for username alice");
        clock.advance(Duration.ofSeconds(31));
        assertThat(auth.authenticateUserpass(null, "alice", "alice-pw", "def", new RequestOrigin(null, "10.0.0.2", "rest", null)).account()).isEqualTo("alice");
    }

    @Test
    void eachFailureAfterTheLimitDoublesTheLockOutUpToTheMaximum() {
        assertThat(THROTTLE.lockoutAfter(5, 5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(THROTTLE.lockoutAfter(6, 5)).isEqualTo(Duration.ofSeconds(60));
        assertThat(THROTTLE.lockoutAfter(7, 5)).isEqualTo(Duration.ofSeconds(120));
        assertThat(THROTTLE.lockoutAfter(40, 5)).isEqualTo(Duration.ofMinutes(2));

        AuthFixtures.MovingClock clock = new AuthFixtures.MovingClock();
        AuthService auth = auth(clock);
        AuthFixtures.createUser(core, "brian", core.passwords().hash("brian-pw"));
        failTimes(auth, "brian", null, 5);
        clock.advance(Duration.ofSeconds(31));
        failTimes(auth, "brian", null, 1);
        clock.advance(Duration.ofSeconds(31));
        assertThatThrownBy(() -> auth.authenticateUserpass(null, "brian", "brian-pw", "def", RequestOrigin.INTERNAL))
                .hasMessageContaining("too many failed logins");
        clock.advance(Duration.ofSeconds(30));
        assertThat(auth.authenticateUserpass(null, "brian", "brian-pw", "def", RequestOrigin.INTERNAL).account()).isEqualTo("brian");
    }

    @Test
    void theLockOutIsSharedByEveryProcessOnTheDatabase() {
        AuthFixtures.MovingClock clock = new AuthFixtures.MovingClock();
        AuthService first = auth(clock);
        AuthService second = auth(clock);
        AuthFixtures.createUser(core, "carol", core.passwords().hash("carol-pw"));

        failTimes(first, "carol", null, 3);
        failTimes(second, "carol", null, 2);

        assertThatThrownBy(() -> first.authenticateUserpass(null, "carol", "carol-pw", "def", RequestOrigin.INTERNAL))
                .hasMessageContaining("too many failed logins");
    }

    @Test
    void anAddressWithManyFailuresIsLockedForEveryUsername() {
        AuthFixtures.MovingClock clock = new AuthFixtures.MovingClock();
        AuthService auth = auth(clock);
        AuthFixtures.createUser(core, "dora", core.passwords().hash("dora-pw"));
        for (int i = 0; i < 8; i++) {
            failTimes(auth, "guess-" + i, "10.9.9.9", 1);
        }

        assertThatThrownBy(() -> auth.authenticateUserpass(null, "dora", "dora-pw", "def", new RequestOrigin(null, "10.9.9.9", "rest", null)))
                .hasMessageContaining("from address 10.9.9.9");
        assertThat(auth.authenticateUserpass(null, "dora", "dora-pw", "def", new RequestOrigin(null, "10.9.9.10", "rest", null)).account()).isEqualTo("dora");
    }

    @Test
    void unlockLiftsALockOutAtOnce() {
        AuthFixtures.MovingClock clock = new AuthFixtures.MovingClock();
        AuthService auth = auth(clock);
        AuthFixtures.createUser(core, "erin", core.passwords().hash("erin-pw"));
        failTimes(auth, "erin", null, 5);

        assertThat(auth.unlockLogins(Optional.of("erin"), Optional.empty())).isEqualTo(1);

        assertThat(auth.authenticateUserpass(null, "erin", "erin-pw", "def", RequestOrigin.INTERNAL).account()).isEqualTo("erin");
    }

    @Test
    void aSuccessForgetsEarlierFailures() {
        AuthFixtures.MovingClock clock = new AuthFixtures.MovingClock();
        AuthService auth = auth(clock);
        AuthFixtures.createUser(core, "fred", core.passwords().hash("fred-pw"));
        failTimes(auth, "fred", null, 4);
        auth.authenticateUserpass(null, "fred", "fred-pw", "def", RequestOrigin.INTERNAL);
        failTimes(auth, "fred", null, 4);

        assertThat(auth.authenticateUserpass(null, "fred", "fred-pw", "def", RequestOrigin.INTERNAL).account()).isEqualTo("fred");
    }

    @Test
    void failuresThatNoLongerCountAreRemoved() {
        AuthFixtures.MovingClock clock = new AuthFixtures.MovingClock();
        LoginThrottle throttle = new LoginThrottle(core.database(), THROTTLE, clock);
        throttle.recordFailure("spray-old", Optional.empty());
        clock.advance(Duration.ofMinutes(16));
        throttle.recordFailure("spray-new", Optional.empty());

        throttle.purgeStale(clock.instant());

        assertThat(subjects("user:spray-%")).containsExactly("user:spray-new");
    }

    private static List<String> subjects(String pattern) {
        return core.database().readOnly(tx -> tx.query("select subject from login_failures where subject like ? order by subject",
                rs -> rs.getString(1), pattern));
    }
}
