package org.laguna.core.rse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class Lfn2PfnTest {
    @Test
    void hashIsTheDefaultAlgorithm() {
        assertThat(Lfn2Pfn.DEFAULT_ALGORITHM).isEqualTo("hash");
        assertThat(Lfn2Pfn.path(null, "mock", "file")).isEqualTo("mock/ca/2a/file");
        assertThat(Lfn2Pfn.path("default", "mock", "file")).isEqualTo("mock/ca/2a/file");
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
        assertThatThrownBy(() -> Lfn2Pfn.path("magic", "s", "n"))
                .hasMessageContaining("magic")
                .satisfies(e -> assertThat(((LagunaException) e).code()).isEqualTo(ErrorCode.INVALID_VALUE_FOR_KEY));
    }

    @Test
    void withoutImplementationTheFileSchemeLeavesThePortOut() {
        assertThat(Lfn2Pfn.pfn("file", "localhost", 0, "/tmp/rse1/", "s/n")).isEqualTo("file://localhost/tmp/rse1/s/n");
        assertThat(Lfn2Pfn.pfn("file", "localhost", 0, "tmp/rse1", "/s/n")).isEqualTo("file://localhost/tmp/rse1/s/n");
    }

    @Test
    void withoutImplementationOtherSchemesCarryThePort() {
        assertThat(Lfn2Pfn.pfn("davs", "dcache.example.org", 2880, "/pnfs/data", "s/n"))
                .isEqualTo("davs://dcache.example.org:2880/pnfs/data/s/n");
        assertThat(Lfn2Pfn.pfn("s3", "minio", 9000, "bucket/", "s/n")).isEqualTo("s3://minio:9000/bucket/s/n");
    }

    @Test
    void theImplementationDecidesTheForm() {
        assertThat(Lfn2Pfn.pfn("rucio.rse.protocols.gfal.Default", "davs", "h", 0, "/p", Map.of(), "s/n")).isEqualTo("davs://h/p/s/n");
        assertThat(Lfn2Pfn.pfn("rucio.rse.protocols.webdav.Default", "davs", "h", 0, "/p", Map.of(), "s/n")).isEqualTo("davs://h:0/p/s/n");
    }
}
