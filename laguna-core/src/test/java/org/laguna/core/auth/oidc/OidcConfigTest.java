package org.laguna.core.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.LagunaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OidcConfigTest {
    @TempDir
    Path home;

    private OidcConfig load(String properties, Map<String, String> env) throws IOException {
        Files.writeString(home.resolve("laguna.properties"), properties);
        return OidcConfig.load(ConfigSource.load(home, env));
    }

    @Test
    void noIssuersMeansJwtsAreNotAccepted() throws IOException {
        assertThat(load("", Map.of()).enabled()).isFalse();
    }

    @Test
    void anIssuerIsReadWithItsDefaults() throws IOException {
        OidcConfig config = load("auth.oidc.issuers=iam\nauth.oidc.iam.issuer=https://iam.example.org/\n", Map.of());

        OidcConfig.Issuer iam = config.issuers().getFirst();
        assertThat(iam.issuer().toString()).isEqualTo("https://iam.example.org/");
        assertThat(iam.audiences()).containsExactly("rucio");
        assertThat(iam.algorithms()).isEqualTo(OidcConfig.ASYMMETRIC);
        assertThat(iam.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(iam.jwksUri()).isEmpty();
        assertThat(iam.discoveryUri().toString()).isEqualTo("https://iam.example.org/.well-known/openid-configuration");
    }

    @Test
    void everyKeyOfAnIssuerCanBeSetAndTheEnvironmentOverridesTheFile() throws IOException {
        OidcConfig config = load("""
                auth.oidc.issuers=iam, egi
                auth.oidc.iam.issuer=https://iam.example.org/
                auth.oidc.iam.audiences=rucio, https://rucio.example.org
                auth.oidc.iam.algorithms=rs256,ES256
                auth.oidc.iam.account-claim=preferred_username
                auth.oidc.iam.clock-skew=PT30S
                auth.oidc.egi.issuer=https://aai.egi.eu/auth/realms/egi
                auth.oidc.egi.jwks-uri=https://aai.egi.eu/auth/realms/egi/protocol/openid-connect/certs
                auth.oidc.cache-size=50
                """, Map.of("LAGUNA_AUTH_OIDC_EGI_AUDIENCES", "laguna"));

        assertThat(config.cacheSize()).isEqualTo(50);
        OidcConfig.Issuer iam = config.issuers().get(0);
        assertThat(iam.audiences()).containsExactlyInAnyOrder("rucio", "https://rucio.example.org");
        assertThat(iam.algorithms()).containsExactlyInAnyOrder("RS256", "ES256");
        assertThat(iam.accountClaim()).contains("preferred_username");
        assertThat(iam.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        OidcConfig.Issuer egi = config.issuers().get(1);
        assertThat(egi.audiences()).isEqualTo(Set.of("laguna"));
        assertThat(egi.jwksUri().orElseThrow().getHost()).isEqualTo("aai.egi.eu");
    }

    @Test
    void sharedSecretAndUnsignedAlgorithmsAreRefused() {
        assertThatThrownBy(() -> load("auth.oidc.issuers=x\nauth.oidc.x.issuer=https://x.org\nauth.oidc.x.algorithms=RS256,HS256\n", Map.of()))
                .isInstanceOf(LagunaException.class).hasMessageContaining("auth.oidc.x.algorithms: HS256 is not accepted");
        assertThatThrownBy(() -> load("auth.oidc.issuers=x\nauth.oidc.x.issuer=https://x.org\nauth.oidc.x.algorithms=none\n", Map.of()))
                .hasMessageContaining("NONE is not accepted");
    }

    @Test
    void mistakesInTheIssuerListAreNamed() {
        assertThatThrownBy(() -> load("auth.oidc.issuers=iam\n", Map.of())).hasMessageContaining("auth.oidc.iam.issuer is not set");
        assertThatThrownBy(() -> load("auth.oidc.issuers=iam\nauth.oidc.iam.issuer=iam.example.org\n", Map.of()))
                .hasMessageContaining("auth.oidc.iam.issuer must be an http(s) URL");
        assertThatThrownBy(() -> load("auth.oidc.issuers=iam\nauth.oidc.iam.issuer=https://i.org\nauth.oidc.iam.clock-skew=PT1H\n", Map.of()))
                .hasMessageContaining("clock-skew must be between");
        assertThatThrownBy(() -> load("auth.oidc.issuers=a,b\nauth.oidc.a.issuer=https://i.org\nauth.oidc.b.issuer=https://i.org\n", Map.of()))
                .hasMessageContaining("configured twice");
    }
}
