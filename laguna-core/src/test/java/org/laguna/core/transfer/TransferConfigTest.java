package org.laguna.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class TransferConfigTest {
    private static TransferConfig builtin(Map<String, String> keys) {
        return new TransferConfig(TransferConfig.BUILTIN, keys, 3, Duration.ofSeconds(30), Duration.ofMinutes(15), 1000, 200);
    }

    @Test
    void aWholeNumberOfTheToolIsReadAndAMissingOneTakesTheDefault() {
        TransferConfig config = builtin(Map.of("third-party-copy-min-bytes", " 0 "));
        assertThat(config.toolLong("third-party-copy-min-bytes", 7)).isZero();
        assertThat(config.toolLong("other", 7)).isEqualTo(7);
    }

    @Test
    void theLongestRetryPauseAndTheStuckRetryDelayHaveDefaultsAndMustNotBeNegative() {
        TransferConfig config = builtin(Map.of());
        assertThat(config.retryDelayMax()).isEqualTo(Duration.ofHours(2));
        assertThat(config.stuckRetryDelay()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.withTimings(5, Duration.ofSeconds(1), Duration.ZERO).stuckRetryDelay()).isEqualTo(Duration.ofMinutes(30));
        assertThatThrownBy(() -> new TransferConfig(TransferConfig.BUILTIN, Map.of(), 3, Duration.ofSeconds(30), Duration.ofMinutes(15), 1000,
                200, Duration.ofSeconds(-1), Duration.ofMinutes(30))).isInstanceOf(LagunaException.class)
                .hasMessageContaining("transfer.retry-delay-max");
    }

    @Test
    void aNegativeOrNonNumericValueIsRefusedNamingTheKey() {
        for (String bad : new String[] {"-1", "1MiB", ""}) {
            TransferConfig config = builtin(Map.of("third-party-copy-min-bytes", bad));
            assertThatThrownBy(() -> config.toolLong("third-party-copy-min-bytes", 0)).isInstanceOf(LagunaException.class)
                    .hasMessageContaining("transfer.builtin.third-party-copy-min-bytes").hasMessageContaining("'" + bad + "'")
                    .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE_FOR_KEY));
        }
    }

    @Test
    void signedUrlsForThirdPartyToolsLastTwelveHoursByDefaultAndAtMostTheSevenDaysS3Signs(@TempDir Path home) {
        assertThat(TransferConfig.DEFAULTS.signedUrlLifetime()).isEqualTo(Duration.ofHours(12));
        assertThat(builtin(Map.of()).signedUrlLifetime()).isEqualTo(Duration.ofHours(12));
        TransferConfig configured = TransferConfig.load(home, Map.of("LAGUNA_TRANSFER_SIGNED_URL_LIFETIME", "PT3H"));
        assertThat(configured.signedUrlLifetime()).isEqualTo(Duration.ofHours(3));
        assertThat(configured.withTimings(1, Duration.ZERO, Duration.ZERO).signedUrlLifetime()).isEqualTo(Duration.ofHours(3));
        for (String bad : new String[] {"PT30S", "P8D"}) {
            assertThatThrownBy(() -> TransferConfig.load(home, Map.of("LAGUNA_TRANSFER_SIGNED_URL_LIFETIME", bad)))
                    .isInstanceOf(LagunaException.class).hasMessageContaining("transfer.signed-url-lifetime");
        }
    }
}
