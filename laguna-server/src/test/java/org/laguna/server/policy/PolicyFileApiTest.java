package org.laguna.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * A server running the group-based example policy, with alice in group groupa and bob in group
 * groupb: each may write the data of their own group and nothing of the other group's, and a
 * denial names the action and the deciding statement.
 */
class PolicyFileApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest alice;
    private static Rest bob;

    @BeforeAll
    static void start() throws IOException {
        Path file = Files.createTempFile("group-based", ".yaml");
        try (InputStream in = PolicyFileApiTest.class.getResourceAsStream("/org/laguna/core/permission/policies/group-based.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        server = TestServer.start(Map.of("policy.file", file.toString()));
        root = server.root();
        server.core().database().inTransactionVoid(tx -> {
            tx.update("insert into accounts (account, vo, account_type) values ('groupa', 'def', 'GROUP'), ('groupb', 'def', 'GROUP')");
        });
        server.createScope("group.a", "groupa");
        server.createScope("group.b", "groupb");
        alice = server.createUser("alice", "secret-alice");
        bob = server.createUser("bob", "secret-bob");
        assertThat(root.post("/accounts/alice/attr/group", Map.of("value", "groupa")).status()).isEqualTo(201);
        assertThat(root.post("/accounts/bob/attr/group", Map.of("value", "groupb")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void membersWriteTheirGroupsDataAndNotTheOtherGroups() {
        for (Rest[] pair : List.of(new Rest[] {alice, bob}, new Rest[] {bob, alice})) {
            String own = pair[0] == alice ? "group.a" : "group.b";
            String name = "ds-" + (pair[0] == alice ? "alice" : "bob");
            assertThat(pair[0].post("/dids/" + own + "/" + name, Map.of("type", "DATASET")).status()).isEqualTo(201);
            assertThat(pair[0].post("/dids/" + own + "/" + name + "/meta/project", Map.of("value", "p1")).status()).isEqualTo(201);

            Rest.Response add = pair[1].post("/dids/" + own + "/other-" + name, Map.of("type", "DATASET"));
            assertThat(add.status()).isEqualTo(401);
            assertThat(add.exceptionClass()).isEqualTo("AccessDenied");
            assertThat(add.body()).contains("add_did").contains("other-groups-data");
            Rest.Response meta = pair[1].post("/dids/" + own + "/" + name + "/meta/project", Map.of("value", "p2"));
            assertThat(meta.status()).isEqualTo(401);
            assertThat(meta.body()).contains("set_metadata").contains("other-groups-data");
        }
    }

    @Test
    void administratorsAskWhyAndOthersMayNot() {
        Rest.Response denied = root.get("/policy/explain?account=alice&action=add_did&scope=group.b");
        assertThat(denied.status()).isEqualTo(200);
        assertThat(denied.json().get("decision").asText()).isEqualTo("deny");
        assertThat(denied.json().get("statement").asText()).isEqualTo("other-groups-data");
        assertThat(denied.json().get("explanation").asText()).contains("line");

        Rest.Response allowed = root.get("/policy/explain?account=alice&action=set_metadata&did=group.a:ds-alice");
        assertThat(allowed.json().get("decision").asText()).isEqualTo("allow");
        assertThat(allowed.json().get("statement").asText()).isEqualTo("group-members-on-group-data");

        Rest.Response byToken = root.get("/policy/explain?account=bob&action=add_did&scope=group.a&token_groups=/groupa");
        assertThat(byToken.json().get("decision").asText()).isEqualTo("allow");

        assertThat(alice.get("/policy/explain?account=alice&action=add_did&scope=group.b").status()).isEqualTo(401);
        assertThat(root.get("/policy/explain?account=alice&action=fly").exceptionClass()).isEqualTo("InvalidValueForKey");
        assertThat(root.get("/policy/explain?account=nobody&action=add_did").status()).isEqualTo(404);
    }

    @Test
    void theCommandLineSaysWhichStatementDecides() {
        CliRunner.Run run = CliRunner.asRoot(server, "policy", "check", "--account", "bob", "--action", "attach_dids", "--scope", "group.a");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("deny").contains("other-groups-data");
        CliRunner.Run allowed = CliRunner.asRoot(server, "policy", "check", "--account", "bob", "--action", "attach_dids", "--scope", "group.b");
        assertThat(allowed.out()).contains("allow").contains("group-members-on-group-data");
    }
}
