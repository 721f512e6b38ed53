package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/**
 * The common errors say what to do: an exceeded quota names the limits in the way, how much of
 * each is used and who raises them how; a missing protocol names the RSE and the operation and
 * says how to add one. Rucio's exception classes stay.
 */
@ExtendWith(ServerPerClass.class)
class ErrorHintsTest {
    private static TestServer server;
    private static Rest root;

    @TempDir
    Path work;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        for (String rse : List.of("HINT_DISK", "HINT_SRC", "NO_PROTOCOL")) {
            assertThat(root.post("/rses/" + rse, Map.of()).status()).isEqualTo(201);
        }
    }

    @Test
    void anExceededQuotaNamesTheLimitItsUseAndWhoRaisesIt() {
        Rest carol = server.createUser("carol", "carolpass");
        server.createScope("user.carol", "carol");
        assertThat(root.post("/replicas", Map.of("rse", "HINT_SRC", "files", List.of(Map.of("scope", "user.carol", "name", "big.dat",
                "bytes", 5_000, "adler32", "0000000b")))).status()).isEqualTo(201);
        Map<String, Object> rule = Map.of("dids", List.of(Map.of("scope", "user.carol", "name", "big.dat")), "copies", 1,
                "rse_expression", "HINT_DISK");

        Rest.Response noLimit = carol.post("/rules", rule);
        assertThat(noLimit.status()).isEqualTo(409);
        assertThat(noLimit.exceptionClass()).isEqualTo("InsufficientAccountLimit");
        assertThat(noLimit.body()).contains("Account 'carol' has HINT_DISK: no limit set, so nothing may be written there")
                .contains("An administrator").contains("laguna account limit set carol --rse RSE --bytes N");

        assertThat(root.post("/accounts/carol/limits/local/HINT_DISK", Map.of("bytes", 1_000)).status()).isEqualTo(201);
        Rest.Response tooSmall = carol.post("/rules", rule);
        assertThat(tooSmall.status()).isEqualTo(409);
        assertThat(tooSmall.exceptionClass()).isEqualTo("InsufficientAccountLimit");
        assertThat(tooSmall.body()).contains("5.0 kB needed on 1 RSE(s)").contains("HINT_DISK: limit 1.0 kB, used 0 bytes (1.0 kB left)");
    }

    @Test
    void aMissingProtocolNamesTheRseTheOperationAndHowToAddOne() {
        Rest.Response pfns = root.get("/rses/NO_PROTOCOL/lfns2pfns?lfns=user.carol:x.dat&operation=write");
        assertThat(pfns.status()).isEqualTo(404);
        assertThat(pfns.exceptionClass()).isEqualTo("RSEProtocolNotSupported");
        assertThat(pfns.body()).contains("RSE 'NO_PROTOCOL' has no protocol for write in the wan domain")
                .contains("laguna rse protocol add NO_PROTOCOL --scheme SCHEME");

        Rest.Response listed = root.get("/rses/NO_PROTOCOL/protocols");
        assertThat(listed.exceptionClass()).isEqualTo("RSEProtocolNotSupported");
        assertThat(listed.body()).contains("NO_PROTOCOL").contains("laguna rse protocol add NO_PROTOCOL");
    }

    @Test
    void anUploadToAnRseWithoutAProtocolSaysHowToAddOne() throws Exception {
        server.createScope("hints", "root");
        Path file = Files.writeString(work.resolve("hint.txt"), "no protocol");
        CliRunner.Run upload = CliRunner.asRoot(server, "upload", "--rse", "NO_PROTOCOL", "--scope", "hints", file.toString());
        assertThat(upload.exit()).isNotZero();
        assertThat(upload.err()).contains("NO_PROTOCOL").contains("laguna rse protocol add NO_PROTOCOL").doesNotContain("\tat ");
    }
}
