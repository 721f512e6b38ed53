package org.laguna.core.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.config.ConfigSource;
import org.laguna.spi.error.LagunaException;

class RegistrationConfigTest {
    @TempDir
    Path home;

    private RegistrationConfig load(String properties) throws IOException {
        Files.writeString(home.resolve("laguna.properties"), properties);
        return RegistrationConfig.from(ConfigSource.load(home, Map.of()), home);
    }

    @Test
    void closedUnlessEnabled() throws IOException {
        RegistrationConfig config = load("");

        assertThat(config.enabled()).isFalse();
        assertThat(config.nameClaim()).isEqualTo("preferred_username");
    }

    @Test
    void readsTermsFromAFileAndQuotasPerExpression() throws IOException {
        Files.writeString(home.resolve("terms.txt"), "Be nice.\n");

        RegistrationConfig config = load("""
                registration.enabled=true
                registration.terms.version=v2
                registration.terms.file=terms.txt
                registration.approval-required=yes
                registration.name-claim=nickname
                registration.quota.CNAF_DISK=100
                registration.quota.tier\\=1&country\\=IT=-1
                """);

        assertThat(config.termsText()).isEqualTo("Be nice.\n");
        assertThat(config.termsSha256()).hasSize(64);
        assertThat(config.approvalRequired()).isTrue();
        assertThat(config.nameClaim()).isEqualTo("nickname");
        assertThat(config.quotas()).containsEntry("CNAF_DISK", 100L).containsEntry("tier=1&country=IT", -1L);
    }

    @Test
    void refusesEnablingWithoutTermsAndBadQuotas() {
        assertThatThrownBy(() -> load("registration.enabled=true\n")).isInstanceOf(LagunaException.class)
                .hasMessageContaining("registration.terms.version");
        assertThatThrownBy(() -> load("registration.quota.SITE=lots\n")).hasMessageContaining("registration.quota.SITE");
        assertThatThrownBy(() -> load("registration.quota.SITE=-5\n")).hasMessageContaining("-1 (unlimited)");
        assertThatThrownBy(() -> load("registration.quota.a&&b=5\n")).hasMessageContaining("RSE expression");
        assertThatThrownBy(() -> load("registration.approval-required=maybe\n")).hasMessageContaining("true or false");
    }
}
