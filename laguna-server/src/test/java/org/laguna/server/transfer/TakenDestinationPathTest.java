package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/** A copy to a non-deterministic RSE never lands on the path of another file's replica there. */
class TakenDestinationPathTest {
    private static final String POSIX = "rucio.rse.protocols.posix.Default";
    private static TestServer server;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        root = server.root();
        storage = Files.createTempDirectory("laguna-taken-path");
        server.createScope("exp", "root");
        PosixRses.addUnder(root, "SOURCE_DISK", storage);
        assertThat(root.post("/rses/KEEPING_TAPE", Map.of("deterministic", false)).status()).isEqualTo(201);
        Rest.Response protocol = root.post("/rses/KEEPING_TAPE/protocols/file", Map.of("hostname", "localhost", "port", 0,
                "prefix", storage.resolve("tape").toString(), "impl", POSIX,
                "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        assertThat(protocol.status()).as(protocol.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCopyWhoseDestinationPathAnotherFileHoldsFailsWithTheReasonAndLeavesThatFileAlone() throws Exception {
        Path local = work.resolve("wanted.dat");
        Files.writeString(local, "the copy");
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "SOURCE_DISK", "--scope", "exp", local.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        // another file registered at the path the copy would get on the tape
        String layout = Lfn2Pfn.path(Lfn2Pfn.DEFAULT_ALGORITHM, "exp", "wanted.dat");
        Path squatted = storage.resolve("tape").resolve(layout);
        Files.createDirectories(squatted.getParent());
        Files.writeString(squatted, "someone else's bytes");
        String pfn = Lfn2Pfn.pfn(POSIX, "file", "localhost", 0, storage.resolve("tape").toString(), Map.of(), layout);
        Rest.Response other = root.post("/replicas", Map.of("rse", "KEEPING_TAPE", "files",
                List.of(Map.of("scope", "exp", "name", "other.dat", "bytes", 21, "pfn", pfn))));
        assertThat(other.status()).as(other.body()).isEqualTo(201);

        Rest.Response rule = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", "wanted.dat")), "copies", 1,
                "rse_expression", "KEEPING_TAPE"));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        LagunaCore core = server.core();
        Conveyor conveyor = new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS.withTimings(1, Duration.ZERO, Duration.ofMinutes(15)),
                core.transferTool()));
        for (int i = 0; i < 50 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // until nothing is queued, moving or waiting to be finished
        }

        assertThat(Files.readString(squatted)).isEqualTo("someone else's bytes");
        JsonNode analysis = root.get("/rules/" + rule.json().get(0).asText() + "/analysis").json();
        assertThat(analysis.at("/transfers/0/request_state").asText()).isEqualTo("FAILED");
        assertThat(analysis.toString()).contains(layout, "already the replica of another file");
    }
}
