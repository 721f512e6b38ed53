package org.laguna.spi.transfer;

/**
 * A transfer tool could not do what was asked. {@link #outcomeUnknown()} tells whether the
 * request may nonetheless have taken effect (a timeout after sending), in which case the caller
 * must find out by querying instead of trying again.
 */
public class TransferToolException extends RuntimeException {
    private final boolean outcomeUnknown;

    public TransferToolException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    public TransferToolException(String message) {
        this(message, false, null);
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
