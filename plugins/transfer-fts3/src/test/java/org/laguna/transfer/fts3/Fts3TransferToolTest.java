package org.laguna.transfer.fts3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.laguna.spi.transfer.FileStatus;
import org.laguna.spi.transfer.FileStatus.FileState;
import org.laguna.spi.transfer.JobStatus;
import org.laguna.spi.transfer.JobStatus.JobState;
import org.laguna.spi.transfer.TransferEndpoint;
import org.laguna.spi.transfer.TransferFile;
import org.laguna.spi.transfer.TransferJob;
import org.laguna.spi.transfer.TransferTool;
import org.laguna.spi.transfer.TransferToolException;

class Fts3TransferToolTest {
    private static final String JOB = "7f2c1c3e-8a4b-11ef-9a6e-fa163e5c2b10";
    private static final String MULTIHOP_JOB = "11111111-8a4b-11ef-9a6e-fa163e5c2b10";
    private static final String DIRTY_JOB = "22222222-8a4b-11ef-9a6e-fa163e5c2b10";
    private static final String LOST_JOB = "33333333-8a4b-11ef-9a6e-fa163e5c2b10";

    private final ObjectMapper json = new ObjectMapper();
    private final RecordedFts3Server fts = RecordedFts3Server.http();
    private TransferTool tool;

    @AfterEach
    void stop() {
        if (tool != null) {
            tool.close();
        }
        fts.close();
    }

    private TransferTool tool(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("url", fts.url().toString());
        tool = new Fts3TransferToolFactory().create(all);
        return tool;
    }

    private TransferTool tool() {
        return tool(Map.of());
    }

    private static TransferFile file(String requestId, String adler32, String... sourceRsesThenDestination) {
        List<TransferEndpoint> sources = Stream.of(sourceRsesThenDestination).limit(sourceRsesThenDestination.length - 1)
                .map(rse -> new TransferEndpoint(rse, "davs://" + rse.toLowerCase() + ".example.org:443/data/" + requestId))
                .toList();
        String destination = sourceRsesThenDestination[sourceRsesThenDestination.length - 1];
        return new TransferFile(requestId, sources, new TransferEndpoint(destination, "davs://" + destination.toLowerCase()
                + ".example.org:443/data/" + requestId), 1234, adler32, null);
    }

