package org.laguna.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.spi.error.LagunaException;

class SecurityConfigTest {
    @TempDir
    Path home;

    @Test
    void defaultsToOneHourSignaturesAndPrivateMetricsAndIdentities() {
        SecurityConfig config = SecurityConfig.load(home, Map.of());
        assertThat(config).isEqualTo(new SecurityConfig(Duration.ofHours(1), false, false));
    }

    @Test
    void readsThePropertiesFileAndLetsTheEnvironmentOverrideIt() throws IOException {
        Files.writeString(home.resolve("laguna.properties"), "security.signurl-max-lifetime=P1D\nsecurity.metrics-public=true\n");
        SecurityConfig config = SecurityConfig.load(home, Map.of("LAGUNA_SECURITY_IDENTITIES_VISIBLE_TO_ALL", "TRUE"));
        assertThat(config).isEqualTo(new SecurityConfig(Duration.ofDays(1), true, true));
    }

    @Test
    void refusesLifetimesBeyondWhatS3SignsAndFlagsThatAreNoBooleans() {
        assertThatThrownBy(() -> SecurityConfig.load(home, Map.of("LAGUNA_SECURITY_SIGNURL_MAX_LIFETIME", "P8D")))
                .isInstanceOf(LagunaException.class).hasMessageContaining("security.signurl-max-lifetime must be 1 second to 7 days");
        assertThatThrownBy(() -> SecurityConfig.load(home, Map.of("LAGUNA_SECURITY_METRICS_PUBLIC", "yes")))
                .isInstanceOf(LagunaException.class).hasMessageContaining("security.metrics-public must be true or false, got 'yes'");
    }
}
