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
 * The members of GROUP accounts: administrators add and remove them (REST and {@code laguna account
 * member}), every account lists them, and the group-based example policy treats members as
 * belonging to the group from the moment they are added until the moment they are removed.
 */
class GroupMembersApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest carol;
    private static Rest dave;

    @BeforeAll
    static void start() throws IOException {
        Path file = Files.createTempFile("group-based", ".yaml");
        try (InputStream in = GroupMembersApiTest.class.getResourceAsStream("/org/laguna/core/permission/policies/group-based.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        server = TestServer.start(Map.of("policy.file", file.toString()));
        root = server.root();
        for (String group : List.of("physics", "chemistry")) {
            assertThat(root.post("/accounts/" + group, Map.of("type", "GROUP")).status()).isEqualTo(201);
        }
        server.createScope("physics.data", "physics");
        carol = server.createUser("carol", "secret-carol");
        dave = server.createUser("dave", "secret-dave");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> names(Rest.Response response, String key) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.lines().stream().map(row -> row.get(key).asText()).toList();
    }

    @Test
    void administratorsAddAndRemoveMembersAndEveryoneListsThem() {
        assertThat(root.post("/accounts/chemistry/members/carol", Map.of()).status()).isEqualTo(201);
        assertThat(root.post("/accounts/chemistry/members/dave", Map.of()).status()).isEqualTo(201);

        assertThat(names(dave.get("/accounts/chemistry/members"), "account")).containsExactly("carol", "dave");
        assertThat(names(dave.get("/accounts/carol/groups"), "group")).contains("chemistry");
        assertThat(dave.get("/accounts/chemistry/members").lines().getFirst().get("type").asText()).isEqualTo("USER");

        assertThat(root.delete("/accounts/chemistry/members/dave").status()).isEqualTo(200);
        assertThat(names(carol.get("/accounts/chemistry/members"), "account")).containsExactly("carol");
        assertThat(names(carol.get("/accounts/dave/groups"), "group")).doesNotContain("chemistry");
    }

    @Test
    void onlyAdministratorsChangeMembers() {
        Rest.Response added = carol.post("/accounts/chemistry/members/carol", Map.of());
        assertThat(added.status()).isEqualTo(401);
        assertThat(added.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(added.body()).contains("add_group_member");
        assertThat(dave.delete("/accounts/chemistry/members/carol").status()).isEqualTo(401);
    }

    @Test
    void badMembershipsAreRefusedWithRucioErrorsAndChangeNothing() {
        Rest.Response notGroup = root.post("/accounts/carol/members/dave", Map.of());
        assertThat(notGroup.status()).isEqualTo(400);
        assertThat(notGroup.exceptionClass()).isEqualTo("InvalidObject");
        assertThat(notGroup.body()).contains("not a GROUP account");

        assertThat(root.post("/accounts/chemistry/members/nobody", Map.of()).exceptionClass()).isEqualTo("AccountNotFound");
        assertThat(root.post("/accounts/nogroup/members/carol", Map.of()).status()).isEqualTo(404);
        assertThat(root.post("/accounts/chemistry/members/chemistry", Map.of()).exceptionClass()).isEqualTo("InvalidObject");
        assertThat(root.post("/accounts/chemistry/members/" + "x".repeat(40), Map.of()).status()).isEqualTo(400);

        assertThat(root.post("/accounts/physics/members/dave", Map.of()).status()).isEqualTo(201);
        Rest.Response twice = root.post("/accounts/physics/members/dave", Map.of());
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.exceptionClass()).isEqualTo("Duplicate");
        assertThat(root.delete("/accounts/physics/members/dave").status()).isEqualTo(200);

        Rest.Response notMember = root.delete("/accounts/physics/members/dave");
        assertThat(notMember.status()).isEqualTo(404);
        assertThat(notMember.exceptionClass()).isEqualTo("NotFound");
        assertThat(root.get("/accounts/carol/members").status()).isEqualTo(400);
        assertThat(root.get("/accounts/nobody/groups").status()).isEqualTo(404);
        assertThat(names(root.get("/accounts/physics/members"), "account")).doesNotContain("dave");
    }

    @Test
    void aNewMemberMayActOnTheGroupsDataAtOnceAndARemovedOneNoLonger() {
        Rest.Response before = dave.post("/dids/physics.data/run1", Map.of("type", "DATASET"));
        assertThat(before.status()).isEqualTo(401);
        assertThat(before.body()).contains("other-groups-data");

        assertThat(root.post("/accounts/physics/members/dave", Map.of()).status()).isEqualTo(201);
        assertThat(dave.post("/dids/physics.data/run1", Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(dave.post("/dids/physics.data/run1/meta/lifetime", Map.of("value", 86400)).status()).isEqualTo(201);

        assertThat(root.delete("/accounts/physics/members/dave").status()).isEqualTo(200);
        Rest.Response after = dave.post("/dids/physics.data/run2", Map.of("type", "DATASET"));
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.body()).contains("other-groups-data");
    }

    @Test
    void theCommandLineManagesMembers() {
        CliRunner.Run added = CliRunner.asRoot(server, "account", "member", "add", "physics", "carol");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(added.out()).contains("Added carol to group physics");

        CliRunner.Run listed = CliRunner.asRoot(server, "account", "member", "list", "physics");
        assertThat(listed.exit()).as(listed.err()).isZero();
        assertThat(listed.out()).contains("carol");
        CliRunner.Run groups = CliRunner.asRoot(server, "account", "groups", "carol");
        assertThat(groups.out()).contains("physics");

        CliRunner.Run twice = CliRunner.asRoot(server, "account", "member", "add", "physics", "carol");
        assertThat(twice.exit()).isNotZero();
        assertThat(twice.err()).contains("already a member");

        CliRunner.Run removed = CliRunner.asRoot(server, "account", "member", "delete", "physics", "carol");
        assertThat(removed.exit()).as(removed.err()).isZero();
        CliRunner.Run notGroup = CliRunner.asRoot(server, "account", "member", "add", "carol", "dave");
        assertThat(notGroup.exit()).isNotZero();
        assertThat(notGroup.err()).contains("not a GROUP account");
    }
}
