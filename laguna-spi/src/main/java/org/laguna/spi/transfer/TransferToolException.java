package org.laguna.spi.transfer;

import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * A transfer tool could not do what was asked: a {@link LagunaException} of category
 * {@link ErrorCode.Category#EXTERNAL}, either {@link ErrorCode#TRANSFER_TOOL_UNAVAILABLE} (not
 * reached or too slow: transient) or {@link ErrorCode#TRANSFER_TOOL_ERROR} (refused or answered
 * nonsense: permanent). {@link #outcomeUnknown()} tells whether the request may nonetheless have
 * taken effect (a timeout after sending), in which case the caller must find out by querying
 * instead of trying again.
 */
public class TransferToolException extends LagunaException {
    public TransferToolException(ErrorCode code, String message, boolean outcomeUnknown, Throwable cause) {
        super(requireExternal(code), message, outcomeUnknown, cause);
    }

    /** A failure whose outcome may be unknown: unavailable (transient) if so, else an error (permanent). */
    public TransferToolException(String message, boolean outcomeUnknown, Throwable cause) {
        this(outcomeUnknown ? ErrorCode.TRANSFER_TOOL_UNAVAILABLE : ErrorCode.TRANSFER_TOOL_ERROR, message, outcomeUnknown, cause);
    }

    /** The tool refused or answered something unusable; the request had no effect. */
    public TransferToolException(String message) {
        this(ErrorCode.TRANSFER_TOOL_ERROR, message, false, null);
    }

    private static ErrorCode requireExternal(ErrorCode code) {
        if (code == null || code.category() != ErrorCode.Category.EXTERNAL) {
            throw new IllegalArgumentException("a transfer tool failure needs an external-system code, got " + code);
        }
        return code;
    }
}
