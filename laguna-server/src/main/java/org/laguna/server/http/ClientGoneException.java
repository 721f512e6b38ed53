package org.laguna.server.http;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The client closed the connection while its answer was being written; nothing more can be sent. */
public final class ClientGoneException extends UncheckedIOException {
    public ClientGoneException(IOException cause) {
        super("client went away while the answer was written", cause);
    }
}
