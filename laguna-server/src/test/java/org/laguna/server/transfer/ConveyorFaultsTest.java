package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;
import org.laguna.spi.transfer.JobStatus;
import org.laguna.spi.transfer.TransferJob;
import org.laguna.spi.transfer.TransferTool;
import org.laguna.spi.transfer.TransferToolException;

/**
 * The conveyor when things go wrong, on real PostgreSQL and POSIX storage in temporary
 * directories: vanished sources, unwritable destinations, processes that died mid-transfer,
 * submissions with unknown outcome, and the transfer limits.
 */
@ExtendWith(ServerPerClass.class)
class ConveyorFaultsTest {
    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start(TestServer started) throws Exception {
        server = started;
        root = server.root();
        storage = Files.createTempDirectory("laguna-conveyor-faults");
        server.createScope("exp", "root");
        for (String rse : List.of("NEAR_DISK", "FAR_DISK", "TARGET_DISK", "OTHER_DISK")) {
            PosixRses.addUnder(root, rse, storage);
        }
        Path blocker = storage.resolve("not-a-directory");
        Files.writeString(blocker, "a file where the RSE's directory should be");
        PosixRses.add(root, "BROKEN_DISK", blocker.resolve("under"));
        assertThat(root.post("/rses/NEAR_DISK/distances/TARGET_DISK", Map.of("distance", 1)).status()).isEqualTo(201);
        assertThat(root.post("/rses/FAR_DISK/distances/TARGET_DISK", Map.of("distance", 5)).status()).isEqualTo(201);
    }

    private static Conveyor conveyor(TransferTool tool, Duration staleAfter) {
        return conveyor(tool, 2, Duration.ZERO, staleAfter);
    }

