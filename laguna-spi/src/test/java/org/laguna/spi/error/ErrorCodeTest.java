package org.laguna.spi.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.laguna.spi.transfer.TransferToolException;

/** The error table: categories agree with statuses, and every code can be read back from an answer. */
class ErrorCodeTest {
    @Test
    void everyCodeIsReadBackFromItsAnswerAsItself() {
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(ErrorCode.fromAnswer(code.name(), code.rucioClass(), code.httpStatus())).as(code.name()).isEqualTo(code);
        }
    }

    @Test
    void onlyChecksumMismatchSharesItsRucioClassSoRucioClientsKeepTheirExceptions() {
        Map<String, List<ErrorCode>> shared = Arrays.stream(ErrorCode.values()).collect(Collectors.groupingBy(ErrorCode::rucioClass))
                .entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(shared).containsExactly(Map.entry("FileConsistencyMismatch",
                List.of(ErrorCode.FILE_CONSISTENCY_MISMATCH, ErrorCode.CHECKSUM_MISMATCH)));
        assertThat(ErrorCode.fromAnswer(null, "FileConsistencyMismatch", 409)).isEqualTo(ErrorCode.FILE_CONSISTENCY_MISMATCH);
        assertThat(ErrorCode.fromAnswer("CHECKSUM_MISMATCH", "FileConsistencyMismatch", 409)).isEqualTo(ErrorCode.CHECKSUM_MISMATCH);
    }

    @Test
    void anAnswerWithoutAKnownCodeFallsBackToTheRucioClassThenTheStatus() {
        assertThat(ErrorCode.fromAnswer("A_CODE_OF_A_NEWER_SERVER", "RSENotFound", 404)).isEqualTo(ErrorCode.RSE_NOT_FOUND);
        assertThat(ErrorCode.fromAnswer(null, "SomethingNew", 404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(ErrorCode.fromAnswer("", "SomethingNew", 400)).isEqualTo(ErrorCode.VALUE_ERROR);
        assertThat(ErrorCode.fromAnswer(null, "", 502)).isEqualTo(ErrorCode.INTERNAL);
    }

    @Test
    void theCategoryOfACodeAgreesWithItsStatus() {
        for (ErrorCode code : ErrorCode.values()) {
            int status = code.httpStatus();
            switch (code.category()) {
                case USER_ERROR -> assertThat(status).as(code.name()).isIn(400, 406, 413, 422);
                case NOT_FOUND -> assertThat(status).as(code.name()).isEqualTo(404);
                case CONFLICT -> assertThat(status).as(code.name()).isIn(409, 423);
                case PERMISSION -> assertThat(status).as(code.name()).isIn(401, 403);
                case EXTERNAL -> assertThat(status).as(code.name()).isIn(401, 502, 503);
                case INTERNAL -> assertThat(status).as(code.name()).isEqualTo(500);
            }
            if (code.transientFailure()) {
                assertThat(code.category()).as(code.name()).isEqualTo(ErrorCode.Category.EXTERNAL);
            }
        }
    }

    @Test
    void aTransferToolFailureIsAnExternalLagunaErrorThatSaysWhetherItMayHaveActed() {
        LagunaException timeout = new TransferToolException("no answer in time", true, null);
        assertThat(timeout.category()).isEqualTo(ErrorCode.Category.EXTERNAL);
        assertThat(timeout.code()).isEqualTo(ErrorCode.TRANSFER_TOOL_UNAVAILABLE);
        assertThat(timeout.transientFailure()).isTrue();
        assertThat(timeout.outcomeUnknown()).isTrue();

        LagunaException refused = new TransferToolException("refused");
        assertThat(refused.code()).isEqualTo(ErrorCode.TRANSFER_TOOL_ERROR);
        assertThat(refused.transientFailure()).isFalse();
        assertThat(refused.outcomeUnknown()).isFalse();

        assertThatThrownBy(() -> new TransferToolException(ErrorCode.RSE_NOT_FOUND, "not a tool failure", false, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOrdinaryErrorHasAKnownOutcome() {
        assertThat(new LagunaException(ErrorCode.RSE_NOT_FOUND, "RSE 'X' not found").outcomeUnknown()).isFalse();
        assertThat(new LagunaException(ErrorCode.INTERNAL, "broke off", true, null).outcomeUnknown()).isTrue();
    }
}
