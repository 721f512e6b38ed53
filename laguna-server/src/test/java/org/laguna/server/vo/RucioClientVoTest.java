package org.laguna.server.vo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * The unmodified Rucio 41 client with {@code vo = tst} in its configuration works in the VO
 * {@code tst} of a server of several VOs: whoami, upload and did list, none of which the default VO
 * sees. Runs when {@code RUCIO_SOURCE_TREE} names a Rucio 41.0.0 checkout.
 */
class RucioClientVoTest {
    private static final String SUPER_ROOT_PASSWORD = "Super-root-pw-83";
    private static TestServer server;
    private static Path tree;

    @TempDir
    static Path work;

    @BeforeAll
    static void start() throws Exception {
        String source = System.getenv("RUCIO_SOURCE_TREE");
        assumeTrue(source != null && Files.isRegularFile(Path.of(source, "bin", "rucio")), "RUCIO_SOURCE_TREE names no Rucio 41 checkout");
        tree = Path.of(source);
        server = TestServer.start(Map.of("vo.multi-vo", "true", "super-root.password", SUPER_ROOT_PASSWORD));
        Rest superRoot = Rest.login(server.url(), "super_root", "super_root", SUPER_ROOT_PASSWORD);
        assertThat(superRoot.post("/vos/tst", Map.of("description", "Rucio client's VO")).status()).isEqualTo(201);
        Rest tstRoot = Rest.login(server.url(), "root", "super_root", SUPER_ROOT_PASSWORD, "tst");
        assertThat(tstRoot.post("/accounts/root/scopes/tstdata", Map.of()).status()).isEqualTo(201);
        PosixRses.addUnder(tstRoot, "TST_DISK", work.resolve("rses"));
        Files.writeString(work.resolve("rucio.cfg"), """
                [client]
                rucio_host = %1$s
                auth_host = %1$s
                auth_type = userpass
                username = super_root
                password = %2$s
                account = root
                vo = tst
                request_retries = 1
                """.formatted(server.url(), SUPER_ROOT_PASSWORD));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String rucio(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", tree.resolve("bin/rucio").toString()));
        command.addAll(List.of(args));
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(work.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("RUCIO_"));
        builder.environment().putAll(Map.of("RUCIO_CONFIG", work.resolve("rucio.cfg").toString(), "PYTHONPATH", tree.resolve("lib").toString(),
                "PYTHONUNBUFFERED", "1", "TMPDIR", tmp.toString(), "XDG_RUNTIME_DIR", tmp.toString()));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        System.out.println("+ rucio " + String.join(" ", args) + "\n" + output);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void theRucioClientWithVoTstWorksInVoTstOnly() throws Exception {
        assertThat(rucio("whoami")).contains("root");
        Path payload = Files.writeString(work.resolve("in-tst.txt"), "bytes of VO tst\n");
        rucio("upload", "--rse", "TST_DISK", "--scope", "tstdata", payload.toString());
        assertThat(rucio("did", "list", "tstdata:*", "--filter", "type=all")).contains("tstdata:in-tst.txt");
        assertThat(PosixRses.stored(work.resolve("rses"), "TST_DISK", "in-tst.txt")).isNotNull();

        Rest.Response inDefault = server.root().get("/dids/tstdata/in-tst.txt");
        assertThat(inDefault.status()).as("the default VO has no scope tstdata").isEqualTo(404);
        assertThat(server.root().get("/rses/TST_DISK").status()).isEqualTo(404);
    }
}
