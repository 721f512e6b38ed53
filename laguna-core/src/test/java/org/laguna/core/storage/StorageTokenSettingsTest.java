package org.laguna.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laguna.spi.storage.StorageTokens.Access;

class StorageTokenSettingsTest {
    private static final Map<String, Object> TOKEN = Map.of("auth", "token", "token_issuer", "iam", "token_audience", "https://dav.example.org",
            "token_base_path", "/data/vo/");

    @Test
    void onlyAProtocolWithAuthTokenTakesTokens() {
        assertThat(StorageTokenSettings.of("X", "dav.example.org", Map.of())).isEmpty();
        assertThat(StorageTokenSettings.of("X", "dav.example.org", Map.of("auth", "basic"))).isEmpty();
        assertThat(StorageTokenSettings.of("X", "dav.example.org", TOKEN)).isPresent();
    }

    @Test
    void theScopeNamesThePathBelowTheBasePath() {
        StorageTokenSettings settings = StorageTokenSettings.of("X", "dav.example.org", TOKEN).orElseThrow();

        assertThat(settings.scope("davs://dav.example.org:443/data/vo/exp/ab/cd/file", EnumSet.of(Access.READ)))
                .isEqualTo("storage.read:/exp/ab/cd/file");
        assertThat(settings.scope("davs://dav.example.org:443/data/vo/exp/ab/cd", EnumSet.of(Access.MODIFY, Access.READ)))
                .isEqualTo("storage.read:/exp/ab/cd storage.modify:/exp/ab/cd");
        assertThat(settings.scopePath("davs://dav.example.org:443/data/vo/")).isEqualTo("/");
        assertThat(settings.scopePath("davs://dav.example.org:443/data/vo/exp/a b")).as("a space would split the scope").isEqualTo("/exp/a%20b");
    }

    @Test
    void aPathOutsideTheBasePathIsRefused() {
        StorageTokenSettings settings = StorageTokenSettings.of("X", "dav.example.org", TOKEN).orElseThrow();

        assertThatThrownBy(() -> settings.scopePath("davs://dav.example.org:443/data/vother/f")).hasMessageContaining("outside the token base path");
    }

    @Test
    void theAudienceIsTheHostNameUnlessConfiguredAndTheIssuerIsRequired() {
        assertThat(StorageTokenSettings.of("X", "dav.example.org", Map.of("auth", "token", "token_issuer", "iam")).orElseThrow().audience())
                .isEqualTo("dav.example.org");
        assertThatThrownBy(() -> StorageTokenSettings.of("X", "dav.example.org", Map.of("auth", "token")))
                .hasMessageContaining("token_issuer");
    }
}
