package org.laguna.server.vo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.TestServer;

/** {@code laguna vo ...} as super_root, and the command line working in the VO its configuration selects. */
class VoCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUPER_ROOT_PASSWORD = "Super-root-pw-59";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("vo.multi-vo", "true", "super-root.password", SUPER_ROOT_PASSWORD));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String[] asSuperRoot(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.url(), "--username", "super_root", "--password", SUPER_ROOT_PASSWORD));
        return all.toArray(String[]::new);
    }

    private static List<JsonNode> lines(Run run) throws Exception {
        assertThat(run.exit()).as(run.err()).isZero();
        List<JsonNode> values = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            if (!line.isBlank()) {
                values.add(JSON.readTree(line));
            }
        }
        return values;
    }

    @Test
    void superRootAddsListsUpdatesAndRecoversVosWithJson() throws Exception {
        assertThat(lines(CliRunner.run(asSuperRoot("vo", "add", "cli", "--description", "CLI VO", "--email", "cli@example.org", "--json"))))
                .singleElement().hasToString("{\"result\":\"added\",\"vo\":\"cli\"}");
        assertThat(lines(CliRunner.run(asSuperRoot("vo", "list", "--json"))))
                .anySatisfy(vo -> assertThat(vo.get("vo").asText()).isEqualTo("def"))
                .anySatisfy(vo -> {
                    assertThat(vo.get("vo").asText()).isEqualTo("cli");
                    assertThat(vo.get("description").asText()).isEqualTo("CLI VO");
                });
        assertThat(lines(CliRunner.run(asSuperRoot("vo", "update", "cli", "--email", "team@example.org", "--json"))).getFirst()
                .get("result").asText()).isEqualTo("updated");
        assertThat(lines(CliRunner.run(asSuperRoot("vo", "list", "--json"))))
                .anySatisfy(vo -> assertThat(vo.get("email").asText()).isEqualTo("team@example.org"));
        JsonNode recovered = lines(CliRunner.runWithInput("Cli-admin-pw-7\n", asSuperRoot("vo", "recover", "cli", "--identity", "cliadmin",
                "--type", "USERPASS", "--secret-stdin", "--email", "cliadmin@example.org", "--json"))).getFirst();
        assertThat(recovered.get("result").asText()).isEqualTo("recovered");

        Run table = CliRunner.run(asSuperRoot("vo", "list"));
        assertThat(table.exit()).isZero();
        assertThat(table.out()).contains("cli", "team@example.org");
        Run duplicate = CliRunner.run(asSuperRoot("vo", "add", "cli"));
        assertThat(duplicate.exit()).isNotZero();
        assertThat(duplicate.err()).contains("already exists");
        Run asRoot = CliRunner.asRoot(server, "vo", "list");
        assertThat(asRoot.exit()).isNotZero();
        assertThat(asRoot.err()).contains("cannot list VOs");
    }

    @Test
    void theCommandLineWorksInTheVoItsConfigurationSelects() throws Exception {
        assertThat(CliRunner.run(asSuperRoot("vo", "add", "cfg")).exit()).isZero();
        assertThat(CliRunner.runWithInput("Cfg-admin-pw-3\n", asSuperRoot("vo", "recover", "cfg", "--identity", "cfgadmin",
                "--type", "USERPASS", "--secret-stdin")).exit()).isZero();
        Path home = Files.createTempDirectory("laguna-vo-cli");
        Files.writeString(home.resolve("config"), "url=" + server.url() + "\naccount=root\nusername=cfgadmin\npassword=Cfg-admin-pw-3\nvo=cfg\n");

        assertThat(lines(CliRunner.run("whoami", "--home", home.toString(), "--json")).getFirst().get("account").asText()).isEqualTo("root");
        Run scope = CliRunner.run("scope", "add", "only.cfg", "--owner", "root", "--home", home.toString());
        assertThat(scope.exit()).as(scope.err()).isZero();
        assertThat(lines(CliRunner.run("scope", "list", "--home", home.toString(), "--json")))
                .anySatisfy(listed -> assertThat(listed.toString()).contains("only.cfg"));
        Run inDefault = CliRunner.asRoot(server, "scope", "list", "--json");
        assertThat(inDefault.exit()).isZero();
        assertThat(inDefault.out()).doesNotContain("only.cfg");
        Run elsewhere = CliRunner.run("whoami", "--home", home.toString(), "--vo", "nop");
        assertThat(elsewhere.exit()).isNotZero();
        assertThat(elsewhere.err()).contains("not served here");
    }
}
