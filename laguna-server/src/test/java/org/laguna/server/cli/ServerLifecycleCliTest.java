package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.testing.TestDatabase;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;

/**
 * The quick start as a user types it: {@code laguna server --detach --home DIR}, then {@code laguna whoami}
 * in another shell (no --home, no LAGUNA_HOME), then {@code laguna server status} and {@code stop}. The server
 * is a real background process; ~/.laguna is a temporary directory.
 */
class ServerLifecycleCliTest {
    @TempDir
    Path temporary;

    private String userHome;
    private Path home;

    @BeforeEach
    void freshUser() throws Exception {
        userHome = System.getProperty("user.home");
        System.setProperty("user.home", Files.createDirectories(temporary.resolve("user")).toString());
        home = temporary.resolve("my home");
    }

    @AfterEach
    void restoreUser() {
        CliRunner.run("server", "stop", "--home", home.toString());
        System.setProperty("user.home", userHome);
    }

    @Test
    void aServerStartedWithAHomeIsFoundByTheNextCommandAndCanBeStoppedByHome() throws Exception {
        Run started = CliRunner.run("server", "--detach", "--home", home.toString(), "--port", "0", "--no-daemons",
                "--database-url", TestDatabase.createDatabase());

        assertThat(started.exit()).as(started.err()).isZero();
        Path log = home.resolve("logs").resolve("server.log");
        assertThat(started.out()).contains("Laguna serves http://", "in the background", "home " + home, "pid ", "log  " + log,
                "Created account 'root'");
        assertThat(started.out()).contains("export LAGUNA_HOME=" + home);
        // The server writes the line to its log just after it starts serving, which is when --detach returns.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (!Files.readString(log).contains("export LAGUNA_HOME=") && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Files.readString(log)).contains("export LAGUNA_HOME=" + home);

        Run whoami = CliRunner.run("whoami", "--json");
        assertThat(whoami.exit()).as(whoami.err()).isZero();
        assertThat(whoami.out()).contains("\"account\":\"root\"");

        Run status = CliRunner.run("server", "status");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("running on home " + home, "pid", "http://", log.toString());

        Run again = CliRunner.run("server", "--detach", "--home", home.toString(), "--port", "0", "--no-daemons",
                "--database-url", TestDatabase.createDatabase());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("already uses home " + home);

        Run stopped = CliRunner.run("server", "stop");
        assertThat(stopped.exit()).as(stopped.err()).isZero();
        assertThat(stopped.out()).contains("Stopped the Laguna server");

        Run after = CliRunner.run("server", "status", "--home", home.toString());
        assertThat(after.exit()).isEqualTo(3);
        assertThat(after.out()).contains("No Laguna server runs on home " + home);
        Run whoamiAfter = CliRunner.run("whoami");
        assertThat(whoamiAfter.exit()).isEqualTo(3);
        assertThat(whoamiAfter.err()).contains("No server configured", "home " + home + " has no server.url");
    }

    @Test
    void aServerThatCannotStartInTheBackgroundShowsWhyAndItsLog() {
        Run failed = CliRunner.run("server", "--detach", "--home", home.toString(), "--port", "0", "--no-daemons",
                "--database-url", "jdbc:postgresql://127.0.0.1:1/none");

        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err()).contains("the server did not start", home.resolve("logs").resolve("server.log").toString());
    }
}
