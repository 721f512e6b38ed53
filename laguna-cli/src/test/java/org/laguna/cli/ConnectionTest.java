package org.laguna.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.laguna.client.ClientConfig;
import org.laguna.spi.error.LagunaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConnectionTest {
    @TempDir
    Path home;

    private Connection connection() {
        Connection connection = new Connection();
        connection.home = home;
        return connection;
    }

    @Test
    void optionsWinOverEnvironmentAndFile() throws Exception {
        Files.writeString(home.resolve("config"), "url=http://file:1\nusername=fileuser\npassword=filepw\n");
        Connection connection = connection();
        connection.url = "http://option:1";
        ClientConfig config = connection.resolve(Map.of("LAGUNA_URL", "http://env:1", "LAGUNA_USERNAME", "envuser"));
        assertThat(config.url()).isEqualTo("http://option:1");
        assertThat(config.username()).isEqualTo("envuser");
        assertThat(config.password()).as("the file's password is fileuser's, not envuser's").isNull();
        assertThat(config.account()).isEqualTo("envuser");
    }

    @Test
    void aGivenUsernameActsAsItsOwnAccountNotTheFilesAccount() throws Exception {
        Files.writeString(home.resolve("config"), "url=http://file:1\naccount=root\nusername=root\npassword=rootpw\n");
        Connection connection = connection();
        connection.username = "jdoe";
        connection.password = "jdoepw";
        ClientConfig config = connection.resolve(Map.of());
        assertThat(config.account()).isEqualTo("jdoe");
        assertThat(config.password()).isEqualTo("jdoepw");

        Connection sameUser = connection();
        sameUser.username = "root";
        assertThat(sameUser.resolve(Map.of()).password()).isEqualTo("rootpw");
    }

    @Test
    void environmentWinsOverFile() throws Exception {
        Files.writeString(home.resolve("config"), "url=http://file:1\naccount=ops\n");
        ClientConfig config = connection().resolve(Map.of("LAGUNA_URL", "http://env:1"));
        assertThat(config.url()).isEqualTo("http://env:1");
        assertThat(config.account()).isEqualTo("ops");
    }

    @Test
    void fallsBackToTheLocalServersUrl() throws Exception {
        Files.writeString(home.resolve("server.url"), "http://127.0.0.1:8080\n");
        assertThat(connection().resolve(Map.of()).url()).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void saysWhatToDoWhenNothingIsConfigured() {
        assertThatThrownBy(() -> connection().resolve(Map.of()))
                .isInstanceOf(LagunaException.class)
                .hasMessageContaining("--url").hasMessageContaining("LAGUNA_URL");
    }

    @Test
    void filterTextBecomesRucioFilterGroups() {
        picocli.CommandLine.Model.CommandSpec spec = LagunaCli.commandLine().getCommandSpec();
        assertThat(FilterText.parse(spec, "run_number>40,project=cygno;detector!=LIME", "run*"))
                .containsExactly(Map.of("name", "run*", "run_number.gt", 40L, "project", "cygno"),
                        Map.of("name", "run*", "detector.ne", "LIME"));
        assertThatThrownBy(() -> FilterText.parse(spec, "nonsense", null)).hasMessageContaining("no operator");
    }
}
