package org.laguna.spi.transfer;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
 * @param suspiciousSources sources found missing or corrupted on the way (even when another source then served the file)
 */
public record FileStatus(String requestId, FileState state, String reason, String source, long bytes, Instant started, Instant finished,
        List<SuspiciousSource> suspiciousSources) {
    public FileStatus {
        suspiciousSources = suspiciousSources == null ? List.of() : List.copyOf(suspiciousSources);
    }

    /** A status that found nothing wrong with its sources. */
    public FileStatus(String requestId, FileState state, String reason, String source, long bytes, Instant started, Instant finished) {
        this(requestId, state, reason, source, bytes, started, finished, List.of());
    }

    /** Where one file of a job stands. */
    public enum FileState {
        SUBMITTED, ACTIVE, DONE, FAILED, CANCELED, NOT_USED;

        public boolean terminal() {
            return this == DONE || this == FAILED || this == CANCELED || this == NOT_USED;
        }
    }

    /** Why a source copy is suspected: it was not there, or its bytes did not match the catalogue's checksum or size. */
    public enum SourceProblem {
        NOT_FOUND, CHECKSUM_MISMATCH
    }

    /** A source PFN that failed in a way that points at the copy itself rather than at the network or the destination. */
    public record SuspiciousSource(String pfn, SourceProblem problem, String detail) {
        public SuspiciousSource {
            Objects.requireNonNull(pfn, "pfn is null");
            Objects.requireNonNull(problem, "problem is null");
            Objects.requireNonNull(detail, "detail is null");
        }
    }
}
