package org.laguna.spi.transfer;

import java.util.List;
import java.util.Objects;

/**
 * One unit of submission. Usually a job holds independent files; with {@code multihop} its files
 * are the hops of one path, in order, and a hop starts only after the previous one succeeded.
 *
 * @param files the files to move, at least one
 * @param activity the activity of the requests (for the tool's shares), may be empty
 * @param priority 1 (lowest) to 5 (highest), as in FTS3
 * @param multihop whether the files are consecutive hops of one path
 * @param verifyChecksum whether the destination's checksum must match the file's
 * @param overwrite whether an existing destination file may be replaced
 */
public record TransferJob(List<TransferFile> files, String activity, int priority, boolean multihop, boolean verifyChecksum,
        boolean overwrite) {
    public TransferJob {
        files = List.copyOf(Objects.requireNonNull(files, "files is null"));
        if (files.isEmpty()) {
            throw new IllegalArgumentException("a transfer job needs at least one file");
        }
        activity = activity == null ? "" : activity;
    }
}