    private static Conveyor conveyor(TransferTool tool, int attempts, Duration retryDelay, Duration staleAfter) {
        LagunaCore core = server.core();
        return new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS.withTimings(attempts, retryDelay, staleAfter), tool));
    }

    private static Conveyor builtin() {
        return conveyor(server.core().transferTool(), Duration.ofMinutes(15));
    }

    private static void drain(Conveyor conveyor) {
        for (int i = 0; i < 500 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // until nothing is queued, moving or waiting to be finished
        }
    }

    private void upload(String rse, String name, String content) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, content);
        Run upload = CliRunner.asRoot(server, "upload", "--rse", rse, "--scope", "exp", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
    }

    private static String rule(String name, String rse, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("dids", List.of(Map.of("scope", "exp", "name", name)), "copies", 1,
                "rse_expression", rse));
        body.putAll(extra);
        Rest.Response added = root.post("/rules/", body);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    private static JsonNode show(String id) {
        return root.get("/rules/" + id).json();
    }

    private static Path stored(String rse, String name) {
        return PosixRses.stored(storage, rse, name);
    }

    /** Copies a file to a second RSE through a rule, so that it has two sources. */
    private void onTwoSources(String name, String content) throws Exception {
        upload("NEAR_DISK", name, content);
        String far = rule(name, "FAR_DISK", Map.of());
        drain(builtin());
        assertThat(show(far).get("state").asText()).isEqualTo("OK");
    }

    private static String state(String name, String rse) {
        return server.core().database().readOnly(tx -> tx.queryOne("select q.state from requests q join rses r on r.id = q.dest_rse_id "
                + "where q.name = ? and r.rse = ?", rs -> rs.getString(1), name, rse)).orElse(null);
    }

    @Test
    void aVanishedSourceFallsBackToTheNextSource() throws Exception {
        onTwoSources("fallback.dat", "copied twice");
        Files.delete(stored("NEAR_DISK", "fallback.dat"));
        String id = rule("fallback.dat", "TARGET_DISK", Map.of());
        drain(builtin());
        assertThat(show(id).get("state").asText()).isEqualTo("OK");
        assertThat(Files.readString(stored("TARGET_DISK", "fallback.dat"))).isEqualTo("copied twice");
        JsonNode request = root.get("/requests/history/exp/fallback.dat/TARGET_DISK").json();
        assertThat(request.get("source_rse").asText()).isEqualTo("FAR_DISK");
    }

    /** A tool that records the jobs it is given and never finishes them. */
    static final class RecordingTool implements TransferTool {
        final List<TransferJob> jobs = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public String submit(TransferJob job) {
            jobs.add(job);
            return "job-" + jobs.size();
        }

        @Override
        public Map<String, JobStatus> query(Collection<String> jobIds) {
            Map<String, JobStatus> out = new HashMap<>();
            for (String id : jobIds) {
                TransferJob job = jobs.get(Integer.parseInt(id.substring(4)) - 1);
                Map<String, org.laguna.spi.transfer.FileStatus> files = new HashMap<>();
                job.files().forEach(f -> files.put(f.requestId(), new org.laguna.spi.transfer.FileStatus(f.requestId(),
                        org.laguna.spi.transfer.FileStatus.FileState.ACTIVE, null, null, 0, null, null)));
                out.put(id, new JobStatus(id, JobStatus.JobState.ACTIVE, files));
            }
            return out;
        }

        @Override
        public void cancel(Collection<String> jobIds) {
        }
    }

    private static void cancelRequests(String name) {
        server.core().database().inTransactionVoid(tx -> tx.update("update requests set state = 'QUEUED', external_id = null, "
                + "transfertool = null where name = ?", name));
    }

    @Test
    void sourcesAreRankedByDistanceAndASourceThatFailedBeforeComesLast() throws Exception {
        onTwoSources("ranked.dat", "ranked content");
        rule("ranked.dat", "TARGET_DISK", Map.of());
        RecordingTool tool = new RecordingTool();
        conveyor(tool, Duration.ofMinutes(15)).runOnce(WorkSlice.ALL);
        assertThat(tool.jobs).hasSize(1);
        assertThat(tool.jobs.getFirst().files().getFirst().sources()).extracting(e -> e.rse()).containsExactly("NEAR_DISK", "FAR_DISK");
        assertThat(state("ranked.dat", "TARGET_DISK")).isEqualTo("SUBMITTED");
        server.core().database().inTransactionVoid(tx -> tx.update("update requests set state = 'QUEUED', retry_count = 1, "
                + "source_rse_id = (select id from rses where rse = 'NEAR_DISK') where name = 'ranked.dat'"));
        RecordingTool again = new RecordingTool();
        conveyor(again, Duration.ofMinutes(15)).runOnce(WorkSlice.ALL);
        assertThat(again.jobs.getFirst().files().getFirst().sources()).extracting(e -> e.rse()).containsExactly("FAR_DISK", "NEAR_DISK");
        cancelRequests("ranked.dat");
        drain(builtin());
    }

    @Test
    void theRulesSourceReplicaExpressionLimitsTheSources() throws Exception {
        onTwoSources("restricted.dat", "only from far");
        rule("restricted.dat", "TARGET_DISK", Map.of("source_replica_expression", "FAR_DISK"));
        RecordingTool tool = new RecordingTool();
        conveyor(tool, Duration.ofMinutes(15)).runOnce(WorkSlice.ALL);
        assertThat(tool.jobs.getFirst().files().getFirst().sources()).extracting(e -> e.rse()).containsExactly("FAR_DISK");
        cancelRequests("restricted.dat");
        drain(builtin());
    }

    @Test
    void aDestinationThatCannotBeWrittenMakesTheRuleStuckWithTheReasonAndNoReplica() throws Exception {
        upload("NEAR_DISK", "unwritable.dat", "nowhere to go");
        String id = rule("unwritable.dat", "BROKEN_DISK", Map.of());
        drain(builtin());
        JsonNode stuck = show(id);
        assertThat(stuck.get("state").asText()).isEqualTo("STUCK");
        assertThat(stuck.get("error").asText()).contains("NEAR_DISK -> BROKEN_DISK");
        JsonNode analysis = root.get("/rules/" + id + "/analysis").json();
        assertThat(analysis.at("/transfers/0/request_state").asText()).isEqualTo("FAILED");
        assertThat(analysis.at("/transfers/0/attempts").asInt()).isEqualTo(2);
        JsonNode replica = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "exp", "name", "unwritable.dat")),
                "all_states", true)).lines().getFirst();
        assertThat(replica.at("/states/BROKEN_DISK").asText()).isEqualTo("COPYING");
    }

    /** Leaves a rule's request as a process that died after submitting it to its built-in engine would. */
    private static void submittedByADeadProcess(String name) {
        server.core().database().inTransactionVoid(tx -> tx.update("update requests set state = 'SUBMITTED', transfertool = 'builtin', "
                + "external_id = 'deadbeef:1', external_host = 'deadbeef', submitted_at = now() - interval '1 hour' where name = ?", name));
    }

    @Test
    void aTransferInterruptedByADeadProcessIsCopiedAgainAfterARestart() throws Exception {
        upload("NEAR_DISK", "interrupted.dat", "the whole file, eventually");
        String id = rule("interrupted.dat", "OTHER_DISK", Map.of());
        submittedByADeadProcess("interrupted.dat");
        drain(builtin());
        assertThat(show(id).get("state").asText()).isEqualTo("OK");
        assertThat(Files.readString(stored("OTHER_DISK", "interrupted.dat"))).isEqualTo("the whole file, eventually");
    }

    @Test
    void aTransferThatCompletedBeforeItsProcessDiedIsFinishedFromTheVerifiedDestination() throws Exception {
        upload("NEAR_DISK", "completed.dat", "already there");
        String id = rule("completed.dat", "OTHER_DISK", Map.of());
        // a first run copies the bytes; then the process "dies" before recording anything
        RecordingTool never = new RecordingTool();
        conveyor(never, Duration.ofMinutes(15)).runOnce(WorkSlice.ALL);
        Path source = stored("NEAR_DISK", "completed.dat");
        Path target = storage.resolve("other_disk").resolve(storage.resolve("near_disk").relativize(source));
        Files.createDirectories(target.getParent());
        Files.copy(source, target);
        Files.delete(source);
        submittedByADeadProcess("completed.dat");
        drain(builtin());
        assertThat(show(id).get("state").asText()).as("finished without a source: the destination was verified").isEqualTo("OK");
        assertThat(root.get("/requests/history/exp/completed.dat/OTHER_DISK").json().get("state").asText()).isEqualTo("DONE");
    }

    @Test
    void aDestinationFileWithWrongBytesLeftByADeadProcessIsNotTakenAsDone() throws Exception {
        upload("NEAR_DISK", "truncated.dat", "the right content");
        String id = rule("truncated.dat", "OTHER_DISK", Map.of());
        Path source = stored("NEAR_DISK", "truncated.dat");
        Path target = storage.resolve("other_disk").resolve(storage.resolve("near_disk").relativize(source));
        Files.createDirectories(target.getParent());
        Files.writeString(target, "the wrong content");
        submittedByADeadProcess("truncated.dat");
        drain(builtin());
        assertThat(show(id).get("state").asText()).isEqualTo("OK");
        assertThat(Files.readString(target)).isEqualTo("the right content");
    }

    /** A tool whose submissions time out after the job was in fact accepted and run by the built-in engine. */
    static final class TimingOutTool implements TransferTool {
        final TransferTool engine;
        final AtomicInteger submissions = new AtomicInteger();
        final boolean runIt;

        TimingOutTool(TransferTool engine, boolean runIt) {
            this.engine = engine;
            this.runIt = runIt;
        }

        @Override
        public String name() {
            return "timing-out";
        }

        @Override
        public String submit(TransferJob job) {
            submissions.incrementAndGet();
            if (runIt) {
                String id = engine.submit(job);
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!engine.query(List.of(id)).get(id).state().terminal() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            }
            throw new TransferToolException("read timed out", true, null);
        }

        @Override
        public Map<String, JobStatus> query(Collection<String> jobIds) {
            return Map.of();
        }

        @Override
        public void cancel(Collection<String> jobIds) {
        }
    }

    @Test
    void aSubmissionWithUnknownOutcomeIsReconciledFromTheDestinationNotSubmittedAgain() throws Exception {
        upload("NEAR_DISK", "unknown.dat", "did it arrive?");
        String id = rule("unknown.dat", "OTHER_DISK", Map.of());
        TimingOutTool tool = new TimingOutTool(server.core().transferTool(), true);
        Conveyor conveyor = conveyor(tool, Duration.ofMinutes(15));
        conveyor.runOnce(WorkSlice.ALL);
        assertThat(state("unknown.dat", "OTHER_DISK")).isEqualTo("SUBMITTED");
        conveyor.runOnce(WorkSlice.ALL);
        assertThat(tool.submissions).as("not submitted again while its outcome is unknown").hasValue(1);
        assertThat(state("unknown.dat", "OTHER_DISK")).isEqualTo("SUBMITTED");
        drain(conveyor(tool, Duration.ZERO));
        assertThat(tool.submissions).hasValue(1);
        assertThat(show(id).get("state").asText()).isEqualTo("OK");
    }

    @Test
    void aSubmissionWithUnknownOutcomeThatNeverRanIsQueuedAgainOnceStale() throws Exception {
        upload("NEAR_DISK", "lost.dat", "never sent");
        String id = rule("lost.dat", "OTHER_DISK", Map.of());
        TimingOutTool tool = new TimingOutTool(server.core().transferTool(), false);
        Conveyor stale = conveyor(tool, Duration.ZERO);
        stale.runOnce(WorkSlice.ALL);
        assertThat(tool.submissions).hasValue(1);
        stale.runOnce(WorkSlice.ALL);
        assertThat(state("lost.dat", "OTHER_DISK")).as("nothing at the destination: back in the queue, no attempt counted").isIn("QUEUED",
                "SUBMITTED");
        long retries = server.core().database().readOnly(tx -> tx.count("select retry_count from requests where name = 'lost.dat'"));
        assertThat(retries).isZero();
        drain(conveyor(server.core().transferTool(), Duration.ZERO));
        assertThat(show(id).get("state").asText()).isEqualTo("OK");
    }

    @Test
    void theSubmitterKeepsActiveTransfersWithinTheLimitOfTheDestination() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            upload("NEAR_DISK", "limited" + i + ".dat", "limited " + i);
            names.add("limited" + i + ".dat");
        }
        Rest user = server.createUser("limitless", "secret-password-1");
        assertThat(user.put("/requests/transfer_limits", Map.of("rse_expression", "TARGET_DISK", "max_transfers", 1)).status())
                .isEqualTo(401);
        Map<String, Object> asRucioSendsIt = new HashMap<>(Map.of("rse_expression", "TARGET_DISK", "max_transfers", 1,
                "activity", "User Subscriptions", "direction", "D"));
        for (String unset : List.of("volume", "deadline", "strategy", "transfers", "waitings")) {
            asRucioSendsIt.put(unset, null);
        }
        assertThat(root.put("/requests/transfer_limits", asRucioSendsIt).status()).isEqualTo(201);
        for (String name : names) {
            rule(name, "TARGET_DISK", Map.of());
        }
        RecordingTool tool = new RecordingTool();
        Conveyor conveyor = conveyor(tool, Duration.ofMinutes(15));
        conveyor.runOnce(WorkSlice.ALL);
        conveyor.runOnce(WorkSlice.ALL);
        assertThat(tool.jobs.stream().mapToInt(j -> j.files().size()).sum()).isEqualTo(1);
        List<JsonNode> limits = root.get("/requests/transfer_limits").lines();
        assertThat(limits).hasSize(1);
        assertThat(limits.getFirst().get("rse_expression").asText()).isEqualTo("TARGET_DISK");
        assertThat(limits.getFirst().get("max_transfers").asLong()).isEqualTo(1);
        assertThat(limits.getFirst().get("transfers").asLong()).isEqualTo(1);
        assertThat(limits.getFirst().get("waitings").asLong()).isEqualTo(2);
        assertThat(root.delete("/requests/transfer_limits", Map.of("rse_expression", "TARGET_DISK", "activity", "User Subscriptions",
                "direction", "D")).status()).isEqualTo(200);
        assertThat(root.get("/requests/transfer_limits").lines()).isEmpty();
        conveyor.runOnce(WorkSlice.ALL);
        assertThat(tool.jobs.stream().mapToInt(j -> j.files().size()).sum()).isEqualTo(3);
        names.forEach(ConveyorFaultsTest::cancelRequests);
        drain(builtin());
        JsonNode link = root.get("/requests/metrics?dst_rse=TARGET_DISK").lines().stream()
                .filter(l -> l.get("src_rse").asText().equals("NEAR_DISK")).findFirst().orElseThrow();
        assertThat(link.at("/files/done-total-1h").asLong()).isGreaterThanOrEqualTo(3);
        assertThat(link.get("distance").asInt()).isEqualTo(1);
    }

    @Test
    void theCommandLineSetsListsAndDeletesTransferLimits() {
        Run set = CliRunner.asRoot(server, "transfers", "limits", "set", "OTHER_DISK", "7", "--activity", "Express");
        assertThat(set.exit()).as(set.err()).isZero();
        Run list = CliRunner.asRoot(server, "transfers", "limits", "list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).contains("OTHER_DISK", "Express", "7");
        assertThat(CliRunner.asRoot(server, "transfers", "limits", "delete", "OTHER_DISK", "--activity", "Express").exit()).isZero();
        assertThat(CliRunner.asRoot(server, "transfers", "limits", "list").out()).doesNotContain("OTHER_DISK");
        assertThat(CliRunner.asRoot(server, "transfers", "limits", "delete", "OTHER_DISK").exit()).as("deleting twice is no error").isZero();
        Run metrics = CliRunner.asRoot(server, "transfers", "metrics");
        assertThat(metrics.exit()).as(metrics.err()).isZero();
        assertThat(metrics.out()).containsIgnoringCase("src_rse");
    }

    @Test
    void anEngineStoppedMidCopyLeavesNoReplicaAndAnotherProcessFinishesTheWork() throws Exception {
        upload("NEAR_DISK", "midcopy.dat", "copied by the second engine");
        String id = rule("midcopy.dat", "OTHER_DISK", Map.of());
        java.util.concurrent.CountDownLatch writing = new java.util.concurrent.CountDownLatch(1);
        org.laguna.core.storage.ServerStorage storage = server.core().storage();
        // the first engine's destination hangs in the middle of the write until the engine is stopped
        org.laguna.core.transfer.BuiltinTransferTool first = new org.laguna.core.transfer.BuiltinTransferTool((rse, pfn) -> {
            org.laguna.spi.storage.StorageProtocol real = storage.openPfn(rse, pfn);
            if (!rse.equals("OTHER_DISK")) {
                return real;
            }
            return new org.laguna.spi.storage.StorageProtocol() {
                @Override
                public java.util.Optional<org.laguna.spi.storage.StoredObject> stat(String p) {
                    return real.stat(p);
                }

                @Override
                public java.io.InputStream openRead(String p, long offset) {
                    return real.openRead(p, offset);
                }

                @Override
                public org.laguna.spi.storage.StoredObject write(String p, java.io.InputStream content, long size) {
                    writing.countDown();
                    try {
                        Thread.sleep(Long.MAX_VALUE);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new org.laguna.spi.error.LagunaException(org.laguna.spi.error.ErrorCode.STORAGE_UNAVAILABLE, "process killed");
                }

                @Override
                public void delete(String p) {
                    real.delete(p);
                }
            };
        }, server.core().clock(), 4, 4);
        conveyor(first, Duration.ofMinutes(15)).runOnce(WorkSlice.ALL);
        assertThat(writing.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        first.close();
        assertThat(state("midcopy.dat", "OTHER_DISK")).isEqualTo("SUBMITTED");
        assertThat(show(id).get("state").asText()).isEqualTo("REPLICATING");
        assertThat(stored("OTHER_DISK", "midcopy.dat")).isNull();
        // a restarted process (another engine) finds the job unknown; once stale, it looks at the destination and copies again
        drain(conveyor(server.core().transferTool(), Duration.ZERO));
        assertThat(show(id).get("state").asText()).isEqualTo("OK");
        assertThat(Files.readString(stored("OTHER_DISK", "midcopy.dat"))).isEqualTo("copied by the second engine");
    }

    private static void failedMinutesAgo(String name, int minutes) {
        server.core().database().inTransactionVoid(tx -> tx.update("update requests set updated_at = now() - ? * interval '1 minute' "
                + "where name = ?", minutes, name));
    }

    private static long attempts(String name) {
        return server.core().database().readOnly(tx -> tx.count("select retry_count from requests where name = ?", name));
    }

    @Test
    void aFailedRequestIsRetriedAfterADelayThatDoublesAtEachFailureUpToTheLimit() throws Exception {
        upload("NEAR_DISK", "backoff.dat", "soon gone");
        Files.delete(stored("NEAR_DISK", "backoff.dat"));
        String id = rule("backoff.dat", "OTHER_DISK", Map.of());
        Conveyor conveyor = conveyor(server.core().transferTool(), 3, Duration.ofHours(1), Duration.ofMinutes(15));
        drain(conveyor);
        assertThat(attempts("backoff.dat")).isEqualTo(1);
        assertThat(state("backoff.dat", "OTHER_DISK")).isEqualTo("QUEUED");
        failedMinutesAgo("backoff.dat", 59);
        drain(conveyor);
        assertThat(attempts("backoff.dat")).as("an hour has not passed").isEqualTo(1);
        failedMinutesAgo("backoff.dat", 61);
        drain(conveyor);
        assertThat(attempts("backoff.dat")).isEqualTo(2);
        failedMinutesAgo("backoff.dat", 61);
        drain(conveyor);
        assertThat(attempts("backoff.dat")).as("after the second failure the delay is two hours").isEqualTo(2);
        assertThat(show(id).get("state").asText()).isEqualTo("REPLICATING");
        failedMinutesAgo("backoff.dat", 121);
        drain(conveyor);
        assertThat(attempts("backoff.dat")).isEqualTo(3);
        assertThat(state("backoff.dat", "OTHER_DISK")).isEqualTo("FAILED");
        assertThat(show(id).get("state").asText()).isEqualTo("STUCK");
    }

    @Test
    void aPollerRecordsEveryTransferOfItsOwnEngineWhateverItsSlice() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            upload("NEAR_DISK", "sliced" + i + ".dat", "sliced " + i);
            ids.add(rule("sliced" + i + ".dat", "OTHER_DISK", Map.of()));
        }
        LagunaCore core = server.core();
        ConveyorContext context = new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS, core.transferTool());
        assertThat(new org.laguna.core.transfer.ConveyorSubmitter(context).runOnce(WorkSlice.ALL)).isEqualTo(8);
        // this process's only poller has half of the slices; the other half belongs to a poller elsewhere that cannot know these jobs
        org.laguna.core.transfer.ConveyorPoller poller = new org.laguna.core.transfer.ConveyorPoller(context);
        for (int i = 0; i < 200 && core.database().readOnly(tx -> tx.count("select count(*) from requests where state = 'SUBMITTED' "
                + "and name like 'sliced%'")) > 0; i++) {
            poller.runOnce(new WorkSlice(0, 2));
        }
        new org.laguna.core.transfer.ConveyorFinisher(context).runOnce(WorkSlice.ALL);
        for (String id : ids) {
            assertThat(show(id).get("state").asText()).isEqualTo("OK");
        }
    }
}
