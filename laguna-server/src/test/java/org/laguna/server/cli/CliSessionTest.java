package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.testing.TestCore;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** Who the command line acts as (options, login token, config), and how it reports bad arguments. */
@ExtendWith(ServerPerClass.class)
class CliSessionTest {
    private static TestServer server;

    @TempDir
    Path home;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createScope("cygno", "root");
        addUser("jdoe", "jdoe-password");
    }

    private static void addUser(String name, String password) {
        assertThat(CliRunner.asRoot(server, "account", "add", name).exit()).isZero();
        Run identity = CliRunner.asRootWithInput(server, password + "\n", "account", "identity", "add", name, "--identity", name,
                "--secret-stdin");
        assertThat(identity.exit()).as(identity.err()).isZero();
    }

    private void rootConfig() throws Exception {
        Files.writeString(home.resolve("config"), "url=" + server.url() + "\naccount=root\nusername=root\npassword="
                + TestCore.ROOT_PASSWORD + "\n");
    }

    private static Run withInput(String stdin, String... args) {
        synchronized (CliRunner.class) {
            InputStream original = System.in;
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            try {
                return CliRunner.run(args);
            } finally {
                System.setIn(original);
            }
        }
    }

    private Properties config() throws Exception {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(home.resolve("config"))) {
            properties.load(reader);
        }
        return properties;
    }

    @Test
    void aUsernameWithoutAccountActsAsTheAccountOfThatNameNotTheConfigFilesAccount() throws Exception {
        rootConfig();

        Run whoami = CliRunner.run("whoami", "--home", home.toString(), "--username", "jdoe", "--password", "jdoe-password", "--json");

        assertThat(whoami.exit()).as(whoami.err()).isZero();
        assertThat(whoami.out()).contains("\"account\":\"jdoe\"");
    }

    @Test
    void loginSavesATokenNotThePasswordAndLaterCommandsUseIt() throws Exception {
        rootConfig();

        Run login = withInput("jdoe-password\n", "login", "--home", home.toString(), "--username", "jdoe");

        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(login.out()).contains("as jdoe", "valid until");
        assertThat(config().getProperty("token")).isNotBlank();
        assertThat(config().getProperty("password")).isNull();
        assertThat(Files.readString(home.resolve("config"))).doesNotContain("jdoe-password").doesNotContain(TestCore.ROOT_PASSWORD);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("config")))).isEqualTo("rw-------");
        Run whoami = CliRunner.run("whoami", "--home", home.toString(), "--json");
        assertThat(whoami.exit()).as(whoami.err()).isZero();
        assertThat(whoami.out()).contains("\"account\":\"jdoe\"");
    }

    @Test
    void anExpiredOrRefusedLoginTokenSaysToLogInAgain() throws Exception {
        Files.writeString(home.resolve("config"), "url=" + server.url() + "\naccount=jdoe\nusername=jdoe\ntoken=some-old-token\n"
                + "token_expires=2020-01-01T00:00:00Z\n");
        Run expired = CliRunner.run("whoami", "--home", home.toString());
        assertThat(expired.exit()).isEqualTo(1);
        assertThat(expired.err()).contains("expired at 2020-01-01T00:00:00Z", "run 'laguna login' again").hasLineCount(1);

        Files.writeString(home.resolve("config"), "url=" + server.url() + "\naccount=jdoe\nusername=jdoe\ntoken=revoked-token\n"
                + "token_expires=2999-01-01T00:00:00Z\n");
        Run refused = CliRunner.run("whoami", "--home", home.toString());
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("no longer accepted", "run 'laguna login' again");
    }

    @Test
    void configShowHidesSecretsAndConfigSetChangesSettingsButNotSecrets() throws Exception {
        Files.writeString(home.resolve("config"), "account=root\nusername=root\npassword=very-secret\ntoken=secret-token\n");

        Run show = CliRunner.run("config", "show", "--home", home.toString());
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("root", "(hidden)").doesNotContain("very-secret").doesNotContain("secret-token");
        Run json = CliRunner.run("config", "show", "--home", home.toString(), "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode shown = new ObjectMapper().readTree(json.out());
        assertThat(shown.path("account").asText()).isEqualTo("root");
        assertThat(json.out()).doesNotContain("very-secret").doesNotContain("secret-token");

        Run set = CliRunner.run("config", "set", "url", "http://laguna.example:8443", "--home", home.toString());
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(config().getProperty("url")).isEqualTo("http://laguna.example:8443");
        assertThat(config().getProperty("password")).isEqualTo("very-secret");

        Run secret = CliRunner.run("config", "set", "password", "typed", "--home", home.toString());
        assertThat(secret.exit()).isEqualTo(2);
        assertThat(secret.err()).contains("laguna login");
        assertThat(config().getProperty("password")).isEqualTo("very-secret");
    }

    @Test
    void badArgumentsPrintTheErrorAndWhereToFindHelpNotTheWholeUsage() {
        Run unknown = CliRunner.run("rse", "list", "--bogus");

        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("laguna: Unknown option: '--bogus'").contains("See 'laguna rse list --help'")
                .doesNotContain("Usage:");
        assertThat(unknown.err().lines().count()).isLessThanOrEqualTo(3);

        Run notANumber = CliRunner.run("server", "--port", "abc");
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(notANumber.err()).doesNotContain("Usage:").hasLineCount(2);
    }

    @Test
    void aMalformedUrlIsDescribedInWords() {
        for (String url : new String[] {"nonsense", "http://exa mple:80", "http://localhost:99999", "ftp://host:1"}) {
            Run run = CliRunner.run("whoami", "--url", url, "--username", "root", "--password", "x");
            assertThat(run.exit()).as(url).isNotZero();
            assertThat(run.err()).as(url).contains("The server URL '" + url + "'").doesNotContain("java.").hasLineCount(1);
        }
    }

    @Test
    void namesWithAccentsAndSpacesAreShownAsTyped() {
        Run accented = CliRunner.asRoot(server, "did", "show", "cygno:données");
        assertThat(accented.exit()).isEqualTo(1);
        assertThat(accented.err()).contains("'données'");

        Run spaced = CliRunner.asRoot(server, "did", "show", "cygno:my file");
        assertThat(spaced.exit()).isEqualTo(1);
        assertThat(spaced.err()).contains("'my file'").doesNotContain("my+file");
    }

    @Test
    void noServerConfiguredSaysHowToPointAtTheRightHome() {
        Run run = CliRunner.run("whoami", "--home", home.toString());

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("--home DIR", "export LAGUNA_HOME=DIR", "laguna server").hasLineCount(1);
    }

    @Test
    void aServerUrlLeftByAStoppedServerSaysHowToStartItOrFindTheRunningOne() throws Exception {
        Files.writeString(home.resolve("server.url"), "http://127.0.0.1:1\n");

        Run run = CliRunner.run("whoami", "--home", home.toString(), "--username", "root", "--password", "x");

        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("Cannot connect", home.resolve("server.url").toString(),
                "laguna server --detach --home " + home, "export LAGUNA_HOME=DIR").hasLineCount(1);
    }

    @Test
    void completionScriptsForBashAndZshCoverEveryCommand() {
        Run bash = CliRunner.run("completion", "bash");
        assertThat(bash.exit()).as(bash.err()).isZero();
        assertThat(bash.out()).contains("complete -F", "whoami", "login", "upload", "server");

        Run zsh = CliRunner.run("completion", "zsh");
        assertThat(zsh.exit()).isZero();
        assertThat(zsh.out()).contains("bashcompinit", "whoami");

        assertThat(CliRunner.run("completion", "fish").exit()).isEqualTo(2);
    }

    @Test
    void completionOffersTheServersRseNamesAndScopes() {
        assertThat(CliRunner.asRoot(server, "rse", "add", "COMPLETION_DISK").exit()).isZero();

        Run bash = CliRunner.asRoot(server, "completion", "bash");

        assertThat(bash.exit()).as(bash.err()).isZero();
        assertThat(bash.out()).containsPattern("_laguna_rses='[^']*COMPLETION_DISK").containsPattern("_laguna_scopes='[^']*cygno")
                .contains("complete -F _laguna_complete_names -o default laguna ./laguna");
    }
}
