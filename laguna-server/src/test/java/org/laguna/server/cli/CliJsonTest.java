package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.Main;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;
import picocli.CommandLine;

/** With {@code --json} every command prints JSON only: one document, or one value per line for lists. */
@ExtendWith(ServerPerClass.class)
class CliJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Commands whose --json output other tests check (a transfer, a storage check, an import, a rule followed). */
    private static final Set<String> CHECKED_ELSEWHERE = Set.of("upload", "download", "import", "rse check", "rule watch",
            "replica declare-bad", "replica declare-suspicious", "rule reduce", "rule move", "rule approve", "rule retry",
            "account identity add", "config show",
            // AuditLogApiTest, EventsToBrokerTest and SelfRegistrationApiTest, which have the servers these need
            "audit ls", "events ls", "register terms", "register pending", "register approve", "register deny",
            // WebhookApiTest, which has a webhook receiver
            "webhook add", "webhook ls", "webhook update", "webhook rm", "webhook test", "webhook dead-letters", "webhook redeliver",
            // VoCliTest, on a server of several VOs
            "vo add", "vo list", "vo update", "vo recover");
    private static TestServer server;
    private static final Set<String> covered = new LinkedHashSet<>();

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    /** Runs a command with --json, checks that it printed only JSON, and answers the values it printed. */
    private static List<JsonNode> json(int words, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        Run run = CliRunner.asRoot(server, all.toArray(String[]::new));
        assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isZero();
        covered.add(String.join(" ", List.of(args).subList(0, words)));
        List<JsonNode> values = new ArrayList<>();
        for (String line : run.out().split("\n")) {
            if (!line.isBlank()) {
                try {
                    values.add(JSON.readTree(line));
                } catch (Exception e) {
                    throw new AssertionError(String.join(" ", args) + " printed a line that is not JSON: " + line);
                }
            }
        }
        return values;
    }

    @Test
    void everyCommandPrintsJsonWithJson() throws Exception {
        assertThat(json(1, "ping").getFirst().has("version")).isTrue();
        assertThat(json(1, "whoami").getFirst().path("account").asText()).isEqualTo("root");
        assertThat(json(2, "account", "add", "jalice", "--email", "a@example.org").getFirst().toString())
                .isEqualTo("{\"result\":\"added\",\"account\":\"jalice\"}");
        json(2, "account", "show", "jalice");
        assertThat(json(2, "policy", "check", "--account", "jalice", "--action", "add_scope", "--arg", "account=jalice")
                .getFirst().path("decision").asText()).isEqualTo("allow");
        json(2, "account", "list");
        json(2, "account", "update", "jalice", "--key", "email", "--value", "b@example.org");
        json(3, "account", "attribute", "add", "jalice", "--key", "team", "--value", "cygno");
        json(3, "account", "attribute", "list", "jalice");
        json(3, "account", "attribute", "delete", "jalice", "--key", "team");
        json(3, "account", "identity", "list", "jalice");
        json(2, "account", "add", "jgroup", "--type", "GROUP");
        assertThat(json(3, "account", "member", "add", "jgroup", "jalice").getFirst().toString())
                .isEqualTo("{\"result\":\"added\",\"group\":\"jgroup\",\"account\":\"jalice\"}");
        assertThat(json(3, "account", "member", "list", "jgroup").getFirst().path("account").asText()).isEqualTo("jalice");
        assertThat(json(2, "account", "groups", "jalice").getFirst().path("group").asText()).isEqualTo("jgroup");
        json(3, "account", "member", "delete", "jgroup", "jalice");
        assertThat(json(2, "scope", "add", "js", "--owner", "root").getFirst().path("scope").asText()).isEqualTo("js");
        json(2, "scope", "list");
        assertThat(json(2, "rse", "add", "J_DISK").getFirst().path("rse").asText()).isEqualTo("J_DISK");
        json(2, "rse", "add", "J_TAPE", "--type", "TAPE");
        json(2, "rse", "update", "J_DISK", "--key", "city", "--value", "Rome");
        json(2, "rse", "show", "J_DISK");
        json(2, "rse", "list");
        json(3, "rse", "attribute", "set", "J_DISK", "--key", "country", "--value", "IT");
        json(3, "rse", "attribute", "list", "J_DISK");
        json(3, "rse", "attribute", "delete", "J_DISK", "--key", "country");
        json(3, "rse", "protocol", "add", "J_DISK", "--scheme", "file", "--prefix", "/data/j");
        json(3, "rse", "protocol", "list", "J_DISK");
        json(3, "rse", "distance", "set", "J_DISK", "J_TAPE", "--distance", "3");
        json(3, "rse", "distance", "show", "J_DISK", "J_TAPE");
        assertThat(json(2, "rse", "export").getFirst().at("/distances/J_DISK/J_TAPE/distance").asInt()).isEqualTo(3);
        Path exported = Files.createTempFile("laguna-export", ".json");
        try {
            assertThat(json(2, "rse", "export", "--file", exported.toString()).getFirst().path("result").asText()).isEqualTo("exported");
            assertThat(json(2, "rse", "import", exported.toString()).getFirst().path("result").asText()).isEqualTo("imported");
        } finally {
            Files.deleteIfExists(exported);
        }
        json(3, "rse", "limit", "set", "J_DISK", "--name", "MinFreeSpace", "--value", "10");
        json(3, "rse", "limit", "show", "J_DISK");
        json(3, "rse", "limit", "delete", "J_DISK", "--name", "MinFreeSpace");
        json(2, "rse", "usage", "J_DISK");
        json(3, "account", "limit", "set", "jalice", "--rse", "J_DISK", "--bytes", "1000");
        json(3, "account", "limit", "show", "jalice");
        json(3, "account", "limit", "delete", "jalice", "--rse", "J_DISK");
        json(2, "account", "usage", "jalice");
        json(2, "replica", "add", "js:f1", "--rse", "J_DISK", "--bytes", "3", "--adler32", "00000003");
        json(2, "replica", "add", "js:f2", "--rse", "J_DISK", "--bytes", "4", "--adler32", "00000004");
        json(2, "did", "add", "js:set");
        json(2, "did", "attach", "--to", "js:set", "js:f1", "js:f2");
        json(2, "did", "detach", "--from", "js:set", "js:f2");
        json(2, "did", "show", "js:set");
        json(2, "did", "ls", "js:*");
        json(2, "did", "content", "js:set");
        json(2, "did", "files", "js:set");
        json(2, "did", "parents", "js:f1");
        json(2, "did", "close", "js:set");
        json(2, "did", "open", "js:set");
        json(3, "did", "meta", "set", "js:set", "--key", "shift", "--value", "night");
        json(3, "did", "meta", "show", "js:set");
        json(3, "did", "meta", "delete", "js:set", "--key", "shift");
        json(2, "replica", "list", "js:set");
        json(2, "replica", "state", "js:f2", "--rse", "J_DISK", "--state", "UNAVAILABLE");
        json(3, "replica", "suspicious", "list");
        List<JsonNode> added = json(2, "rule", "add", "--copies", "1", "--rses", "J_DISK", "js:set");
        assertThat(added).hasSize(1);
        assertThat(added.getFirst().path("result").asText()).isEqualTo("added");
        String id = added.getFirst().path("rule_ids").get(0).asText();
        assertThat(id).matches("[0-9a-f]{32}");
        json(2, "rule", "list", "--did", "js:set");
        json(2, "rule", "show", id);
        json(2, "rule", "locks", id);
        json(2, "rule", "update", id, "--comment", "kept");
        assertThat(json(2, "rule", "remove", id).getFirst().path("result").asText()).isEqualTo("expiring");
        assertThat(json(2, "rule", "remove", id, "--now").getFirst().path("result").asText()).isEqualTo("removed");
        json(2, "replica", "delete", "js:f2", "--rse", "J_DISK");
        json(3, "transfers", "limits", "set", "J_DISK", "5");
        json(3, "transfers", "limits", "list");
        json(3, "transfers", "limits", "delete", "J_DISK");
        json(2, "transfers", "matrix");
        json(2, "transfers", "metrics");
        List<JsonNode> subscription = json(2, "subscription", "add", "jsub", "--filter", "{\"scope\": [\"js\"]}",
                "--rules", "[{\"copies\": 1, \"rse_expression\": \"J_DISK\"}]");
        assertThat(subscription).hasSize(1);
        json(2, "subscription", "list");
        json(2, "subscription", "show", "root", "jsub");
        json(2, "subscription", "update", "jsub", "--comment", "checked");
        json(3, "rse", "protocol", "delete", "J_DISK", "--scheme", "file");
        json(2, "rse", "delete", "J_TAPE");
        json(2, "account", "delete", "jalice");
        assertThat(CliRunner.asRoot(server, "scope", "add", "jlx", "--owner", "root").exit()).isZero();
        assertThat(CliRunner.asRoot(server, "did", "add", "jlx:kept").exit()).isZero();
        List<JsonNode> requested = json(2, "lifetime-exception", "add", "jlx:kept", "jlx:unknown", "--comment", "keep",
                "--expires-at", "2100-01-01T00:00:00");
        String exceptionId = requested.getFirst().path("id").asText();
        assertThat(requested.getFirst().path("unknown").get(0).asText()).isEqualTo("jlx:unknown");
        json(2, "lifetime-exception", "list");
        assertThat(json(2, "lifetime-exception", "show", exceptionId).getFirst().path("state").asText()).isEqualTo("WAITING");
        json(2, "lifetime-exception", "reject", exceptionId);
        json(2, "lifetime-exception", "approve", exceptionId);
        assertThat(json(2, "lifetime-exception", "show", exceptionId).getFirst().path("state").asText()).isEqualTo("APPROVED");
        json(2, "server-config", "set", "reaper", "batch", "50");
        assertThat(json(2, "server-config", "get", "reaper", "batch").getFirst().path("value").asText()).isEqualTo("50");
        assertThat(json(2, "server-config", "list")).anySatisfy(row -> assertThat(row.path("option").asText()).isEqualTo("batch"));
        json(2, "server-config", "delete", "reaper", "batch");
        json(2, "meta-convention", "add-key", "jkey", "--key-type", "DATASET", "--value-type", "str");
        json(2, "meta-convention", "add-value", "jkey", "v1");
        assertThat(json(2, "meta-convention", "list-keys")).anySatisfy(row -> assertThat(row.path("key").asText()).isEqualTo("jkey"));
        assertThat(json(2, "meta-convention", "list-values", "jkey").getFirst().path("value").asText()).isEqualTo("v1");

        Set<String> withJson = new LinkedHashSet<>();
        collect(Main.commandLine(), "", withJson);
        withJson.removeAll(CHECKED_ELSEWHERE);
        assertThat(covered).as("every command with --json is checked here or elsewhere").containsAll(withJson);
    }

    @Test
    void metaShowShowsTheFreeKeysSetWithMetaSetNextToTheFixedOnes() {
        CliRunner.asRoot(server, "scope", "add", "meta", "--owner", "root");
        assertThat(CliRunner.asRoot(server, "did", "add", "meta:run7").exit()).isZero();
        Run set = CliRunner.asRoot(server, "did", "meta", "set", "meta:run7", "--key", "detector", "--value", "lime");
        assertThat(set.exit()).as(set.err()).isZero();
        Run shown = CliRunner.asRoot(server, "did", "meta", "show", "meta:run7");
        assertThat(shown.exit()).as(shown.err()).isZero();
        assertThat(shown.out()).contains("detector", "lime", "did_type", "DATASET");
        JsonNode json = json(3, "did", "meta", "show", "meta:run7").getFirst();
        assertThat(json.path("detector").asText()).isEqualTo("lime");
        assertThat(json.path("did_type").asText()).isEqualTo("DATASET");
    }

    private static void collect(CommandLine command, String path, Set<String> withJson) {
        if (command.getSubcommands().isEmpty() && command.getCommandSpec().findOption("--json") != null) {
            withJson.add(path.strip());
        }
        command.getSubcommands().forEach((name, sub) -> {
            if (!sub.getCommandName().equals(name)) {
                return; // an alias
            }
            collect(sub, path + " " + name, withJson);
        });
    }
}
