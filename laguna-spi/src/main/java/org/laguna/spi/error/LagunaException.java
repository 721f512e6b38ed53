package org.laguna.spi.error;

import java.util.Objects;

/**
 * The one exception family of Laguna: a stable {@link ErrorCode} (which gives the category, the
 * HTTP status and Rucio's class) and a message that names what was wrong and with which value. The
 * REST layer maps it to HTTP and Rucio's error fields in one place.
 *
 * <p>{@link #outcomeUnknown()} tells whether a failed write may nonetheless have taken effect (a
 * timeout after sending, a server error answering a change): the caller must find out by reading
 * before trying again.
 */
public class LagunaException extends RuntimeException {
    private final ErrorCode code;
    private final boolean outcomeUnknown;

    public LagunaException(ErrorCode code, String message) {
        this(code, message, false, null);
    }

    public LagunaException(ErrorCode code, String message, Throwable cause) {
        this(code, message, false, cause);
    }

    public LagunaException(ErrorCode code, String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code is null");
        this.outcomeUnknown = outcomeUnknown;
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorCode.Category category() {
        return code.category();
    }

    /** True if the same request may succeed later without change; see {@link ErrorCode#transientFailure()}. */
    public boolean transientFailure() {
        return code.transientFailure();
    }

    /** True if the failed request may have taken effect anyway: check before trying again. */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
