package org.laguna.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Supplier;
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

    private static AuthService auth(Clock clock) {
        AuthConfig config = AuthFixtures.config(AuthFixtures.noThrottle());
        return new AuthService(core.database(), Duration.ofMinutes(10), clock, config, new PasswordHasher(config.passwordCost()));
    }

    private static void assertRefused(Supplier<?> call) {
        assertThatThrownBy(call::get)
                .isInstanceOf(LagunaException.class)
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.CANNOT_AUTHENTICATE));
    }

    @Test
    void aTokenWorksUntilItExpires() {
        AuthFixtures.MovingClock clock = new AuthFixtures.MovingClock();
        AuthService auth = auth(clock);
        IssuedToken token = auth.authenticateUserpass("root", "root", TestCore.ROOT_PASSWORD, "def", new RequestOrigin(null, "127.0.0.1", "rest", null));
        assertThat(token.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        assertThat(auth.validate(token.token()).account()).isEqualTo("root");

        clock.advance(Duration.ofMinutes(11));
        assertRefused(() -> auth.validate(token.token()));
        assertThat(auth.purgeExpired()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anExpiredTokenIsNeverAcceptedFromTheCache() {
        AuthFixtures.MovingClock clock = new AuthFixtures.MovingClock();
        AuthService auth = auth(clock);
        IssuedToken token = auth.authenticateUserpass("root", "root", TestCore.ROOT_PASSWORD, "def", RequestOrigin.INTERNAL);
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(auth.validate(token.token()).account()).isEqualTo("root");

        clock.advance(Duration.ofSeconds(1));
        assertRefused(() -> auth.validate(token.token()));
    }

    @Test
    void aRevokedTokenNoLongerAuthenticatesEvenFromTheCache() {
        AuthService auth = auth(Clock.systemUTC());
        IssuedToken token = auth.authenticateUserpass("root", "root", TestCore.ROOT_PASSWORD, "def", RequestOrigin.INTERNAL);
        assertThat(auth.validate(token.token()).account()).isEqualTo("root");

        auth.revoke(token.token());

        assertRefused(() -> auth.validate(token.token()));
        long left = core.database().readOnly(tx -> tx.count("select count(*) from tokens where token_hash = ?",
                AuthService.sha256(token.token())));
        assertThat(left).isZero();
    }

    @Test
    void onlyTheTokensHashIsStored() {
        AuthService auth = auth(Clock.systemUTC());
        IssuedToken token = auth.authenticateUserpass("root", "root", TestCore.ROOT_PASSWORD, "def", RequestOrigin.INTERNAL);
        long plain = core.database().readOnly(tx -> tx.count("select count(*) from tokens where token_hash = ?", token.token()));
        long hashed = core.database().readOnly(tx -> tx.count("select count(*) from tokens where token_hash = ?", AuthService.sha256(token.token())));
        assertThat(plain).isZero();
        assertThat(hashed).isEqualTo(1);
    }

    @Test
    void wrongPasswordsUnknownAccountsAndMissingTokensAreRefused() {
        AuthService auth = auth(Clock.systemUTC());
        assertThatThrownBy(() -> auth.authenticateUserpass("root", "root", "wrong", "def", RequestOrigin.INTERNAL))
                .hasMessageContaining("Cannot authenticate");
        assertThatThrownBy(() -> auth.authenticateUserpass("nobody", "root", TestCore.ROOT_PASSWORD, "def", RequestOrigin.INTERNAL))
                .hasMessageContaining("Cannot authenticate");
        assertRefused(() -> auth.validate(null));
        assertRefused(() -> auth.validate(" "));
    }

    @Test
    void anUnknownUsernameGetsTheSameAnswerAsAWrongPassword() {
        AuthService auth = auth(Clock.systemUTC());
        AuthFixtures.createUser(core, "gina", core.passwords().hash("gina-pw"));

        String wrongPassword = refusal(() -> auth.authenticateUserpass(null, "gina", "wrong", "def", RequestOrigin.INTERNAL));
        String unknownUser = refusal(() -> auth.authenticateUserpass(null, "no-such-user", "wrong", "def", RequestOrigin.INTERNAL));

        assertThat(unknownUser).isEqualTo(wrongPassword);
    }

    @Test
    void anUnknownUsernameTakesAsLongToRefuseAsAWrongPassword() {
        AuthConfig config = new AuthConfig(Duration.ofSeconds(5), AuthConfig.DEFAULTS.passwordCost(), AuthFixtures.noThrottle());
        PasswordHasher passwords = new PasswordHasher(config.passwordCost());
        AuthService auth = new AuthService(core.database(), Duration.ofMinutes(10), Clock.systemUTC(), config, passwords);
        AuthFixtures.createUser(core, "hugo", passwords.hash("hugo-pw"));

        long[] known = new long[5];
        long[] unknown = new long[5];
        for (int i = 0; i < known.length; i++) {
            int attempt = i;
            known[i] = refusalMillis(() -> auth.authenticateUserpass(null, "hugo", "wrong", "def", RequestOrigin.INTERNAL));
            unknown[i] = refusalMillis(() -> auth.authenticateUserpass(null, "nobody-" + attempt, "wrong", "def", RequestOrigin.INTERNAL));
        }

        assertThat(median(unknown)).as("median refusal of an unknown username (ms) against a known one (%d ms)", median(known))
                .isGreaterThanOrEqualTo(median(known) / 4);
    }

    @Test
    void anUnknownUsernameCostsOnePasswordCheckLikeAWrongPassword() {
        AuthConfig config = AuthFixtures.config(AuthFixtures.noThrottle());
        PasswordHasher passwords = new PasswordHasher(config.passwordCost());
        AuthService auth = new AuthService(core.database(), Duration.ofMinutes(10), Clock.systemUTC(), config, passwords);
        AuthFixtures.createUser(core, "olga", passwords.hash("olga-pw"));
        AuthFixtures.createUser(core, "pete", passwords.hash("pete-pw"));
        core.services().accounts().update(TestCore.root(), "pete", "status", "SUSPENDED");

        long before = passwords.hashesComputed();
        refusal(() -> auth.authenticateUserpass(null, "olga", "wrong", "def", RequestOrigin.INTERNAL));
        refusal(() -> auth.authenticateUserpass(null, "no-such-user", "wrong", "def", RequestOrigin.INTERNAL));
        refusal(() -> auth.authenticateUserpass("root", "olga", "olga-pw", "def", RequestOrigin.INTERNAL));
        refusal(() -> auth.authenticateUserpass(null, "pete", "pete-pw", "def", RequestOrigin.INTERNAL));

        assertThat(passwords.hashesComputed() - before).isEqualTo(4);
    }
    @Test
    void aLegacyHashIsReplacedByTheConfiguredOneAtTheNextLogin() {
        AuthService auth = auth(Clock.systemUTC());
        AuthFixtures.createUser(core, "ivan", PasswordHasherTest.legacyPbkdf2("ivan-pw"));

        auth.authenticateUserpass(null, "ivan", "ivan-pw", "def", RequestOrigin.INTERNAL);

        String stored = core.database().readOnly(tx -> tx.queryOne(
                "select password_hash from identities where identity = 'ivan'", rs -> rs.getString(1))).orElseThrow();
        assertThat(stored).startsWith("$argon2id$");
        assertThat(auth.authenticateUserpass(null, "ivan", "ivan-pw", "def", RequestOrigin.INTERNAL).account()).isEqualTo("ivan");
    }

    @Test
    void reactivatingASuspendedAccountDoesNotReviveItsTokens() {
        AuthFixtures.createUser(core, "jane", core.passwords().hash("jane-pw"));
        IssuedToken token = core.auth().authenticateUserpass(null, "jane", "jane-pw", "def", RequestOrigin.INTERNAL);
        assertThat(core.auth().validate(token.token()).account()).isEqualTo("jane");

        core.services().accounts().update(TestCore.root(), "jane", "status", "SUSPENDED");
        core.services().accounts().update(TestCore.root(), "jane", "status", "ACTIVE");

        assertRefused(() -> core.auth().validate(token.token()));
        assertThat(core.auth().authenticateUserpass(null, "jane", "jane-pw", "def", RequestOrigin.INTERNAL).account()).isEqualTo("jane");
    }

    @Test
    void removingAnIdentityRevokesItsTokensAtOnce() {
        AuthFixtures.createUser(core, "karl", core.passwords().hash("karl-pw"));
        IssuedToken token = core.auth().authenticateUserpass(null, "karl", "karl-pw", "def", RequestOrigin.INTERNAL);
        assertThat(core.auth().validate(token.token()).account()).isEqualTo("karl");

        core.services().accounts().deleteIdentity(TestCore.root(), "karl", "karl", "USERPASS");

        assertRefused(() -> core.auth().validate(token.token()));
    }

    @Test
    void aTokenRevokedByAnotherProcessIsRefusedOnceTheCacheTimeHasPassed() {
        AuthFixtures.MovingClock clock = new AuthFixtures.MovingClock();
        AuthService here = auth(clock);
        AuthFixtures.createUser(core, "lena", core.passwords().hash("lena-pw"));
        IssuedToken token = here.authenticateUserpass(null, "lena", "lena-pw", "def", RequestOrigin.INTERNAL);
        assertThat(here.validate(token.token()).account()).isEqualTo("lena");

        core.services().accounts().delete(TestCore.root(), "lena");
        clock.advance(Duration.ofSeconds(5));

        assertRefused(() -> here.validate(token.token()));
    }

    private static String refusal(Supplier<?> call) {
        try {
            call.get();
        } catch (LagunaException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.CANNOT_AUTHENTICATE);
            return e.getMessage();
        }
        throw new AssertionError("the call was not refused");
    }

    private static long refusalMillis(Supplier<?> attempt) {
        long start = System.nanoTime();
        assertThatThrownBy(attempt::get).isInstanceOf(LagunaException.class);
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
