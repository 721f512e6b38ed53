package org.laguna.core.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.LagunaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OidcClientSettingsTest {
    @TempDir
    Path home;

    private Optional<OidcClientSettings> read(String properties) throws IOException {
        Files.writeString(home.resolve("laguna.properties"), properties);
        return OidcClientSettings.read(ConfigSource.load(home, Map.of()), "iam");
    }

    @Test
    void aClientIdMakesAClientWithTheDefaultScopesAndABlankSecretIsNone() throws IOException {
        OidcClientSettings client = read("auth.oidc.iam.client-id= laguna \nauth.oidc.iam.client-secret= \n").orElseThrow();

        assertThat(client.issuerName()).isEqualTo("iam");
        assertThat(client.clientId()).isEqualTo("laguna");
        assertThat(client.clientSecret()).isEmpty();
        assertThat(client.scopes()).isEqualTo(OidcClientSettings.DEFAULT_SCOPES);
    }

    @Test
    void theSecretAndScopesAreReadAndTheSecretIsNeverPrinted() throws IOException {
        OidcClientSettings client = read("auth.oidc.iam.client-id=laguna\nauth.oidc.iam.client-secret=s3cr3t-value\n"
                + "auth.oidc.iam.scopes=openid\n").orElseThrow();

        assertThat(client.clientSecret()).contains("s3cr3t-value");
        assertThat(client.scopes()).isEqualTo("openid");
        assertThat(client.toString()).doesNotContain("s3cr3t-value").contains("secret set");
    }

    @Test
    void noClientIdIsNoClientAndASecretWithoutOneIsRefused() throws IOException {
        assertThat(read("auth.oidc.other.client-id=laguna\n")).isEmpty();
        assertThatThrownBy(() -> read("auth.oidc.iam.client-secret=s3cr3t\n")).isInstanceOf(LagunaException.class)
                .hasMessageContaining("auth.oidc.iam.client-secret").hasMessageContaining("auth.oidc.iam.client-id");
    }
}
