package org.laguna.transfer.fts3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.transfer.TransferTool;
import org.laguna.spi.transfer.TransferTools;

class Fts3ConfigTest {
    @Test
    void theToolIsFoundByNameAmongThePlugins() {
        try (TransferTool tool = TransferTools.load().create("fts3", Map.of("url", "https://fts3.example.org:8446"))) {
            assertThat(tool.name()).isEqualTo("fts3");
        }
    }

    @Test
    void appliesDefaults() {
        Fts3Config config = Fts3Config.from(Map.of("url", "https://fts3.example.org:8446/"));

        assertThat(config.url()).hasToString("https://fts3.example.org:8446");
        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.sourceStrategy()).isEqualTo("orderly");
        assertThat(config.queryBatchSize()).isEqualTo(50);
        assertThat(config.retry()).isEmpty();
    }

    @Test
    void readsDurationsAsIsoOrSecondsAndTheProxyAsCertificateAndKey() {
        Fts3Config config = Fts3Config.from(Map.of("url", "https://fts3.example.org:8446", "connect-timeout", "5",
                "request-timeout", "PT2M", "proxy", "/tmp/x509up_u1000"));

        assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.requestTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.certificate()).contains(Path.of("/tmp/x509up_u1000"));
        assertThat(config.privateKey()).isEmpty();
    }

    @Test
    void neverShowsTheTokenInItsText() {
        Fts3Config config = Fts3Config.from(Map.of("url", "https://fts3.example.org:8446", "token", "eyJ.secret.token"));

        assertThat(config.toString()).doesNotContain("eyJ.secret.token").contains("token=(set)").contains("https://fts3.example.org:8446");
    }

    @Test
    void requiresTheUrl() {
        assertThatThrownBy(() -> Fts3Config.from(Map.of("token", "t")))
                .isInstanceOfSatisfying(LagunaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MISSING_PARAMETER))
                .hasMessageContaining("transfer.fts3.url");
    }

    @Test
    void refusesAMisspeltKeyNamingIt() {
        assertThatThrownBy(() -> Fts3Config.from(Map.of("url", "https://f", "tokenfile", "/x")))
                .isInstanceOfSatisfying(LagunaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_VALUE_FOR_KEY))
                .hasMessageContaining("transfer.fts3.tokenfile")
                .hasMessageContaining("token-file");
    }

    @Test
    void refusesContradictorySettings() {
        assertThatThrownBy(() -> Fts3Config.from(Map.of("url", "https://f", "token", "t", "token-file", "/x")))
                .isInstanceOf(LagunaException.class).hasMessageContaining("either token or token-file");
        assertThatThrownBy(() -> Fts3Config.from(Map.of("url", "https://f", "proxy", "/p", "certificate", "/c")))
                .isInstanceOf(LagunaException.class).hasMessageContaining("either proxy or certificate");
        assertThatThrownBy(() -> Fts3Config.from(Map.of("url", "https://f", "private-key", "/k")))
                .isInstanceOf(LagunaException.class).hasMessageContaining("private-key is set but");
    }

    @Test
    void refusesBadValuesNamingKeyAndValue() {
        assertThatThrownBy(() -> Fts3Config.from(Map.of("url", "ftp://fts3.example.org")))
                .isInstanceOf(LagunaException.class).hasMessageContaining("transfer.fts3.url").hasMessageContaining("ftp://fts3.example.org");
        assertThatThrownBy(() -> Fts3Config.from(Map.of("url", "https://f", "request-timeout", "soon")))
                .isInstanceOf(LagunaException.class).hasMessageContaining("transfer.fts3.request-timeout").hasMessageContaining("'soon'");
        assertThatThrownBy(() -> Fts3Config.from(Map.of("url", "https://f", "query-batch-size", "0")))
                .isInstanceOf(LagunaException.class).hasMessageContaining("query-batch-size");
    }
}