    private JsonNode submitted() throws IOException {
        RecordedFts3Server.Received request = fts.last();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.pathAndQuery()).isEqualTo("/jobs");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        return json.readTree(request.body());
    }

    @Test
    void submitsFilesWithSourcesDestinationChecksumActivityAndRequestIdAndReturnsFtsJobId() throws IOException {
        fts.answer("POST", "/jobs", 200, "submit-accepted.json");
        TransferJob job = new TransferJob(List.of(file("r-1", "0a1b2c3d", "SITE_A", "SITE_B"), file("r-2", "ff00ff", "SITE_A", "SITE_B")),
                "User Subscriptions", 4, false, true, false);

        String jobId = tool().submit(job);

        assertThat(jobId).isEqualTo(JOB);
        JsonNode body = submitted();
        assertThat(body.get("files")).hasSize(2);
        JsonNode first = body.get("files").get(0);
        assertThat(first.get("sources")).hasSize(1);
        assertThat(first.get("sources").get(0).asText()).isEqualTo("davs://site_a.example.org:443/data/r-1");
        assertThat(first.get("destinations").get(0).asText()).isEqualTo("davs://site_b.example.org:443/data/r-1");
        assertThat(first.get("filesize").asLong()).isEqualTo(1234);
        assertThat(first.get("checksum").asText()).isEqualTo("adler32:0a1b2c3d");
        assertThat(first.get("activity").asText()).isEqualTo("User Subscriptions");
        assertThat(first.get("metadata").get("request_id").asText()).isEqualTo("r-1");
        assertThat(first.get("metadata").get("src_rse").asText()).isEqualTo("SITE_A");
        assertThat(first.get("metadata").get("dst_rse").asText()).isEqualTo("SITE_B");
        JsonNode second = body.get("files").get(1);
        assertThat(second.get("metadata").get("request_id").asText()).isEqualTo("r-2");
        assertThat(second.get("checksum").asText()).as("adler32 padded to eight hex digits").isEqualTo("adler32:00ff00ff");
        JsonNode params = body.get("params");
        assertThat(params.get("verify_checksum").asText()).isEqualTo("both");
        assertThat(params.get("overwrite").asBoolean()).isFalse();
        assertThat(params.get("priority").asInt()).isEqualTo(4);
        assertThat(params.get("multihop").asBoolean()).isFalse();
        assertThat(params.get("job_metadata").get("issuer").asText()).isEqualTo("laguna");
        assertThat(params.has("retry")).as("FTS3's own default applies unless configured").isFalse();
    }

    @Test
    void submitsMultihopJobWithHopsInOrderEachWithItsBestSourceOnly() throws IOException {
        fts.answer("POST", "/jobs", 200, "submit-accepted.json");
        TransferJob job = new TransferJob(List.of(file("hop-1", "0a1b2c3d", "S3_A", "BACKUP", "HUB"), file("hop-2", "0a1b2c3d", "HUB", "S3_B")),
                "", 9, true, false, true);

        tool(Map.of("retry", "2", "retry-delay", "30")).submit(job);

        JsonNode body = submitted();
        assertThat(body.get("files")).hasSize(2);
        assertThat(body.get("files").get(0).get("metadata").get("request_id").asText()).isEqualTo("hop-1");
        assertThat(body.get("files").get(0).get("sources")).as("FTS3 refuses alternatives in a multihop job").hasSize(1);
        assertThat(body.get("files").get(0).get("sources").get(0).asText()).contains("s3_a");
        assertThat(body.get("files").get(1).get("metadata").get("request_id").asText()).isEqualTo("hop-2");
        assertThat(body.get("files").get(1).get("activity").asText()).isEqualTo("default");
        JsonNode params = body.get("params");
        assertThat(params.get("multihop").asBoolean()).isTrue();
        assertThat(params.get("job_metadata").get("multihop").asBoolean()).isTrue();
        assertThat(params.get("priority").asInt()).as("clamped to FTS3's 1..5").isEqualTo(5);
        assertThat(params.get("overwrite").asBoolean()).isTrue();
        assertThat(params.get("verify_checksum").asText()).isEqualTo("none");
        assertThat(params.get("retry").asInt()).isEqualTo(2);
        assertThat(params.get("retry_delay").asInt()).isEqualTo(30);
    }

    @Test
    void submitsAlternativeSourcesWithSelectionStrategyForAJobOfOneFile() throws IOException {
        fts.answer("POST", "/jobs", 200, "submit-accepted.json");
        TransferJob job = new TransferJob(List.of(file("r-9", null, "A", "B", "D", "C")), "T0 Export", 3, false, true, false);

        tool(Map.of("source-strategy", "auto")).submit(job);

        JsonNode file = submitted().get("files").get(0);
        assertThat(file.get("sources")).extracting(JsonNode::asText)
                .containsExactly("davs://a.example.org:443/data/r-9", "davs://b.example.org:443/data/r-9", "davs://d.example.org:443/data/r-9");
        assertThat(file.get("selection_strategy").asText()).isEqualTo("auto");
        assertThat(file.has("checksum")).as("no checksum known, none sent").isFalse();
        assertThat(file.get("metadata").get("src_rses")).extracting(JsonNode::asText).containsExactly("A", "B", "D");
        assertThat(submitted().get("params").get("job_metadata").get("multi_sources").asBoolean()).isTrue();
    }

    @Test
    void filesOfTokenProtectedStorageCarryTheirSourceAndDestinationTokens() throws IOException {
        fts.answer("POST", "/jobs", 200, "submit-accepted.json");
        TransferFile withTokens = new TransferFile("r-t", List.of(
                new TransferEndpoint("A", "davs://a.example.org:443/data/f", Optional.of("token-read-a")),
                new TransferEndpoint("B", "davs://b.example.org:443/data/f", Optional.of("token-read-b"))),
                new TransferEndpoint("C", "davs://c.example.org:443/data/f", Optional.of("token-write-c")), 10, "0a1b2c3d", null);

        tool().submit(new TransferJob(List.of(withTokens), "", 3, false, true, false));

        JsonNode file = submitted().get("files").get(0);
        assertThat(file.get("source_tokens")).extracting(JsonNode::asText).as("one per source, in the order of the sources")
                .containsExactly("token-read-a", "token-read-b");
        assertThat(file.get("destination_tokens")).extracting(JsonNode::asText).containsExactly("token-write-c");
        assertThat(withTokens.sources().getFirst().toString()).doesNotContain("token-read-a");
    }

    @Test
    void filesOfKeyedStorageGoAsTheirSignedUrlsNeverAsTheirPfns() throws IOException {
        fts.answer("POST", "/jobs", 200, "submit-accepted.json");
        URI get = URI.create("https://s3.example.org/source/f?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIA%2F20261204&X-Amz-Signature=ab12");
        URI put = URI.create("https://s3.example.org/destination/f?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=cd34");
        TransferFile signed = new TransferFile("r-s", List.of(new TransferEndpoint("A", "s3://s3.example.org:443/source/f", Optional.empty(),
                Optional.of(get))), new TransferEndpoint("B", "s3://s3.example.org:443/destination/f", Optional.empty(), Optional.of(put)),
                10, "0a1b2c3d", null);

        tool().submit(new TransferJob(List.of(signed), "", 3, false, true, false));

        JsonNode file = submitted().get("files").get(0);
        assertThat(file.get("sources")).extracting(JsonNode::asText).containsExactly(get.toString());
        assertThat(file.get("destinations")).extracting(JsonNode::asText).containsExactly(put.toString());
        assertThat(fts.last().body()).doesNotContain("s3://");
        assertThat(signed.destination().toString()).doesNotContain("cd34");
    }

    @Test
    void aReportedSignedSourceIsNamedWithoutItsSignatureAndReasonsHideIt() throws IOException {
        String url = "http://127.0.0.1:9000/source/f?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=laguna-access%2F20261204"
                + "&X-Amz-Signature=0123abcd";
        JsonNode answer = json.readTree("""
                {"job_id": "j-1", "job_state": "FAILED", "http_status": "200 Ok", "files": [{"file_state": "FAILED",
                 "source_surl": "%s", "reason": "SOURCE [13] HTTP 403 on GET %s", "file_metadata": {"request_id": "r-1"}}]}
                """.formatted(url, url));

        FileStatus file = Fts3States.job(answer, json).orElseThrow().files().get("r-1");

        assertThat(file.source()).isEqualTo("http://127.0.0.1:9000/source/f");
        assertThat(file.reason()).contains("HTTP 403 on GET http://127.0.0.1:9000/source/f?").contains("X-Amz-Signature=(hidden)")
                .contains("X-Amz-Credential=(hidden)").doesNotContain("0123abcd").doesNotContain("laguna-access");
    }

    @Test
    void filesWithoutTokensCarryNone() throws IOException {
        fts.answer("POST", "/jobs", 200, "submit-accepted.json");

        tool().submit(new TransferJob(List.of(file("r-1", "0a1b2c3d", "SITE_A", "SITE_B")), "", 3, false, true, false));

        JsonNode file = submitted().get("files").get(0);
        assertThat(file.has("source_tokens")).isFalse();
        assertThat(file.has("destination_tokens")).isFalse();
    }

    @Test
    void sendsMd5WhenAdler32IsUnknown() {
        TransferFile file = new TransferFile("r", List.of(new TransferEndpoint("A", "davs://a/f")), new TransferEndpoint("B", "davs://b/f"), 1,
                null, "D41D8CD98F00B204E9800998ECF8427E");
        assertThat(Fts3Submission.checksum(file)).isEqualTo("md5:d41d8cd98f00b204e9800998ecf8427e");
    }

    static Stream<Arguments> ftsStates() {
        return Stream.of(
                Arguments.of("SUBMITTED", "SUBMITTED", JobState.SUBMITTED, FileState.SUBMITTED),
                Arguments.of("READY", "READY", JobState.SUBMITTED, FileState.SUBMITTED),
                Arguments.of("ACTIVE", "ACTIVE", JobState.ACTIVE, FileState.ACTIVE),
                Arguments.of("STAGING", "STAGING", JobState.ACTIVE, FileState.ACTIVE),
                Arguments.of("ACTIVE", "STARTED", JobState.ACTIVE, FileState.ACTIVE),
                Arguments.of("ACTIVE", "NOT_USED", JobState.ACTIVE, FileState.SUBMITTED),
                Arguments.of("ACTIVE", "ON_HOLD", JobState.ACTIVE, FileState.SUBMITTED),
                Arguments.of("FINISHED", "FINISHED", JobState.FINISHED, FileState.DONE),
                Arguments.of("FINISHEDDIRTY", "FAILED", JobState.FINISHED_DIRTY, FileState.FAILED),
                Arguments.of("FAILED", "FAILED", JobState.FAILED, FileState.FAILED),
                Arguments.of("FAILED", "NOT_USED", JobState.FAILED, FileState.NOT_USED),
                Arguments.of("CANCELED", "CANCELED", JobState.CANCELED, FileState.CANCELED),
                Arguments.of("CANCELED", "SUBMITTED", JobState.CANCELED, FileState.FAILED));
    }

    @ParameterizedTest(name = "job {0} with file {1} is {2} with file {3}")
    @MethodSource("ftsStates")
    void mapsFtsJobAndFileStates(String jobState, String fileState, JobState expectedJob, FileState expectedFile) {
        String answer = RecordedFts3Server.resource("job-state-template.json").replace("${JOB_STATE}", jobState).replace("${FILE_STATE}", fileState);
        fts.answerWith("GET", "/jobs/44444444-8a4b-11ef-9a6e-fa163e5c2b10", 200, answer);

        JobStatus status = tool().query(List.of("44444444-8a4b-11ef-9a6e-fa163e5c2b10")).get("44444444-8a4b-11ef-9a6e-fa163e5c2b10");

        assertThat(status.state()).isEqualTo(expectedJob);
        assertThat(status.files().get("r-state").state()).isEqualTo(expectedFile);
        if (expectedJob.terminal()) {
            assertThat(status.files().get("r-state").state().terminal()).as("no file waits in an ended job").isTrue();
        }
    }

    @Test
    void readsOneJobWithItsFilesByRequestId() {
        fts.answer("GET", "/jobs/" + JOB, 200, "job-finished.json");

        Map<String, JobStatus> statuses = tool().query(List.of(JOB));

        assertThat(fts.last().pathAndQuery()).startsWith("/jobs/" + JOB + "?files=").contains("file_state", "file_metadata", "source_surl", "reason");
        JobStatus job = statuses.get(JOB);
        assertThat(job.state()).isEqualTo(JobState.FINISHED);
        assertThat(job.files()).containsOnlyKeys("r-1", "r-2");
        FileStatus first = job.files().get("r-1");
        assertThat(first.state()).isEqualTo(FileState.DONE);
        assertThat(first.bytes()).isEqualTo(1048576);
        assertThat(first.source()).isEqualTo("davs://storage-a.example.org:443/data/user.jdoe/aa/bb/file1");
        assertThat(first.started()).isEqualTo(Instant.parse("2026-11-25T14:01:12Z"));
        assertThat(first.finished()).isEqualTo(Instant.parse("2026-11-25T14:02:40Z"));
        assertThat(first.reason()).isNull();
    }

    @Test
    void readsManyJobsInOneRequestAndLeavesOutJobsFtsDoesNotKnow() {
        fts.answer("GET", "/jobs/" + MULTIHOP_JOB + "," + DIRTY_JOB + "," + LOST_JOB, 207, "jobs-bulk.json");

        Map<String, JobStatus> statuses = tool().query(List.of(MULTIHOP_JOB, DIRTY_JOB, LOST_JOB));

        assertThat(fts.received()).hasSize(1);
        assertThat(statuses).containsOnlyKeys(MULTIHOP_JOB, DIRTY_JOB);
        JobStatus multihop = statuses.get(MULTIHOP_JOB);
        assertThat(multihop.state()).isEqualTo(JobState.ACTIVE);
        assertThat(multihop.files().get("hop-1").state()).isEqualTo(FileState.DONE);
        assertThat(multihop.files().get("hop-2").state()).isEqualTo(FileState.ACTIVE);
        assertThat(multihop.files().get("hop-3").state()).as("a later hop waits its turn").isEqualTo(FileState.SUBMITTED);
        JobStatus dirty = statuses.get(DIRTY_JOB);
        assertThat(dirty.state()).isEqualTo(JobState.FINISHED_DIRTY);
        assertThat(dirty.files().get("r-ok").state()).isEqualTo(FileState.DONE);
        assertThat(dirty.files().get("r-missing").state()).isEqualTo(FileState.FAILED);
        assertThat(dirty.files().get("r-missing").reason()).isEqualTo("SOURCE [2] Result No such file or directory after 1 attempts");
        assertThat(dirty.files().get("r-missing").bytes()).isZero();
    }

    @Test
    void asksForAtMostQueryBatchSizeJobsPerRequest() {
        fts.answer("GET", "/jobs/" + MULTIHOP_JOB + "," + DIRTY_JOB, 200, "jobs-bulk.json");
        fts.answer("GET", "/jobs/" + JOB, 200, "job-finished.json");

        Map<String, JobStatus> statuses = tool(Map.of("query-batch-size", "2")).query(List.of(MULTIHOP_JOB, DIRTY_JOB, JOB));

        assertThat(fts.received()).extracting(r -> r.pathAndQuery().substring(0, r.pathAndQuery().indexOf('?')))
                .containsExactly("/jobs/" + MULTIHOP_JOB + "," + DIRTY_JOB, "/jobs/" + JOB);
        assertThat(statuses).containsOnlyKeys(MULTIHOP_JOB, DIRTY_JOB, JOB);
    }

    @Test
    void reportsNothingForOneJobFtsDoesNotKnow() {
        fts.answer("GET", "/jobs/66666666-8a4b-11ef-9a6e-fa163e5c2b10", 404, "job-not-found.json");

        assertThat(tool().query(List.of("66666666-8a4b-11ef-9a6e-fa163e5c2b10"))).isEmpty();
    }

    @Test
    void aNotFoundAnswerThatNamesNoJobIsAnErrorNotALostJob() {
        // no answer recorded: the server says 404 for the path itself, as a wrong URL would
        assertThatThrownBy(() -> tool().query(List.of(JOB)))
                .isInstanceOf(TransferToolException.class)
                .hasMessageContaining("404")
                .hasMessageContaining("The resource could not be found.");
    }

    @Test
    void reportsTheSourceThatSucceededInAMultipleReplicaJob() {
        fts.answer("GET", "/jobs/55555555-8a4b-11ef-9a6e-fa163e5c2b10", 200, "job-multiple-replica.json");

        JobStatus job = tool().query(List.of("55555555-8a4b-11ef-9a6e-fa163e5c2b10")).get("55555555-8a4b-11ef-9a6e-fa163e5c2b10");

        FileStatus file = job.files().get("r-9");
        assertThat(file.state()).isEqualTo(FileState.DONE);
        assertThat(file.source()).isEqualTo("davs://b.example.org/f");
        assertThat(file.bytes()).isEqualTo(4096);
        assertThat(file.finished()).isEqualTo(Instant.parse("2026-11-25T14:05:00Z"));
    }

    @Test
    void cancelsManyJobsInOneRequestAndAcceptsEndedAndUnknownOnes() {
        fts.answer("DELETE", "/jobs/" + MULTIHOP_JOB + "," + DIRTY_JOB + "," + LOST_JOB, 200, "cancel-bulk.json");

        tool().cancel(List.of(MULTIHOP_JOB, DIRTY_JOB, LOST_JOB));

        assertThat(RecordedFts3Server.paths(fts.received())).containsExactly("DELETE /jobs/" + MULTIHOP_JOB + "," + DIRTY_JOB + "," + LOST_JOB);
    }

    @Test
    void cancelOfAJobAlreadyEndedIsNotAnError() {
        fts.answerWith("DELETE", "/jobs/" + DIRTY_JOB, 304, "");

        tool().cancel(List.of(DIRTY_JOB));

        assertThat(fts.last().method()).isEqualTo("DELETE");
    }

    @Test
    void cancelNamesTheJobsFtsRefusedToStop() {
        fts.answer("DELETE", "/jobs/" + MULTIHOP_JOB + ",77777777-8a4b-11ef-9a6e-fa163e5c2b10", 207, "cancel-forbidden.json");

        assertThatThrownBy(() -> tool().cancel(List.of(MULTIHOP_JOB, "77777777-8a4b-11ef-9a6e-fa163e5c2b10")))
                .isInstanceOf(TransferToolException.class)
                .hasMessageContaining("77777777-8a4b-11ef-9a6e-fa163e5c2b10")
                .hasMessageContaining("403 Forbidden")
                .hasMessageContaining("Not enough permissions")
                .hasMessageNotContaining(MULTIHOP_JOB);
    }

    @Test
    void asksNothingForNoJobs() {
        TransferTool tool = tool();

        assertThat(tool.query(List.of())).isEmpty();
        tool.cancel(List.of());

        assertThat(fts.received()).isEmpty();
    }

    @Test
    void refusesJobIdsThatWouldChangeTheUrl() {
        assertThatThrownBy(() -> tool().query(List.of("../whoami")))
                .isInstanceOf(TransferToolException.class)
                .hasMessageContaining("Not an FTS3 job id");
        assertThat(fts.received()).isEmpty();
    }

    @Test
    void aRefusedSubmissionNamesFtsReasonAndIsNotOutcomeUnknown() {
        fts.answer("POST", "/jobs", 400, "error-bad-request.json");

        assertThatThrownBy(() -> tool().submit(new TransferJob(List.of(file("r-1", "1", "A", "B")), "", 3, false, true, false)))
                .isInstanceOfSatisfying(TransferToolException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("Invalid value within the request: Checksum adler32:xyz is not valid");
    }

    @Test
    void aMissingDelegationIsReportedWithFtsReason() {
        fts.answer("POST", "/jobs", 419, "error-no-delegation.json");

        assertThatThrownBy(() -> tool().submit(new TransferJob(List.of(file("r-1", "1", "A", "B")), "", 3, false, true, false)))
                .isInstanceOfSatisfying(TransferToolException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
                .hasMessageContaining("HTTP 419")
                .hasMessageContaining("No delegation found for \"/DC=org/DC=example/CN=laguna\"");
    }

    @Test
    void aRejectedTokenIsReportedWithFtsReason() {
        fts.answer("GET", "/jobs/" + JOB, 403, "error-unauthorized.json");

        assertThatThrownBy(() -> tool(Map.of("token", "expired")).query(List.of(JOB)))
                .isInstanceOfSatisfying(TransferToolException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("token not valid")
                .hasMessageNotContaining("expired");
    }

    @Test
    void aServerErrorNamesFtsReason() {
        fts.answer("GET", "/jobs/" + JOB, 500, "error-internal.json");

        assertThatThrownBy(() -> tool().query(List.of(JOB)))
                .isInstanceOf(TransferToolException.class)
                .hasMessageContaining("HTTP 500")
                .hasMessageContaining("unable to complete your request");
    }

    @Test
    void aGatewayTimeoutOnSubmissionIsOutcomeUnknown() {
        fts.answerWith("POST", "/jobs", 504, "<html><body>Gateway Time-out</body></html>");

        assertThatThrownBy(() -> tool().submit(new TransferJob(List.of(file("r-1", "1", "A", "B")), "", 3, false, true, false)))
                .isInstanceOfSatisfying(TransferToolException.class, e -> assertThat(e.outcomeUnknown()).isTrue())
                .hasMessageContaining("HTTP 504")
                .hasMessageContaining("Gateway Time-out");
    }

    @Test
    void noAnswerWithinTheRequestTimeoutIsOutcomeUnknown() {
        fts.stall();
        TransferTool slow = tool(Map.of("request-timeout", "PT0.3S"));

        assertThatThrownBy(() -> slow.submit(new TransferJob(List.of(file("r-1", "1", "A", "B")), "", 3, false, true, false)))
                .isInstanceOfSatisfying(TransferToolException.class, e -> assertThat(e.outcomeUnknown()).isTrue())
                .hasMessageContaining("did not answer within PT0.3S");
        assertThat(fts.received()).as("the request did reach the server").hasSize(1);
    }

    @Test
    void aRefusedConnectionIsNotOutcomeUnknown() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        TransferTool unreachable = tool(Map.of("url", "http://127.0.0.1:" + closedPort));

        assertThatThrownBy(() -> unreachable.submit(new TransferJob(List.of(file("r-1", "1", "A", "B")), "", 3, false, true, false)))
                .isInstanceOfSatisfying(TransferToolException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
                .hasMessageContaining("Cannot connect to FTS3 at http://127.0.0.1:" + closedPort);
    }

    @Test
    void aSubmissionAnswerWithoutJobIdIsOutcomeUnknown() {
        fts.answerWith("POST", "/jobs", 200, "{}");

        assertThatThrownBy(() -> tool().submit(new TransferJob(List.of(file("r-1", "1", "A", "B")), "", 3, false, true, false)))
                .isInstanceOfSatisfying(TransferToolException.class, e -> assertThat(e.outcomeUnknown()).isTrue())
                .hasMessageContaining("no job_id");
    }

    @Test
    void keepsThePathOfTheConfiguredUrlInFrontOfEveryRequest() {
        fts.answer("GET", "/fts/jobs/" + JOB, 200, "job-finished.json");

        assertThat(tool(Map.of("url", fts.url() + "/fts/")).query(List.of(JOB))).containsKey(JOB);
    }
}
