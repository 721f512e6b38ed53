package org.laguna.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigTest {
    @TempDir
    Path home;

    @Test
    void readsItsKeysFromTheHomeAndTheEnvironment() throws IOException {
        Files.writeString(home.resolve("laguna.properties"),
                "auth.token-cache-ttl=0\nauth.password.memory-kib=65536\nauth.login.max-failures=10\nauth.login.lockout=PT1M\n");

        AuthConfig config = AuthConfig.load(home, Map.of("LAGUNA_AUTH_PASSWORD_ITERATIONS", "3"));

        assertThat(config.tokenCacheTtl()).isZero();
        assertThat(config.passwordCost().memoryKib()).isEqualTo(65_536);
        assertThat(config.passwordCost().iterations()).isEqualTo(3);
        assertThat(config.throttle().maxFailures()).isEqualTo(10);
        assertThat(config.throttle().lockout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.throttle().maxLockout()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void refusesValuesThatCannotWork() throws IOException {
        Files.writeString(home.resolve("laguna.properties"), "auth.login.max-lockout=PT10S\n");

        assertThatThrownBy(() -> AuthConfig.load(home, Map.of()))
                .hasMessageContaining("auth.login.max-lockout (PT10S) must not be shorter than auth.login.lockout (PT30S)");
    }
}
