package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.laguna.core.transfer.BuiltinTransferTool;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.S3Rses;
import org.laguna.server.testing.TestServer;
import org.laguna.storage.s3.S3ProxyServer;

/** Two S3 RSEs on one endpoint (s3proxy, one bucket each): the conveyor has the store copy server-side. */
class S3ThirdPartyCopyTest {
    private static S3ProxyServer proxy;
    private static TestServer server;
    private static Rest root;
    private static Conveyor conveyor;

    @TempDir
    Path work;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3ProxyServer.start("source", "laguna-access", "laguna-secret");
        proxy.createBucket("destination");
        server = TestServer.start(Map.of("storage.SRC_S3.access_key", "laguna-access", "storage.SRC_S3.secret_key", "laguna-secret",
                "storage.DST_S3.access_key", "laguna-access", "storage.DST_S3.secret_key", "laguna-secret"));
        root = server.root();
        server.createScope("obj", "root");
        for (String rse : List.of("SRC_S3", "DST_S3")) {
            S3Rses.add(root, rse, proxy.port(), rse.equals("SRC_S3") ? "/source" : "/destination");
        }
        LagunaCore core = server.core();
        conveyor = new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS.withTimings(2, Duration.ZERO, Duration.ofMinutes(15)),
                core.transferTool()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    /** What replicating one uploaded file from SRC_S3 to DST_S3 did: the rule's state, requests to the store, the copy. */
    private record Replicated(String state, long copiesByStore, long sourceGets, long destinationGets, String pfn, String content) {
    }

    /** Uploads the file to SRC_S3, adds a rule for a copy on DST_S3 and runs the conveyor until nothing is queued. */
    private Replicated replicate(Path in) throws Exception {
        String name = in.getFileName().toString();
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "SRC_S3", "--scope", "obj", in.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "obj", "name", name)), "copies", 1,
                "rse_expression", "DST_S3"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String id = added.json().get(0).asText();
        BuiltinTransferTool tool = (BuiltinTransferTool) server.core().transferTool();
        long copiesBefore = tool.thirdPartyCopies();
        long sourceGetsBefore = proxy.gets("source");
        long destinationGetsBefore = proxy.gets("destination");
        for (int i = 0; i < 500 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // until nothing is queued
        }
        String state = root.get("/rules/" + id).json().get("state").asText();
        long copies = tool.thirdPartyCopies() - copiesBefore;
        long sourceGets = proxy.gets("source") - sourceGetsBefore;
        long destinationGets = proxy.gets("destination") - destinationGetsBefore;
        String pfn = root.post("/replicas/list", Map.of("dids", List.of(Map.of("scope", "obj", "name", name)))).lines().getFirst()
                .at("/rses/DST_S3/0").asText();
        try (var read = server.core().storage().openPfn("DST_S3", pfn).openRead(pfn, 0)) {
            return new Replicated(state, copies, sourceGets, destinationGets, pfn,
                    new String(read.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void aRuleBetweenBucketsOfOneEndpointIsCopiedServerSideAndVerifiedAndBecomesOk() throws Exception {
        Path in = work.resolve("tpc.dat");
        Files.writeString(in, "copied inside the object store ".repeat(40_000)); // 1.2 MB: above the default threshold

        Replicated done = replicate(in);

        assertThat(done.state()).isEqualTo("OK");
        assertThat(done.sourceGets()).as("GETs of the source object").isZero();
        assertThat(done.destinationGets()).as("the copy is read back once: the uploaded source carries no adler32 metadata").isEqualTo(1);
        assertThat(done.copiesByStore()).as("copies made by the store").isEqualTo(1);
        assertThat(done.pfn()).contains("/destination/");
        assertThat(done.content()).isEqualTo(Files.readString(in));
    }

    @Test
    void aSmallFileBetweenBucketsOfOneEndpointIsStreamedInTwoRequests() throws Exception {
        Path in = work.resolve("small.dat");
        Files.writeString(in, "streamed: a copy would need a read-back ".repeat(100));

        Replicated done = replicate(in);

        assertThat(done.state()).isEqualTo("OK");
        assertThat(done.copiesByStore()).as("copies made by the store").isZero();
        assertThat(done.sourceGets()).as("GETs of the source object").isEqualTo(1);
        assertThat(done.destinationGets()).as("GETs of the copy").isZero();
        assertThat(done.content()).isEqualTo(Files.readString(in));
    }
}
