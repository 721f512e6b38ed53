package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.BuiltinTransferTool;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.ConveyorSubmitter;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.laguna.spi.transfer.InProcessEngine;
import org.laguna.spi.transfer.JobStatus;
import org.laguna.spi.transfer.TransferJob;

/**
 * The conveyor treats a tool as an engine copying in its own process because the tool says so ({@link InProcessEngine}),
 * whatever its class: a tool other than the built-in one gets its endpoints opened, its engine id recorded and polled,
 * and nothing while it is full.
 */
class InProcessEngineConveyorTest {
    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        root = server.root();
        storage = Files.createTempDirectory("laguna-in-process-engine");
        server.createScope("exp", "root");
        PosixRses.addUnder(root, "ENGINE_SOURCE", storage);
        PosixRses.addUnder(root, "ENGINE_TARGET", storage);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** An engine of its own class that copies with a built-in engine it keeps inside. */
    private static final class OtherEngine implements InProcessEngine {
        private final BuiltinTransferTool copier;
        private volatile boolean full;

        OtherEngine(LagunaCore core) {
            copier = new BuiltinTransferTool(core.storage()::openPfn, core.clock(), 2, 2);
        }

        @Override
        public String name() {
            return "other-engine";
        }

        @Override
        public String submit(TransferJob job) {
            return copier.submit(job);
        }

        @Override
        public Map<String, JobStatus> query(Collection<String> jobIds) {
            return copier.query(jobIds);
        }

        @Override
        public void cancel(Collection<String> jobIds) {
            copier.cancel(jobIds);
        }

        @Override
        public String engineId() {
            return copier.engineId();
        }

        @Override
        public boolean madeJob(String jobId) {
            return copier.madeJob(jobId);
        }

        @Override
        public boolean full() {
            return full;
        }

        @Override
        public void close() {
            copier.close();
        }
    }

    private static ConveyorContext context(OtherEngine engine) {
        LagunaCore core = server.core();
        return new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(), core.services().rses().resolver(),
                core.clock(), TransferConfig.DEFAULTS, engine);
    }

    private String ruleFor(String name) throws Exception {
        Path file = Files.writeString(work.resolve(name), "copied in process: " + name);
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "ENGINE_SOURCE", "--scope", "exp", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", name)), "copies", 1,
                "rse_expression", "ENGINE_TARGET"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    private static List<String> request(String name) {
        return server.core().database().readOnly(tx -> tx.query("select state || ' ' || coalesce(transfertool, '-') || ' ' || coalesce(external_host, '-') "
                + "from requests where name = ?", rs -> rs.getString(1), name));
    }

    @Test
    void anEngineOfAnotherClassHasItsRequestsRecordedUnderItsIdAndCopiesThem() throws Exception {
        String rule = ruleFor("engine.dat");
        try (OtherEngine engine = new OtherEngine(server.core())) {
            assertThat(new ConveyorSubmitter(context(engine)).runOnce(WorkSlice.ALL)).isPositive();
            assertThat(request("engine.dat")).containsExactly("SUBMITTED other-engine " + engine.engineId());

            Conveyor conveyor = new Conveyor(context(engine));
            for (int i = 0; i < 40 && !"OK".equals(root.get("/rules/" + rule).json().get("state").asText()); i++) {
                conveyor.runOnce(WorkSlice.ALL);
            }
        }
        assertThat(root.get("/rules/" + rule).json().get("state").asText()).isEqualTo("OK");
        assertThat(Files.readString(PosixRses.stored(storage, "ENGINE_TARGET", "engine.dat"))).isEqualTo("copied in process: engine.dat");
    }

    @Test
    void aFullEngineIsHandedNothingAndTheRequestsStayQueued() throws Exception {
        ruleFor("waiting.dat");
        try (OtherEngine engine = new OtherEngine(server.core())) {
            engine.full = true;
            assertThat(new ConveyorSubmitter(context(engine)).runOnce(WorkSlice.ALL)).isZero();
            assertThat(request("waiting.dat")).singleElement().asString().startsWith("QUEUED");
        }
    }
}
