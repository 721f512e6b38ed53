package org.laguna.spi.transfer;

import java.util.List;
import java.util.Objects;

/**
 * One file of a {@link TransferJob}.
 *
 * @param requestId the conveyor's request id; statuses are reported under it
 * @param sources where the file can be read, best first (the tool may try the next on failure)
 * @param destination where it must be written
 * @param bytes its size
 * @param adler32 its adler32 (8 hex digits), or null if unknown
 * @param md5 its md5 (32 hex digits), or null if unknown
 */
public record TransferFile(String requestId, List<TransferEndpoint> sources, TransferEndpoint destination, long bytes, String adler32,
        String md5) {
    public TransferFile {
        Objects.requireNonNull(requestId, "requestId is null");
        sources = List.copyOf(Objects.requireNonNull(sources, "sources is null"));
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a transfer file needs at least one source");
        }
        Objects.requireNonNull(destination, "destination is null");
    }
}
