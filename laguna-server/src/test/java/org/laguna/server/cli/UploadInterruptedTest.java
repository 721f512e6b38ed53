package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.cli.LagunaCli;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** An upload whose server goes away mid-way: what it says, how it exits, and what the re-run repairs. */
@ExtendWith(ServerPerClass.class)
class UploadInterruptedTest {
    private static TestServer server;
    private static Path storage;

    @TempDir
    Path work;

    @BeforeAll
    static void start(TestServer started) throws Exception {
        server = started;
        storage = Files.createTempDirectory("laguna-hooked-rse");
        server.createScope("exp", "root");
        Rest root = server.root();
        root.post("/rses/CRASHY", Map.of());
        root.post("/rses/CRASHY/protocols/hookedwrite", Map.of("hostname", "localhost", "port", 0, "prefix", storage.toString(),
                "impl", "rucio.rse.protocols.posix.Default", "domains", Map.of("wan", Map.of("read", 1, "write", 1, "delete", 1))));
    }

    @AfterEach
    void unhook() {
        WriteHookStorage.afterWrite = pfn -> { };
    }

    @Test
    void anUploadCutOffByTheServerExitsUnreachableAndTheRerunSaysWhatItRepaired() throws Exception {
        Path dir = work.resolve("run");
        for (String name : new String[] {"a.dat", "b.dat", "c.dat", "d.dat"}) {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(name), name.repeat(300));
        }
        WriteHookStorage.afterWrite = pfn -> {
            if (pfn.endsWith("/c.dat")) {
                server.stopApi();
            }
        };
        Run cut = CliRunner.asRoot(server, "upload", "--rse", "CRASHY", "--scope", "exp", "--dataset", "exp:crashset", "--threads", "1",
                dir.toString());
        assertThat(cut.exit()).as(cut.err()).isEqualTo(LagunaCli.EXIT_UNREACHABLE);
        String[] errors = cut.err().strip().split("\n");
        assertThat(errors[errors.length - 1]).startsWith("laguna: The server went away during the upload")
                .contains("2 file(s) are not finished and none is attached to exp:crashset", "re-run the same command to finish");
        assertThat(cut.out()).contains("Uploaded 2, already present 0, failed 1, not attempted 1");

        WriteHookStorage.afterWrite = pfn -> { };
        server.restartApi();
        assertThat(state("c.dat")).isEqualTo("COPYING");
        assertThat(state("a.dat")).isEqualTo("AVAILABLE");

        Run rerun = CliRunner.asRoot(server, "upload", "--rse", "CRASHY", "--scope", "exp", "--dataset", "exp:crashset", "--threads", "1",
                dir.toString());
        assertThat(rerun.exit()).as(rerun.err()).isZero();
        assertThat(rerun.out())
                .contains("Finished " + dir.resolve("c.dat") + " -> exp:c.dat (its replica was left COPYING by an earlier run)")
                .contains("Uploaded 1, already present 2, failed 0 (RSE CRASHY)")
                .contains("Attached 4 file(s) to exp:crashset")
                .contains("Repaired what an earlier run left unfinished: finished 1 replica(s) left COPYING, attached 3 file(s) uploaded earlier");
        assertThat(state("c.dat")).isEqualTo("AVAILABLE");
        long attached = server.core().database().readOnly(tx -> tx.count(
                "select count(*) from contents where scope = 'exp' and name = 'crashset'"));
        assertThat(attached).isEqualTo(4);
    }

    private static String state(String name) {
        return server.core().database().readOnly(tx -> tx.queryOne(
                "select state from replicas where scope = 'exp' and name = ?", rs -> rs.getString(1), name)).orElse(null);
    }
}
