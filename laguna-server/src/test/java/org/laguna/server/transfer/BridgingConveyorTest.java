package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.S3Rses;
import org.laguna.server.testing.TestServer;
import org.laguna.storage.s3.S3ProxyServer;

/**
 * With its default settings the built-in tool streams between protocols that share no scheme: a
 * file RSE's copy reaches an S3 RSE in one hop, with no intermediate RSE and no multi-hop request.
 */
class BridgingConveyorTest {
    private static final String ACCESS = "bridge-access";
    private static final String SECRET = "bridge-s3-secret";
    private static S3ProxyServer proxy;
    private static Path s3Base;
    private static TestServer server;
    private static Rest root;
    private static Conveyor conveyor;

    @BeforeAll
    static void start() throws Exception {
        proxy = S3ProxyServer.start("bucket", ACCESS, SECRET);
        s3Base = proxy.directory();
        server = TestServer.start(Map.of("storage.S3_ONLY.access_key", ACCESS, "storage.S3_ONLY.secret_key", SECRET));
        root = server.root();
        server.createScope("exp", "root");
        PosixRses.addUnder(root, "FILE_ONLY", Files.createTempDirectory("laguna-bridge-posix"));
        assertThat(S3Rses.add(root, "S3_ONLY", proxy.port(), "/bucket/only").status()).isEqualTo(201);
        var core = server.core();
        conveyor = new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS, core.transferTool()));
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

    @Test
    void aFileCopyReachesAnS3RseInOneHop() throws Exception {
        Path file = Files.createTempDirectory("laguna-bridge-up").resolve("bridged.dat");
        String content = "across protocols ".repeat(2_000);
        Files.writeString(file, content);
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "FILE_ONLY", "--scope", "exp", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", "bridged.dat")), "copies", 1,
                "rse_expression", "S3_ONLY"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String id = added.json().get(0).asText();

        for (int i = 0; i < 200 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // until the copy is finished
        }

        JsonNode rule = root.get("/rules/" + id).json();
        assertThat(rule.get("state").asText()).as(rule.toString()).isEqualTo("OK");
        try (Stream<Path> files = Files.walk(s3Base.resolve("bucket").resolve("only"))) {
            Path copy = files.filter(p -> p.getFileName().toString().equals("bridged.dat")).findFirst().orElseThrow();
            assertThat(Files.readString(copy)).isEqualTo(content);
        }
        List<String> hops = server.core().database().readOnly(tx -> tx.query("select r.rse || ' ' || h.state from requests_history h "
                + "join rses r on r.id = h.dest_rse_id where h.name = 'bridged.dat'", rs -> rs.getString(1)));
        assertThat(hops).containsExactly("S3_ONLY DONE");
    }
}
