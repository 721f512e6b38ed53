package org.laguna.core.daemon;

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

class DaemonConfigTest {
    @TempDir
    Path home;

    @Test
    void defaultsToTenSecondHeartbeatsThatExpireAfterAMinute() {
        DaemonConfig config = DaemonConfig.load(home, Map.of());
        assertThat(config).isEqualTo(DaemonConfig.DEFAULTS);
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.sleep()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void readsThePropertiesFileAndLetsTheEnvironmentOverrideIt() throws IOException {
        Files.writeString(home.resolve("laguna.properties"), "daemon.heartbeat-interval=PT2S\ndaemon.sleep=1\ndaemon.heartbeat-timeout=PT30S\n");
        DaemonConfig config = DaemonConfig.load(home, Map.of("LAGUNA_DAEMON_HEARTBEAT_TIMEOUT", "PT20S", "LAGUNA_DAEMON_MAX_BACKOFF", "PT1M"));
        assertThat(config).isEqualTo(new DaemonConfig(Duration.ofSeconds(2), Duration.ofSeconds(20), Duration.ofSeconds(1), Duration.ofMinutes(1)));
    }

    @Test
    void rejectsATimeoutNoLongerThanTheInterval() {
        assertThatThrownBy(() -> DaemonConfig.load(home, Map.of("LAGUNA_DAEMON_HEARTBEAT_TIMEOUT", "PT10S")))
                .isInstanceOf(LagunaException.class)
                .hasMessageContaining("daemon.heartbeat-timeout (PT10S) must be longer than daemon.heartbeat-interval (PT10S)");
        assertThatThrownBy(() -> DaemonConfig.load(home, Map.of("LAGUNA_DAEMON_SLEEP", "soon")))
                .hasMessageContaining("daemon.sleep must be an ISO-8601 duration");
    }

    @Test
    void backsOffByDoublingTheSleepUpToTheMaximum() {
        DaemonConfig config = new DaemonConfig(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(config.backoff(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.backoff(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.backoff(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(config.backoff(4)).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.backoff(1_000)).isEqualTo(Duration.ofSeconds(30));
    }
}
