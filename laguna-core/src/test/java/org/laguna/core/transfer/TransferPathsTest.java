package org.laguna.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.laguna.core.rse.RseProtocol;

/** Which copies the submitter takes as direct, and which need a multi-hop path. */
class TransferPathsTest {
    private static final int NONE = RseProtocol.UNSUPPORTED;

    private static RseProtocol wan(String scheme) {
        return new RseProtocol(scheme, "localhost", 0, "/data", "impl", NONE, NONE, NONE, 1, 1, 1, NONE, NONE, null);
    }

    private static RseProtocol tpc(String scheme, int read, int write) {
        return new RseProtocol(scheme, "localhost", 0, "/data", "impl", NONE, NONE, NONE, NONE, NONE, NONE, read, write, null);
    }

    @Test
    void withoutThirdPartyCopyPrioritiesTheWanOnesCount() {
        RseProtocol effective = TransferPaths.effective(wan("file"));
        assertThat(effective.thirdPartyCopyRead()).isEqualTo(1);
        assertThat(effective.thirdPartyCopyWrite()).isEqualTo(1);
        RseProtocol own = tpc("davs", 2, 3);
        assertThat(TransferPaths.effective(own)).isSameAs(own);
    }

    @Test
    void sameOrInterchangeableSchemesAreDirectOthersAreNot() {
        assertThat(TransferPaths.direct(List.of(TransferPaths.effective(wan("file"))), List.of(TransferPaths.effective(wan("file"))))).isTrue();
        assertThat(TransferPaths.direct(List.of(TransferPaths.effective(wan("s3"))), List.of(TransferPaths.effective(wan("s3s"))))).isTrue();
        assertThat(TransferPaths.direct(List.of(tpc("davs", 1, NONE)), List.of(tpc("https", NONE, 1)))).isTrue();
        assertThat(TransferPaths.direct(List.of(TransferPaths.effective(wan("file"))), List.of(TransferPaths.effective(wan("s3"))))).isFalse();
        assertThat(TransferPaths.direct(List.of(TransferPaths.effective(wan("file")), TransferPaths.effective(wan("s3"))),
                List.of(TransferPaths.effective(wan("s3"))))).as("one fitting pair is enough").isTrue();
        assertThat(TransferPaths.direct(List.of(tpc("s3", NONE, 1)), List.of(tpc("s3", NONE, 1)))).as("the source cannot be read").isFalse();
        assertThat(TransferPaths.direct(List.of(), List.of(TransferPaths.effective(wan("file"))))).isFalse();
    }
}
