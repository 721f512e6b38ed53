package org.laguna.spi.transfer;

import java.time.Instant;

/**
 * The outcome (so far) of one file of a job.
 *
 * @param requestId the conveyor's request id
 * @param state where the file stands
 * @param reason why it failed, or null
 * @param source the source PFN that was used, or null if not known yet
 * @param bytes bytes transferred
 * @param started when the copy started, or null
 * @param finished when it ended, or null
 */
public record FileStatus(String requestId, FileState state, String reason, String source, long bytes, Instant started, Instant finished) {

    /** Where one file of a job stands. */
    public enum FileState {
        SUBMITTED, ACTIVE, DONE, FAILED, CANCELED, NOT_USED;

        public boolean terminal() {
            return this == DONE || this == FAILED || this == CANCELED || this == NOT_USED;
        }
    }
}
