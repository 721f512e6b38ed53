package org.laguna.transfer.fts3;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.laguna.spi.transfer.JobStatus;
import org.laguna.spi.transfer.TransferJob;
import org.laguna.spi.transfer.TransferTool;
import org.laguna.spi.transfer.TransferToolException;

/**
 * Hands jobs to an FTS3 server through its REST API: {@code POST /jobs} to submit,
 * {@code GET /jobs/{id1},{id2},...?files=...} for the state of many jobs and their files at once,
 * {@code DELETE /jobs/{id1},{id2},...} to cancel.
 */
public final class Fts3TransferTool implements TransferTool {
    public static final String NAME = "fts3";

    private final Fts3Config config;
    private final Fts3Http http;
    private final Optional<Fts3Delegation> delegation;

    public Fts3TransferTool(Fts3Config config) {
        this(config, Clock.systemUTC());
    }

    Fts3TransferTool(Fts3Config config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config is null");
        this.http = new Fts3Http(config);
        this.delegation = config.delegation()
                ? http.credential().map(credential -> new Fts3Delegation(http, credential, config.delegationLifetime(), clock))
                : Optional.empty();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String submit(TransferJob job) {
        Objects.requireNonNull(job, "job is null");
        delegation.ifPresent(Fts3Delegation::ensure);
        Fts3Http.Answer answer = http.send("POST", "/jobs", Fts3Submission.body(job, config, http.json()), "submit a job of "
                + job.files().size() + " file(s)", Set.of(200, 201, 202));
        JsonNode jobId = answer.body().get("job_id");
        if (jobId == null || jobId.asText().isBlank()) {
            throw new TransferToolException("FTS3 at " + config.url() + " accepted a job but gave no job_id: " + Fts3Http.reason(answer.body(),
                    answer.text()), true, null);
        }
        return jobId.asText();
    }

    @Override
    public Map<String, JobStatus> query(Collection<String> jobIds) {
        Map<String, JobStatus> statuses = new LinkedHashMap<>();
        for (List<String> batch : batches(jobIds)) {
            Fts3Http.Answer answer = http.send("GET", "/jobs/" + String.join(",", batch) + "?files=" + Fts3States.FILE_FIELDS,
                    null, "report jobs " + String.join(",", batch), Set.of(200, 207, 404));
            for (JsonNode job : jobs(answer)) {
                Fts3States.job(job, http.json()).ifPresent(status -> statuses.put(status.jobId(), status));
            }
        }
        return statuses;
    }

    @Override
    public void cancel(Collection<String> jobIds) {
        for (List<String> batch : batches(jobIds)) {
            Fts3Http.Answer answer = http.send("DELETE", "/jobs/" + String.join(",", batch), null, "cancel jobs " + String.join(",", batch),
                    Set.of(200, 207, 304, 404));
            List<String> refused = new ArrayList<>();
            for (JsonNode job : jobs(answer)) {
                String status = job.path("http_status").asText("200 Ok");
                // 200: canceled; 304: already ended; 404: unknown, nothing to stop
                if (!status.startsWith("200") && !status.startsWith("304") && !status.startsWith("404")) {
                    refused.add(job.path("job_id").asText() + " (" + status + ": " + Fts3Http.reason(job, "") + ")");
                }
            }
            if (!refused.isEmpty()) {
                throw new TransferToolException("FTS3 at " + config.url() + " refused to cancel " + String.join(", ", refused));
            }
        }
    }

    /**
     * The jobs of an answer: a list for several ids, one object for one id. A 404 that does not
     * name a job (a wrong URL, a proxy's page) is an error, never "job unknown".
     */
    private List<JsonNode> jobs(Fts3Http.Answer answer) {
        if (answer.status() == 404 && !answer.body().has("job_id")) {
            throw new TransferToolException("FTS3 at " + config.url() + " answered HTTP 404 without naming a job: "
                    + Fts3Http.reason(answer.body(), answer.text()));
        }
        List<JsonNode> jobs = new ArrayList<>();
        if (answer.body().isArray()) {
            answer.body().forEach(jobs::add);
        } else if (answer.body().isObject()) {
            jobs.add(answer.body());
        }
        return jobs;
    }

    private List<List<String>> batches(Collection<String> jobIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(Objects.requireNonNull(jobIds, "jobIds is null")));
        for (String id : ids) {
            if (id == null || !id.matches("[A-Za-z0-9._-]+")) {
                throw new TransferToolException("Not an FTS3 job id: '" + id + "'");
            }
        }
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += config.queryBatchSize()) {
            batches.add(List.copyOf(ids.subList(from, Math.min(ids.size(), from + config.queryBatchSize()))));
        }
        return batches;
    }

    @Override
    public void close() {
        http.close();
    }
}
