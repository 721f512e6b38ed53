package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** The {@code laguna} commands against a real server, as a user types them. */
@ExtendWith(ServerPerClass.class)
class CliEndToEndTest {
    private static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createScope("cygno", "root");
    }


    private static Run laguna(String... args) {
        return CliRunner.asRoot(server, args);
    }

    private static Run run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void managesRsesAndListsThemByExpression() {
        assertThat(laguna("rse", "add", "CLI_DISK").exit()).isZero();
        assertThat(laguna("rse", "add", "CLI_TAPE", "--type", "TAPE").exit()).isZero();
        assertThat(laguna("rse", "attribute", "set", "CLI_DISK", "--key", "country", "--value", "IT").exit()).isZero();
        assertThat(laguna("rse", "protocol", "add", "CLI_DISK", "--scheme", "file", "--prefix", "/data/cli").exit()).isZero();
        Run list = laguna("rse", "list", "--expression", "country=IT");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("CLI_DISK").doesNotContain("CLI_TAPE");
        Run json = laguna("rse", "list", "--expression", "rse_type=TAPE", "--json");
        assertThat(json.out().trim()).isEqualTo("{\"rse\":\"CLI_TAPE\"}");
        assertThat(laguna("rse", "protocol", "list", "CLI_DISK").out()).contains("file", "/data/cli");
    }

    @Test
    void registersAndListsReplicas() {
        laguna("rse", "add", "REP_DISK");
        laguna("rse", "protocol", "add", "REP_DISK", "--scheme", "file", "--prefix", "/data/rep");
        Run added = laguna("replica", "add", "cygno:cli.dat", "--rse", "REP_DISK", "--bytes", "42", "--adler32", "0000002a");
        assertThat(added.exit()).as(added.err()).isZero();
        Run listed = laguna("replica", "list", "cygno:cli.dat");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).contains("cli.dat", "42", "REP_DISK", "AVAILABLE", "file://localhost/data/rep/cygno/");
    }

    @Test
    void errorsAreOneLineWithAMeaningfulExitCode() {
        Run missing = laguna("rse", "show", "NO_SUCH_RSE");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().trim()).startsWith("laguna: ").contains("NO_SUCH_RSE").doesNotContain("Exception:").hasLineCount(1);

        Run badDid = laguna("replica", "list", "no-colon");
        assertThat(badDid.exit()).isEqualTo(2);
        assertThat(badDid.err()).contains("not a DID");

        Run unreachable = run("ping", "--url", "http://127.0.0.1:1");
        assertThat(unreachable.exit()).isEqualTo(3);
        assertThat(unreachable.err()).contains("Cannot connect");

        Run wrongPassword = run("rse", "list", "--url", server.url(), "--username", "root", "--password", "wrong");
        assertThat(wrongPassword.exit()).isEqualTo(1);
        assertThat(wrongPassword.err()).contains("CannotAuthenticate");
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] command : new String[][] {{"--help"}, {"rse", "--help"}, {"did", "ls", "--help"}, {"replica", "list", "--help"},
                {"account", "add", "--help"}, {"scope", "add", "--help"}}) {
            Run help = run(command);
            assertThat(help.exit()).isZero();
            assertThat(help.out()).contains("Usage:");
        }
    }
}
