package org.laguna.transfer.fts3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.laguna.spi.transfer.FileStatus;
import org.laguna.spi.transfer.FileStatus.FileState;
import org.laguna.spi.transfer.JobStatus;
import org.laguna.spi.transfer.JobStatus.JobState;
import org.laguna.spi.transfer.TransferToolException;

/**
 * Reads FTS3's job answers ({@code GET /jobs/{ids}?files=...}) into {@link JobStatus}es, mapping
 * FTS3's job and file states onto Laguna's.
 */
final class Fts3States {
    /** The file fields asked for in a status query. */
    static final String FILE_FIELDS = "file_id,file_state,source_surl,dest_surl,start_time,finish_time,reason,filesize,file_metadata";

    private Fts3States() {
    }

    /**
     * FTS3's job state. Unknown states count as active: the job is asked about again rather than
     * given up.
     */
    static JobState jobState(String fts) {
        return switch (fts.toUpperCase(Locale.ROOT)) {
            case "SUBMITTED", "READY" -> JobState.SUBMITTED;
            case "FINISHED" -> JobState.FINISHED;
            case "FINISHEDDIRTY" -> JobState.FINISHED_DIRTY;
            case "FAILED" -> JobState.FAILED;
            case "CANCELED", "CANCELLED" -> JobState.CANCELED;
            default -> JobState.ACTIVE; // STAGING, ACTIVE, DELETE, ARCHIVING, QOS_TRANSITION, QOS_REQUEST_SUBMITTED
        };
    }

    /**
     * FTS3's file state. A NOT_USED file is waiting its turn while the job runs (a later hop, an
     * alternative source) and was not needed once the job ended.
     */
    static FileState fileState(String fts, boolean jobEnded) {
        return switch (fts.toUpperCase(Locale.ROOT)) {
            case "SUBMITTED", "READY", "ON_HOLD", "ON_HOLD_STAGING", "TOKEN_PREP" -> jobEnded ? FileState.FAILED : FileState.SUBMITTED;
            case "FINISHED" -> FileState.DONE;
            case "FAILED" -> FileState.FAILED;
            case "CANCELED", "CANCELLED" -> FileState.CANCELED;
            case "NOT_USED" -> jobEnded ? FileState.NOT_USED : FileState.SUBMITTED;
            default -> jobEnded ? FileState.FAILED : FileState.ACTIVE; // ACTIVE, STARTED, STAGING, ARCHIVING, FORCE_START, ...
        };
    }

    /** One job of a status answer, or empty when FTS3 does not know it (404). */
    static Optional<JobStatus> job(JsonNode job, ObjectMapper json) {
        String status = job.path("http_status").asText("200 Ok");
        if (status.startsWith("404")) {
            return Optional.empty();
        }
        String jobId = job.path("job_id").asText();
        if (!status.startsWith("2")) {
            throw new TransferToolException("FTS3 refused the status of job " + jobId + ": " + status + ": "
                    + Fts3Http.reason(job, ""));
        }
        String ftsState = job.path("job_state").asText("");
        JobState state = jobState(ftsState);
        boolean ended = state.terminal();
        Map<String, FileStatus> files = new LinkedHashMap<>();
        for (JsonNode file : job.path("files")) {
            Optional<String> requestId = requestId(file.get("file_metadata"), json);
            if (requestId.isEmpty()) {
                continue;
            }
            String ftsFileState = file.path("file_state").asText("");
            FileState fileState = fileState(ftsFileState, ended);
            String reason = SignedUrlText.redact(text(file, "reason"));
            if (reason == null && ended && fileState == FileState.FAILED && !"FAILED".equalsIgnoreCase(ftsFileState)) {
                reason = "FTS3 job " + jobId + " ended " + ftsState + " with the file still " + ftsFileState;
            }
            FileStatus candidate = new FileStatus(requestId.get(), fileState, reason, SignedUrlText.source(text(file, "source_surl")),
                    fileState == FileState.DONE ? file.path("filesize").asLong(0) : 0, time(file, "start_time"), time(file, "finish_time"));
            files.merge(requestId.get(), candidate, Fts3States::moreTelling);
        }
        return Optional.of(new JobStatus(jobId, state, files));
    }

    /**
     * Of two entries of one request (one per source in a multiple replica job), the one that tells
     * most: a success, then one still under way, then the latest failure, then one not used.
     */
    private static FileStatus moreTelling(FileStatus earlier, FileStatus later) {
        return rank(later.state()) >= rank(earlier.state()) ? later : earlier;
    }

    private static int rank(FileState state) {
        return switch (state) {
            case DONE -> 4;
            case ACTIVE -> 3;
            case SUBMITTED -> 2;
            case FAILED, CANCELED -> 1;
            case NOT_USED -> 0;
        };
    }

    private static Optional<String> requestId(JsonNode metadata, ObjectMapper json) {
        if (metadata == null || metadata.isNull()) {
            return Optional.empty();
        }
        JsonNode object = metadata;
        if (metadata.isTextual()) {
            try {
                object = json.readTree(metadata.asText());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        JsonNode id = object.get("request_id");
        return id == null || id.isNull() ? Optional.empty() : Optional.of(id.asText());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    /** FTS3 writes UTC times without a zone ({@code 2026-11-25T14:03:07}); a zone is accepted too. */
    static Instant time(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        if (text.matches(".*[+-]\\d{4}$")) {
            text = text.substring(0, text.length() - 2) + ":" + text.substring(text.length() - 2);
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException zoned) {
            try {
                return LocalDateTime.parse(text.replace(' ', 'T'), DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException local) {
                return null;
            }
        }
    }
}
