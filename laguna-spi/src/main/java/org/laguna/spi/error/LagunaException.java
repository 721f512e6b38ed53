package org.laguna.spi.error;

import java.util.Objects;

/**
 * The one exception family of Laguna: a stable {@link ErrorCode} and a message that names what was
 * wrong and with which value. The REST layer maps it to HTTP and Rucio's error fields in one place.
 */
public class LagunaException extends RuntimeException {
    private final ErrorCode code;

    public LagunaException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code is null");
    }

    public LagunaException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code is null");
    }

    public ErrorCode code() {
        return code;
    }
}
