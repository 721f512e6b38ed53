package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/**
 * The rule analysis says what each lock that is not OK waits for: queued for which attempt and
 * until when, submitted to which tool or engine since when, and, after a crash, that the engine
 * holding the copy is dead and what happens next. Through REST and {@code laguna rule show --analysis}.
 */
@ExtendWith(ServerPerClass.class)
class RuleAnalysisWaitsTest {
    private static TestServer server;
    private static Rest root;
    private static int counter;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        server.createScope("wait", "root");
        for (String rse : List.of("WAIT_SRC", "WAIT_DST")) {
            assertThat(root.post("/rses/" + rse, Map.of()).status()).isEqualTo(201);
        }
    }

    /** A REPLICATING rule of one file on WAIT_SRC to WAIT_DST; its request is QUEUED. */
    private static String replicatingRule() {
        String name = "file" + (++counter);
        assertThat(root.post("/replicas", Map.of("rse", "WAIT_SRC", "files", List.of(Map.of("scope", "wait", "name", name, "bytes", 10,
                "adler32", "0000000a")))).status()).isEqualTo(201);
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "wait", "name", name)), "copies", 1,
                "rse_expression", "WAIT_DST"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    private static JsonNode waitOf(String rule) {
        JsonNode analysis = root.get("/rules/" + rule + "/analysis").json();
        assertThat(analysis.get("state").asText()).isEqualTo("REPLICATING");
        assertThat(analysis.get("transfers")).hasSize(1);
        return analysis.get("transfers").get(0).get("waiting_for");
    }

    private static void update(String sql, String rule) {
        server.core().database().inTransactionVoid(tx -> tx.update(sql + " where rule_id = ?::uuid", rule));
    }

    /** Leaves the rule's request SUBMITTED to that tool on that host (or engine), under that job id or none, that long ago. */
    private static void submitted(String rule, String tool, String host, String jobId, String ago) {
        server.core().database().inTransactionVoid(tx -> tx.update("update requests set state = 'SUBMITTED', transfertool = ?, "
                + "external_host = ?, external_id = ?, submitted_at = now() - ?::interval where rule_id = ?::uuid", tool, host, jobId, ago, rule));
    }

    /** Records a live heartbeat of the built-in transfer engine of that id. */
    private static void engineAlive(String engine, int pid) {
        server.core().database().inTransactionVoid(tx -> tx.update("insert into heartbeats (daemon, hostname, pid, thread_number, thread_name, "
                + "payload, created_at, updated_at) values ('transfer-engine', 'analysis-test', ?, 0, 'engine', ?, now(), now())", pid, engine));
    }

    @Test
    void aQueuedRequestWaitsForItsFirstAttemptByTheSubmitter() {
        JsonNode wait = waitOf(replicatingRule());
        assertThat(wait.get("request_state").asText()).isEqualTo("QUEUED");
        assertThat(wait.get("reason").asText()).contains("queued since").contains("for attempt 1 of ").contains("conveyor-submitter");
        assertThat(wait.get("attempts").asInt()).isZero();
        assertThat(wait.get("since").asText()).endsWith("UTC");
    }

    @Test
    void aCopyInFlightOnAnEngineThatDiedSaysSoAndWhatHappensNext() {
        String rule = replicatingRule();
        submitted(rule, "builtin", "engine-of-a-killed-process", "engine-of-a-killed-process-17", "5 minutes");

        JsonNode wait = waitOf(rule);

        assertThat(wait.get("request_state").asText()).isEqualTo("SUBMITTED");
        assertThat(wait.get("transfer_tool").asText()).isEqualTo("builtin");
        assertThat(wait.get("engine").asText()).isEqualTo("engine-of-a-killed-process");
        assertThat(wait.get("job_id").asText()).isEqualTo("engine-of-a-killed-process-17");
        assertThat(wait.get("engine_alive").asBoolean(true)).isFalse();
        assertThat(wait.get("since").asText()).endsWith("UTC");
        assertThat(wait.get("reason").asText()).contains("submitted to the built-in transfer engine engine-of-a-killed-process")
                .contains("no longer alive").contains("conveyor-poller takes it over");

        CliRunner.Run shown = CliRunner.asRoot(server, "rule", "show", "--analysis", rule);
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("locks not OK: 1").containsPattern("wait:file\\d+ on WAIT_DST \\(REPLICATING\\): submitted to the "
                + "built-in transfer engine engine-of-a-killed-process .*no longer alive");
    }

    @Test
    void aCopyOnALiveEngineIsBeingCopied() {
        String rule = replicatingRule();
        String engine = "engine-alive-" + counter;
        engineAlive(engine, counter);
        submitted(rule, "builtin", engine, engine + "-1", "0 seconds");

        JsonNode wait = waitOf(rule);

        assertThat(wait.get("engine_alive").asBoolean()).isTrue();
        assertThat(wait.get("reason").asText()).contains("which is alive").contains("being copied");
    }

    @Test
    void aFailedAttemptWaitsForTheNextOneAfterItsPauseAndNamesTheError() {
        String rule = replicatingRule();
        update("update requests set state = 'QUEUED', retry_count = 1, err_msg = 'WAIT_SRC -> WAIT_DST: Checksum mismatch', "
                + "updated_at = now()", rule);

        JsonNode wait = waitOf(rule);

        assertThat(wait.get("attempts").asInt()).isEqualTo(1);
        assertThat(wait.get("reason").asText()).contains("for attempt 2 of ").contains("not before").contains("Checksum mismatch");
        assertThat(wait.get("next_attempt_at").asText()).endsWith("UTC");
    }

    @Test
    void aSubmissionWithoutAJobIdIsReconciledOnceStale() {
        String rule = replicatingRule();
        submitted(rule, "fts3", "https://fts3.example.org:8446", null, "0 seconds");

        JsonNode wait = waitOf(rule);

        assertThat(wait.get("transfer_tool").asText()).isEqualTo("fts3");
        assertThat(wait.get("reason").asText()).contains("outcome of the submission is unknown").contains("transfer.stale-after");
        assertThat(wait.get("next_attempt_at").asText()).endsWith("UTC");
    }
}
