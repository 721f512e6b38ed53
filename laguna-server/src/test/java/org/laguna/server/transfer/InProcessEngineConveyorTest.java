package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.BuiltinTransferTool;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.ConveyorSubmitter;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.ConveyorRig;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;
import org.laguna.spi.transfer.InProcessEngine;
import org.laguna.spi.transfer.JobStatus;
import org.laguna.spi.transfer.TransferJob;

/**
 * The conveyor treats a tool as an engine copying in its own process because the tool says so ({@link InProcessEngine}),
 * whatever its class: a tool other than the built-in one gets its endpoints opened, its engine id recorded and polled,
 * and nothing while it is full.
 */
@ExtendWith(ServerPerClass.class)
class InProcessEngineConveyorTest {
    private static TestServer server;
    private static ConveyorRig rig;

    @TempDir
    Path work;

    @BeforeAll
    static void start(TestServer started) throws Exception {
        server = started;
        rig = ConveyorRig.on(server, "laguna-in-process-engine", "ENGINE_SOURCE", "ENGINE_TARGET");
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
        return rig.context(TransferConfig.DEFAULTS, engine);
    }

    private String ruleFor(String name) throws Exception {
        return rig.ruleFor(work, name, "copied in process: " + name, "ENGINE_SOURCE", "ENGINE_TARGET");
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

            rig.runUntilOk(new Conveyor(context(engine)), rule);
        }
        assertThat(rig.state(rule)).isEqualTo("OK");
        assertThat(Files.readString(PosixRses.stored(rig.storage(), "ENGINE_TARGET", "engine.dat"))).isEqualTo("copied in process: engine.dat");
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
