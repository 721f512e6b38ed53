package org.laguna.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class StoragePathsTest {
    private static final List<String> BUCKET = StoragePaths.prefixSegments("/bucket");

    @Test
    void aPrefixCoversOnlyPathsBelowItsLastSegment() {
        assertThat(StoragePaths.below(BUCKET, StoragePaths.objectSegments("/bucket/obj/a.dat"))).contains("obj/a.dat");
        assertThat(StoragePaths.below(BUCKET, StoragePaths.objectSegments("/bucket-other/obj"))).isEmpty();
        assertThat(StoragePaths.below(BUCKET, StoragePaths.objectSegments("/bucketobj"))).isEmpty();
        assertThat(StoragePaths.below(BUCKET, StoragePaths.objectSegments("/bucket"))).isEmpty();
        assertThat(StoragePaths.below(StoragePaths.prefixSegments("/bucket/data"), StoragePaths.objectSegments("/bucket/database/x")))
                .isEmpty();
    }

    @Test
    void prefixSlashesDoNotCount() {
        assertThat(StoragePaths.prefixSegments("bucket/")).isEqualTo(BUCKET);
        assertThat(StoragePaths.prefixSegments("//bucket//data/")).containsExactly("bucket", "data");
        assertThat(StoragePaths.below(StoragePaths.prefixSegments("/"), StoragePaths.objectSegments("/b/x"))).contains("b/x");
    }

    @Test
    void pathsAStorageMightReadAnotherWayAreRefused() {
        for (String path : List.of("/bucket/../other/x", "/bucket/a/./x", "/bucket/a/..", "/bucket//x", "/bucket/x/",
                "/bucket/%2e%2e/other/x", "/bucket/a%2Fb", "/bucket/a%20b", "bucket/x", "", "/")) {
            assertThatThrownBy(() -> StoragePaths.objectSegments(path)).as(path)
                    .isInstanceOfSatisfying(LagunaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PATH));
        }
    }

    @Test
    void segmentsAreThoseBetweenSlashes() {
        assertThat(StoragePaths.objectSegments("/bucket/user/jdoe/a.b..c")).containsExactly("bucket", "user", "jdoe", "a.b..c");
    }
}
