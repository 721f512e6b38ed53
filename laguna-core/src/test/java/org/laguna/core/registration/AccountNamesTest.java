package org.laguna.core.registration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.laguna.core.common.Names;

class AccountNamesTest {
    @Test
    void aClaimBecomesALowerCaseNameWithoutAccentsNorOtherCharacters() {
        assertThat(AccountNames.fromClaim("Jöhn.Doe")).isEqualTo("john_doe");
        assertThat(AccountNames.fromClaim("  marie-claire@infn.it ")).isEqualTo("marie-claire_infn_it");
        assertThat(AccountNames.fromClaim("__x__")).isEqualTo("x");
    }

    @Test
    void aNameLeavesRoomForItsUserScope() {
        String name = AccountNames.fromClaim("Maximilian.Alexander-Longname");

        assertThat(name).isEqualTo("maximilian_alexander");
        assertThat(Names.scope(AccountNames.SCOPE_PREFIX + name)).isEqualTo("user.maximilian_alexander");
        assertThat(Names.account(name)).isEqualTo(name);
    }

    @Test
    void nothingUsableGivesUser() {
        assertThat(AccountNames.fromClaim("日本語")).isEqualTo("user");
        assertThat(AccountNames.fromClaim("")).isEqualTo("user");
        assertThat(AccountNames.fromClaim(null)).isEqualTo("user");
    }

    @Test
    void aTakenNameGetsTheLowestFreeNumberAndStaysShortEnough() {
        assertThat(AccountNames.firstFree("carol", Set.of()::contains)).isEqualTo("carol");
        assertThat(AccountNames.firstFree("carol", Set.of("carol", "carol2")::contains)).isEqualTo("carol3");
        assertThat(AccountNames.firstFree("maximilian_alexander", Set.of("maximilian_alexander")::contains))
                .isEqualTo("maximilian_alexande2").hasSize(AccountNames.MAX_LENGTH);
    }
}
