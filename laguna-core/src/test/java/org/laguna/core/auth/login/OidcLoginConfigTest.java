package org.laguna.core.auth.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.laguna.core.auth.oidc.OidcConfig;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.LagunaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OidcLoginConfigTest {
    private static final String ISSUERS = "auth.oidc.issuers=iam,keycloak\nauth.oidc.iam.issuer=https://iam.example.org/\n"
            + "auth.oidc.keycloak.issuer=https://kc.example.org/realms/r\n";

    @TempDir
    Path home;

    private OidcLoginConfig load(String properties) throws IOException {
        Files.writeString(home.resolve("laguna.properties"), ISSUERS + properties);
        ConfigSource source = ConfigSource.load(home, Map.of());
        return OidcLoginConfig.load(source, OidcConfig.load(source));
    }

    @Test
    void onlyIssuersWithAClientIdTakeLogins() throws IOException {
        OidcLoginConfig config = load("auth.oidc.keycloak.client-id=laguna\n");

        assertThat(config.clients()).containsOnlyKeys("keycloak");
        assertThat(config.issuerByDefault()).contains("keycloak");
        assertThat(config.clients().get("keycloak").scopes()).isEqualTo("openid profile offline_access");
        assertThat(config.clients().get("keycloak").clientSecret()).isEmpty();
        assertThat(config.sessionLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.refreshLifetime()).isEqualTo(Duration.ofHours(96));
        assertThat(config.keyConfigured()).isFalse();
    }

    @Test
    void theClientSecretIsNotShownWhenTheConfigurationIsPrinted() throws IOException {
        OidcLoginConfig config = load("auth.oidc.iam.client-id=laguna\nauth.oidc.iam.client-secret=s3cr3t-value\n");

        assertThat(config.clients().get("iam").clientSecret()).contains("s3cr3t-value");
        assertThat(config.clients().toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void aDefaultIssuerWithoutClientAndABadKeyAreRefusedAtStart() {
        assertThatThrownBy(() -> load("auth.oidc.iam.client-id=laguna\nauth.oidc.login.default-issuer=keycloak\n"))
                .isInstanceOf(LagunaException.class).hasMessageContaining("default-issuer keycloak");
        assertThatThrownBy(() -> load("auth.oidc.login.refresh-token-key=" + Base64.getEncoder().encodeToString(new byte[7]) + "\n"))
                .isInstanceOf(LagunaException.class).hasMessageContaining("16, 24 or 32 bytes");
        assertThatThrownBy(() -> load("auth.oidc.login.base-url=ftp://x\n"))
                .isInstanceOf(LagunaException.class).hasMessageContaining("base-url");
    }

    @Test
    void sealedSecretsOpenOnlyWithTheKeyAndTheRowTheyWereSealedFor() {
        byte[] key = new byte[32];
        SecretCipher cipher = new SecretCipher(key);
        byte[] sealed = cipher.encrypt("refresh-token-value", "row-1");

        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("refresh-token-value");
        assertThat(cipher.decrypt(sealed, "row-1")).isEqualTo("refresh-token-value");
        assertThatThrownBy(() -> cipher.decrypt(sealed, "row-2")).isInstanceOf(LagunaException.class);
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> new SecretCipher(other).decrypt(sealed, "row-1")).isInstanceOf(LagunaException.class)
                .hasMessageContaining("refresh-token-key");
    }
}
