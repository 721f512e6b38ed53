package org.laguna.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.laguna.core.auth.TokenCleanerDaemon;
import org.laguna.spi.error.LagunaException;

class DaemonsTest {
    @Test
    void shipsTheTokenCleaner() {
        assertThat(Daemons.builtIn().names()).contains(TokenCleanerDaemon.NAME);
        assertThat(Daemons.builtIn().contains("token-cleaner")).isTrue();
    }

    @Test
    void addsDaemonsByNameAndListsThemAlphabetically() {
        Daemons daemons = Daemons.none().with("zeta", core -> null).with("alpha", core -> null);
        assertThat(daemons.names()).containsExactly("alpha", "zeta");
    }

    @Test
    void rejectsDuplicateAndMalformedNames() {
        assertThatThrownBy(() -> Daemons.builtIn().with(TokenCleanerDaemon.NAME, core -> null))
                .hasMessageContaining("registered twice");
        assertThatThrownBy(() -> Daemons.none().with("Token Cleaner", core -> null))
                .hasMessageContaining("lower-case words joined by dashes");
    }

    @Test
    void anUnknownNameIsAnErrorThatListsTheKnownOnes() {
        assertThatThrownBy(() -> Daemons.none().with("alpha", core -> null).create("beta", null))
                .isInstanceOf(LagunaException.class)
                .hasMessage("No daemon named 'beta'; known daemons: alpha");
    }

    @Test
    void aCombinedDaemonRunsAloneWhileTheServerRunsItsPartsAndLeavingItOutLeavesThemOut() {
        Daemons daemons = Daemons.builtIn();
        assertThat(daemons.parts("conveyor")).containsExactly("conveyor-submitter", "conveyor-poller", "conveyor-finisher");
        assertThat(daemons.contains("conveyor")).isTrue();
        assertThat(daemons.forServer(java.util.List.of())).contains("conveyor-submitter", "conveyor-poller", "conveyor-finisher")
                .doesNotContain("conveyor");
        assertThat(daemons.forServer(java.util.List.of("conveyor", "reaper")))
                .doesNotContain("conveyor-submitter", "conveyor-poller", "conveyor-finisher", "reaper").contains("token-cleaner");
        assertThatThrownBy(() -> Daemons.none().withCombined("both", java.util.List.of("missing"), core -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
