package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** {@code laguna account identity add} never takes the password as an argument, where every user could see it. */
@ExtendWith(ServerPerClass.class)
class IdentitySecretCliTest {
    private static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    private static void account(String account) {
        Run added = CliRunner.asRoot(server, "account", "add", account);
        assertThat(added.exit()).as(added.err()).isZero();
    }

    @Test
    void thePasswordIsReadFromStandardInput() {
        account("carol");

        Run added = CliRunner.asRootWithInput(server, "carol's password\n", "account", "identity", "add", "carol",
                "--identity", "carol", "--secret-stdin");

        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(Rest.login(server.url(), "carol", "carol", "carol's password").token()).isNotBlank();
    }

    @Test
    void aDashForTheSecretReadsStandardInputToo() {
        account("dave");

        Run added = CliRunner.asRootWithInput(server, "dave-password\r\n", "account", "identity", "add", "dave",
                "--identity", "dave", "--secret", "-");

        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(Rest.login(server.url(), "dave", "dave", "dave-password").token()).isNotBlank();
    }

    @Test
    void aPasswordOnTheCommandLineIsRefusedWithHowToGiveItInstead() {
        account("erin");

        Run refused = CliRunner.asRoot(server, "account", "identity", "add", "erin", "--identity", "erin", "--secret", "visible-in-ps");

        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("--secret-stdin").doesNotContain("visible-in-ps");
        assertThatThrownBy(() -> Rest.login(server.url(), "erin", "erin", "visible-in-ps")).hasMessageContaining("login failed");
    }
}
