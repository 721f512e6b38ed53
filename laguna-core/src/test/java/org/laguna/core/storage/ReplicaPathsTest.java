package org.laguna.core.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.laguna.core.did.DidKey;
import org.laguna.core.rse.Lfn2Pfn;

class ReplicaPathsTest {
    @Test
    void aHashPathBelongsToTheOneFileItsMd5Names() {
        String path = Lfn2Pfn.path("hash", "user.jdoe", "run/a.dat");
        assertThat(ReplicaPaths.layoutFiles("hash", path)).containsExactly(new DidKey("user.jdoe", "run/a.dat"));
        assertThat(ReplicaPaths.layoutFiles("hash", path.replace("a.dat", "b.dat"))).isEmpty();
    }

    @Test
    void anIdentityPathOfAUserScopeNamesEveryFileItCouldBe() {
        assertThat(ReplicaPaths.layoutFiles("identity", "user/jdoe/a.dat"))
                .containsExactlyInAnyOrder(new DidKey("user", "jdoe/a.dat"), new DidKey("user.jdoe", "a.dat"));
        assertThat(ReplicaPaths.layoutFiles("identity", "data/a.dat")).containsExactly(new DidKey("data", "a.dat"));
    }

    @Test
    void invalidScopesAndNamesAreNoFiles() {
        assertThat(ReplicaPaths.layoutFiles("identity", "a b/x")).isEmpty();
        assertThat(ReplicaPaths.layoutFiles("identity", "single")).isEmpty();
    }
}
