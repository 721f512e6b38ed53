package org.laguna.core.rse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Lfn2PfnTest {
    @Test
    void hashPutsTwoLevelsFromTheMd5OfScopeAndName() {
        String path = Lfn2Pfn.path("hash", "cygno", "run1.dat");
        assertThat(path).matches("cygno/[0-9a-f]{2}/[0-9a-f]{2}/run1\\.dat");
        assertThat(Lfn2Pfn.path("hash", "mock", "file")).isEqualTo("mock/ca/2a/file");
    }

    @Test
    void userAndGroupScopesBecomeDirectories() {
        assertThat(Lfn2Pfn.path("identity", "user.jdoe", "f")).isEqualTo("user/jdoe/f");
        assertThat(Lfn2Pfn.path("hash", "group.phys", "f")).startsWith("group/phys/");
        assertThat(Lfn2Pfn.path("identity", "data.17", "f")).isEqualTo("data.17/f");
    }

    @Test
    void unknownAlgorithmIsAnError() {
        assertThatThrownBy(() -> Lfn2Pfn.path("magic", "s", "n")).hasMessageContaining("magic");
    }

    @Test
    void fileSchemeLeavesThePortOutAndNormalisesThePrefix() {
        assertThat(Lfn2Pfn.pfn("file", "localhost", 0, "/tmp/rse1/", "s/n")).isEqualTo("file://localhost/tmp/rse1/s/n");
        assertThat(Lfn2Pfn.pfn("file", "localhost", 0, "tmp/rse1", "/s/n")).isEqualTo("file://localhost/tmp/rse1/s/n");
    }

    @Test
    void networkSchemesCarryThePort() {
        assertThat(Lfn2Pfn.pfn("davs", "dcache.example.org", 2880, "/pnfs/data", "s/n"))
                .isEqualTo("davs://dcache.example.org:2880/pnfs/data/s/n");
        assertThat(Lfn2Pfn.pfn("s3", "minio", 9000, "bucket/", "s/n")).isEqualTo("s3://minio:9000/bucket/s/n");
    }
}
