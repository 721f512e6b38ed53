package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.ConveyorRig;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** A copy to a non-deterministic RSE never lands on the path of another file's replica there. */
@ExtendWith(ServerPerClass.class)
class TakenDestinationPathTest {
    private static final String POSIX = "rucio.rse.protocols.posix.Default";
    private static ConveyorRig rig;
    private static Rest root;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start(TestServer server) throws Exception {
        rig = ConveyorRig.on(server, "laguna-taken-path", "SOURCE_DISK");
        root = rig.root();
        storage = rig.storage();
        assertThat(root.post("/rses/KEEPING_TAPE", Map.of("deterministic", false)).status()).isEqualTo(201);
        Rest.Response protocol = root.post("/rses/KEEPING_TAPE/protocols/file", Map.of("hostname", "localhost", "port", 0,
                "prefix", storage.resolve("tape").toString(), "impl", POSIX,
                "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
        assertThat(protocol.status()).as(protocol.body()).isEqualTo(201);
    }

    @Test
    void aCopyWhoseDestinationPathAnotherFileHoldsFailsWithTheReasonAndLeavesThatFileAlone() throws Exception {
        rig.upload(work, "wanted.dat", "the copy", "SOURCE_DISK");
        // another file registered at the path the copy would get on the tape
        String layout = Lfn2Pfn.path(Lfn2Pfn.DEFAULT_ALGORITHM, "exp", "wanted.dat");
        Path squatted = storage.resolve("tape").resolve(layout);
        Files.createDirectories(squatted.getParent());
        Files.writeString(squatted, "someone else's bytes");
        String pfn = Lfn2Pfn.pfn(POSIX, "file", "localhost", 0, storage.resolve("tape").toString(), Map.of(), layout);
        Rest.Response other = root.post("/replicas", Map.of("rse", "KEEPING_TAPE", "files",
                List.of(Map.of("scope", "exp", "name", "other.dat", "bytes", 21, "pfn", pfn))));
        assertThat(other.status()).as(other.body()).isEqualTo(201);

        String rule = rig.rule("wanted.dat", "KEEPING_TAPE");
        Conveyor conveyor = new Conveyor(rig.context(TransferConfig.DEFAULTS.withTimings(1, Duration.ZERO, Duration.ofMinutes(15)),
                rig.server().core().transferTool()));
        for (int i = 0; i < 50 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // until nothing is queued, moving or waiting to be finished
        }

        assertThat(Files.readString(squatted)).isEqualTo("someone else's bytes");
        JsonNode analysis = root.get("/rules/" + rule + "/analysis").json();
        assertThat(analysis.at("/transfers/0/request_state").asText()).isEqualTo("FAILED");
        assertThat(analysis.toString()).contains(layout, "already the replica of another file");
    }
}
