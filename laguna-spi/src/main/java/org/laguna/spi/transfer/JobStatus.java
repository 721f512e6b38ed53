package org.laguna.spi.transfer;

import java.util.Map;

/**
 * The state of one job and of each of its files, by request id.
 */
public record JobStatus(String jobId, JobState state, Map<String, FileStatus> files) {
    public JobStatus {
        files = Map.copyOf(files);
    }

    /** The job's overall state. */
    public enum JobState {
        SUBMITTED, ACTIVE, FINISHED, FINISHED_DIRTY, FAILED, CANCELED;

        public boolean terminal() {
            return this == FINISHED || this == FINISHED_DIRTY || this == FAILED || this == CANCELED;
        }
    }
}
