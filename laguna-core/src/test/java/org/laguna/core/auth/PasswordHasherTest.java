package org.laguna.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.junit.jupiter.api.Test;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class PasswordHasherTest {
    private final PasswordHasher cheap = new PasswordHasher(AuthFixtures.cheapCost());

    @Test
    void theDefaultCostIsArgon2idAtLeastAsStrongAsOwaspAsks() {
        AuthConfig.PasswordCost cost = AuthConfig.DEFAULTS.passwordCost();
        assertThat(cost.memoryKib()).isGreaterThanOrEqualTo(19_456);
        assertThat(cost.iterations()).isGreaterThanOrEqualTo(2);
        assertThat(new PasswordHasher(cost).hash("secret")).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
    }

    @Test
    void hashesAreSaltedSelfDescribingAndVerify() {
        String first = cheap.hash("secret");
        String second = cheap.hash("secret");
        assertThat(first).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").isNotEqualTo(second);
        assertThat(cheap.matches("secret", first)).isTrue();
        assertThat(cheap.matches("Secret", first)).isFalse();
        assertThat(cheap.matches("secret", "not a hash")).isFalse();
        assertThat(cheap.matches("secret", "$argon2id$v=19$m=x,t=1,p=1$AAAA$AAAA")).isFalse();
    }

    @Test
    void hashesOfAnOlderAlgorithmOrALowerCostNeedARehash() {
        PasswordHasher strong = new PasswordHasher(new AuthConfig.PasswordCost(2048, 2, 1, 2, Duration.ofSeconds(10)));
        String legacy = legacyPbkdf2("secret");

        assertThat(strong.matches("secret", legacy)).isTrue();
        assertThat(strong.needsRehash(legacy)).isTrue();
        assertThat(strong.needsRehash(cheap.hash("secret"))).isTrue();
        assertThat(strong.needsRehash(strong.hash("secret"))).isFalse();
        assertThat(cheap.needsRehash(strong.hash("secret"))).isFalse();
    }

    @Test
    void aLoginThatWaitsTooLongForItsTurnIsServiceUnavailable() throws Exception {
        PasswordHasher oneAtATime = new PasswordHasher(new AuthConfig.PasswordCost(1024, 1, 1, 1, Duration.ofMillis(1)));
        String slow = "$argon2id$v=19$m=1024,t=2000,p=1$" + "A".repeat(22) + "$" + "A".repeat(43);
        Thread busy = Thread.ofPlatform().start(() -> oneAtATime.matches("secret", slow));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (oneAtATime.hashesInProgress() == 0 && busy.isAlive() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(oneAtATime.hashesInProgress()).isEqualTo(1);

            assertThatThrownBy(() -> oneAtATime.matches("secret", slow))
                    .isInstanceOf(LagunaException.class)
                    .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
        } finally {
            busy.join();
        }
    }

    /** A hash as earlier versions stored it: PBKDF2-SHA256 at 120,000 iterations. */
    static String legacyPbkdf2(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 120_000, 256)).getEncoded();
            return "pbkdf2-sha256$120000$" + Base64.getEncoder().encodeToString(salt) + "$" + Base64.getEncoder().encodeToString(derived);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
