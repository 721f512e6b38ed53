package org.laguna.core.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.laguna.core.auth.oidc.TokenGrants.StorageOperation;
import org.laguna.core.auth.oidc.TokenGrants.StorageScope;
import org.junit.jupiter.api.Test;

class TokenGrantsTest {
    @Test
    void storageScopesAreReadFromTheSpaceSeparatedScopeClaim() {
        TokenGrants grants = TokenGrants.fromClaims("openid storage.read:/ storage.create:/cms/store storage.modify:/cms/tmp/ compute.read",
                null, null);

        assertThat(grants.storage()).containsExactly(new StorageScope(StorageOperation.READ, "/"),
                new StorageScope(StorageOperation.CREATE, "/cms/store"), new StorageScope(StorageOperation.MODIFY, "/cms/tmp"));
        assertThat(grants.scopes()).contains("openid", "compute.read", "storage.read:/");
    }

    @Test
    void aStorageScopeCoversItsPathAndWhatIsBelowItOnly() {
        TokenGrants grants = TokenGrants.fromClaims("storage.create:/cms/store", null, null);

        assertThat(grants.allows(StorageOperation.CREATE, "/cms/store")).isTrue();
        assertThat(grants.allows(StorageOperation.CREATE, "/cms/store/user/f1")).isTrue();
        assertThat(grants.allows(StorageOperation.CREATE, "/cms/storeroom")).isFalse();
        assertThat(grants.allows(StorageOperation.READ, "/cms/store/user/f1")).isFalse();
    }

    @Test
    void storageScopesWithRelativeOrClimbingPathsGrantNoStorageAccess() {
        TokenGrants grants = TokenGrants.fromClaims("storage.read:cms storage.read:/cms/../atlas storage.read storage.stage:/cms//tape/./x", null, null);

        assertThat(grants.storage()).containsExactly(new StorageScope(StorageOperation.STAGE, "/cms/tape/x"));
        assertThat(grants.scopes()).contains("storage.read:cms", "storage.read:/cms/../atlas");
    }

    @Test
    void theScopeClaimMayBeAList() {
        TokenGrants grants = TokenGrants.fromClaims(List.of("storage.read:/a", "openid"), null, null);

        assertThat(grants.allows(StorageOperation.READ, "/a/b")).isTrue();
        assertThat(grants.scopes()).containsExactlyInAnyOrder("storage.read:/a", "openid");
    }

    @Test
    void groupsAreReadInOrderWithoutRepeats() {
        assertThat(TokenGrants.fromClaims(null, List.of("/cms", "/cms/uscms", "/cms"), null).groups()).containsExactly("/cms", "/cms/uscms");
        assertThat(TokenGrants.fromClaims(null, "/atlas", null).groups()).containsExactly("/atlas");
    }

    @Test
    void versionOneOfTheWlcgProfileIsAcceptedAndOthersAreNot() {
        assertThat(TokenGrants.fromClaims(null, null, "1.0").wlcgVersion()).contains("1.0");
        assertThat(TokenGrants.fromClaims(null, null, null).wlcgVersion()).isEmpty();
        assertThatThrownBy(() -> TokenGrants.fromClaims(null, null, "2.0")).hasMessageContaining("wlcg.ver=2.0");
    }

    @Test
    void aTokenWithoutClaimsGrantsNothing() {
        TokenGrants grants = TokenGrants.fromClaims(null, null, null);

        assertThat(grants).isEqualTo(TokenGrants.NONE);
        assertThat(grants.allows(StorageOperation.READ, "/")).isFalse();
    }
}
