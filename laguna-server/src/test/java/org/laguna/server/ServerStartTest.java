package org.laguna.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.config.LagunaConfig;
import org.laguna.core.db.Database;
import org.laguna.core.testing.TestCore;
import org.laguna.core.testing.TestDatabase;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/** {@code laguna server} when its port is taken, when root's password was lost, and root's password reset. */
class ServerStartTest {
    @TempDir
    Path home;

    @Test
    void aTakenPortIsReportedInOneLineAndLeavesNoRootBehind() throws Exception {
        String databaseUrl = TestDatabase.createDatabase();
        try (ServerSocket taken = new ServerSocket(0)) {
            Run run = CliRunner.run("server", "--home", home.toString(), "--database-url", databaseUrl,
                    "--port", Integer.toString(taken.getLocalPort()));

            assertThat(run.exit()).isNotZero();
            assertThat(run.err()).isEqualTo("laguna: port " + taken.getLocalPort() + " is in use\n");
        }
        try (Database database = Database.connect(databaseUrl, null, null, 1)) {
            long roots = database.readOnly(tx -> tx.count("select count(*) from accounts where account = 'root'"));
            assertThat(roots).isZero();
        }

        ServerCommand.Running running = ServerCommand.start(config(databaseUrl), quiet());
        try (running) {
            Rest.login(running.url(), "root", "root", savedPassword());
        }
    }

    @Test
    void aPasswordSavedByAStartThatDidNotCreateRootIsUsedByTheNextStart() throws Exception {
        Files.writeString(home.resolve("config"), "account=root\nusername=root\npassword=saved-by-an-earlier-start\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (ServerCommand.Running running = ServerCommand.start(config(TestDatabase.createDatabase()), new PrintStream(out, true))) {
            Rest.login(running.url(), "root", "root", "saved-by-an-earlier-start");
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("password: saved-by-an-earlier-start");
    }

    @Test
    void resetRootPasswordGivesRootANewPasswordSavedInTheHome() throws Exception {
        try (TestServer server = TestServer.start()) {
            Path serverHome = server.core().config().home();
            Run run = CliRunner.run("admin", "reset-root-password", "--home", serverHome.toString(),
                    "--database-url", server.core().config().databaseUrl().orElseThrow());

            assertThat(run.exit()).as(run.err()).isZero();
            String saved = load(serverHome.resolve("config")).getProperty("password");
            assertThat(run.out()).contains("New password of account 'root': " + saved);
            Rest.login(server.url(), "root", "root", saved);
            assertThatThrownBy(() -> Rest.login(server.url(), "root", "root", TestCore.ROOT_PASSWORD))
                    .hasMessageContaining("login failed");
        }
    }

    @Test
    void aSecondServerOnTheSameHomeIsRefusedAndTheFirstKeepsServing() throws Exception {
        LagunaConfig config = LagunaConfig.load(home, Map.of()).withPort(0);
        try (ServerCommand.Running first = ServerCommand.start(config, quiet(), false)) {
            Run second = CliRunner.run("server", "--home", home.toString(), "--port", "0", "--no-daemons");

            assertThat(second.exit()).isNotZero();
            assertThat(second.err()).matches("laguna: another Laguna server \\(pid " + ProcessHandle.current().pid()
                    + ", started [0-9T:.Z-]+\\) is using home " + java.util.regex.Pattern.quote(home.toString()) + "\n");
            Rest root = Rest.login(first.url(), "root", "root", savedPassword());
            assertThat(root.get("/accounts/root").status()).isEqualTo(200);
        }
    }

    private LagunaConfig config(String databaseUrl) {
        return LagunaConfig.load(home, Map.of()).withPort(0).withDatabase(databaseUrl, null, null);
    }

    private String savedPassword() throws Exception {
        return load(home.resolve("config")).getProperty("password");
    }

    private static Properties load(Path file) throws Exception {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
