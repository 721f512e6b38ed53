package org.laguna.core.transfer.path;

import java.util.Objects;
import org.laguna.core.rse.RseProtocol;

/**
 * One copy of a path: from an RSE to the next, with the protocol to read at the source and the
 * one to write at the destination.
 */
public record Hop(String source, String destination, RseProtocol sourceProtocol, RseProtocol destinationProtocol, int distance) {
    public Hop {
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(destination, "destination is null");
        Objects.requireNonNull(sourceProtocol, "sourceProtocol is null");
        Objects.requireNonNull(destinationProtocol, "destinationProtocol is null");
    }
}
