package org.laguna.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.testing.TestCore;

/**
 * The core reads every component's settings from the one source it is given (the environment
 * passed in by the entry point), never from the process environment behind the caller's back.
 */
class CoreConfigSourceTest {
    @Test
    void theCoreReadsTheComponentsSettingsFromTheEnvironmentItIsGiven() {
        LagunaConfig config = TestCore.config();
        Path home = config.home();
        Map<String, String> env = Map.of(
                "LAGUNA_TRANSFER_MAX_ATTEMPTS", "7",
                "LAGUNA_DAEMON_HEARTBEAT_TIMEOUT", "PT77S",
                "LAGUNA_SECURITY_METRICS_PUBLIC", "true",
                "LAGUNA_REPLICA_SUSPICIOUS_THRESHOLD", "9");
        try (LagunaCore core = LagunaCore.start(config.withSource(ConfigSource.load(home, env)))) {
            assertThat(core.transferConfig().maxAttempts()).isEqualTo(7);
            assertThat(core.daemonConfig().heartbeatTimeout()).isEqualTo(Duration.ofSeconds(77));
            assertThat(core.securityConfig().metricsPublic()).isTrue();
            assertThat(core.recoveryConfig().suspiciousThreshold()).isEqualTo(9);
        }
    }

    @Test
    void storageSecretsComeFromTheFileAndTheGivenEnvironment() {
        ConfigSource source = ConfigSource.load(TestCore.config().home(), Map.of("LAGUNA_STORAGE_SOME_DISK_TOKEN", "t0ken"));
        assertThat(org.laguna.core.storage.StorageCredentials.from(source).forRse("SOME-DISK")).containsEntry("token", "t0ken");
    }
}
