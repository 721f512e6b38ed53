package org.laguna.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * The three authorization models of INFN's data lake (seed 000, "AuthZ model"), each with its
 * example policy file, through the REST API as the Rucio client calls it and through Laguna's
 * command line: group B can not erase group A's dataset; a token carrying
 * {@code storage.modify:/user/jdoe} writes in {@code user.jdoe} and nowhere else; only
 * {@code tape-operators} add a rule on {@code type=TAPE}.
 */
class SeedAuthzModelsTest {
    private static final String ISSUER_ID = "iam";
    private static MockOAuth2Server idp;
    private static TestServer groups;
    private static TestServer scopes;
    private static TestServer tapes;

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server();
        idp.start(InetAddress.getLoopbackAddress(), 0);
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(idp.wellKnownUrl(ISSUER_ID).toString())).build(),
                HttpResponse.BodyHandlers.discarding());
        groups = server("group-based.yaml", Map.of());
        scopes = server("scope-based.yaml", Map.of("auth.oidc.issuers", "iam", "auth.oidc.iam.issuer", issuer(),
                "auth.oidc.iam.audiences", "rucio"));
        tapes = server("rse-based.yaml", Map.of());
    }

    @AfterAll
    static void stop() {
        for (TestServer server : new TestServer[] {groups, scopes, tapes}) {
            if (server != null) {
                server.close();
            }
        }
        idp.shutdown();
    }

    private static TestServer server(String policy, Map<String, String> properties) throws IOException {
        Path file = Files.createTempFile("policy", ".yaml");
        try (InputStream in = SeedAuthzModelsTest.class.getResourceAsStream("/org/laguna/core/permission/policies/" + policy)) {
            Files.write(file, in.readAllBytes());
        }
        Map<String, String> all = new HashMap<>(properties);
        all.put("policy.file", file.toString());
        return TestServer.start(all);
    }

    private static String issuer() {
        return idp.issuerUrl(ISSUER_ID).toString();
    }

    private static CliRunner.Run cli(TestServer server, String user, String password, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", server.url(), "--username", user, "--password", password));
        return CliRunner.run(all.toArray(String[]::new));
    }

    @Test
    void groupBCanNotEraseGroupAsDatasetWhileGroupAMembersMay() {
        Rest root = groups.root();
        for (String group : List.of("groupa", "groupb")) {
            assertThat(root.post("/accounts/" + group, Map.of("type", "GROUP")).status()).isEqualTo(201);
        }
        groups.createScope("group.a", "groupa");
        groups.createScope("group.b", "groupb");
        Rest alice = groups.createUser("alice", "secret-alice");
        Rest anna = groups.createUser("anna", "secret-anna");
        Rest bob = groups.createUser("bob", "secret-bob");
        assertThat(root.post("/accounts/groupa/members/alice", Map.of()).status()).isEqualTo(201);
        assertThat(CliRunner.asRoot(groups, "account", "member", "add", "groupa", "anna").exit()).isZero();
        assertThat(CliRunner.asRoot(groups, "account", "member", "add", "groupb", "bob").exit()).isZero();

        assertThat(alice.post("/dids/group.a/run7", Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(bob.post("/dids/group.b/calib", Map.of("type", "DATASET")).status()).isEqualTo(201);

        // rucio did remove (erase) sets the lifetime: group B may not, on group A's data
        Rest.Response eraseMeta = bob.post("/dids/group.a/run7/meta/lifetime", Map.of("value", 86400));
        assertThat(eraseMeta.status()).isEqualTo(401);
        assertThat(eraseMeta.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(eraseMeta.body()).contains("set_metadata").contains("other-groups-data");
        CliRunner.Run bobCli = cli(groups, "bob", "secret-bob", "did", "meta", "set", "group.a:run7", "--key", "lifetime", "--value", "86400");
        assertThat(bobCli.exit()).isNotZero();
        assertThat(bobCli.err()).contains("other-groups-data");
        assertThat(bob.post("/dids/group.a/run7/dids", Map.of("dids", List.of(Map.of("scope", "group.b", "name", "calib")))).status())
                .isEqualTo(401);

        // another member of group A may
        CliRunner.Run annaCli = cli(groups, "anna", "secret-anna", "did", "meta", "set", "group.a:run7", "--key", "lifetime", "--value", "86400");
        assertThat(annaCli.exit()).as(annaCli.err()).isZero();
        assertThat(anna.post("/dids/group.a/run7/meta/lifetime", Map.of("value", 3600)).status()).isEqualTo(201);
        assertThat(alice.get("/dids/group.a/run7/meta").json().get("expired_at").isNull()).isFalse();
    }

    @Test
    void aTokenWithStorageModifyOnUserJdoeWritesThereAndIsRefusedElsewhere() throws IOException {
        Rest root = scopes.root();
        scopes.createUser("jdoe", "secret-jdoe");
        scopes.createUser("other", "secret-other");
        scopes.createScope("user.jdoe", "jdoe");
        scopes.createScope("user.other", "other");
        assertThat(root.post("/dids/user.other/shared", Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(root.post("/accounts/jdoe/identities", Map.of("identity", "SUB=jdoe-sub, ISS=" + issuer(), "authtype", "OIDC",
                "email", "jdoe@example.org")).status()).isEqualTo(201);
        String jwt = idp.issueToken(ISSUER_ID, "jdoe-sub", "rucio", Map.of("scope", "openid storage.read:/ storage.modify:/user/jdoe"), 3600)
                .serialize();
        // the Rucio client sends a WLCG token (BEARER_TOKEN) in X-Rucio-Auth-Token
        Rest jdoe = new Rest(scopes.url(), jwt);

        assertThat(jdoe.post("/dids/user.jdoe/mine", Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(jdoe.post("/dids/user.jdoe/mine/meta/project", Map.of("value", "cygno")).status()).isEqualTo(201);
        Rest.Response elsewhere = jdoe.post("/dids/user.other/intruder", Map.of("type", "DATASET"));
        assertThat(elsewhere.status()).isEqualTo(401);
        assertThat(elsewhere.body()).contains("add_did").contains("writes-need-a-token-scope");
        assertThat(jdoe.get("/dids/user.other/shared").status()).isEqualTo(200);

        // without the token's scope, a password login may not write even in user.jdoe
        Rest password = Rest.login(scopes.url(), "jdoe", "jdoe", "secret-jdoe");
        assertThat(password.post("/dids/user.jdoe/nope", Map.of("type", "DATASET")).status()).isEqualTo(401);

        // Laguna's command line with the token saved in its home, as 'laguna login' saves its own
        Path home = Files.createTempDirectory("jdoe-home");
        Files.writeString(home.resolve("config"), "url=" + scopes.url() + "\nusername=jdoe\naccount=jdoe\ntoken=" + jwt + "\n");
        CliRunner.Run mine = CliRunner.run("did", "add", "user.jdoe:by-cli", "--type", "DATASET", "--home", home.toString());
        assertThat(mine.exit()).as(mine.err()).isZero();
        CliRunner.Run refused = CliRunner.run("did", "add", "user.other:by-cli", "--type", "DATASET", "--home", home.toString());
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.err()).contains("writes-need-a-token-scope");
    }

    @Test
    void onlyTapeOperatorsAddARuleOnTypeTape() {
        Rest root = tapes.root();
        assertThat(root.post("/rses/INFN_TAPE", Map.of("rse_type", "TAPE")).status()).isEqualTo(201);
        assertThat(root.post("/rses/INFN_DISK", Map.of("rse_type", "DISK")).status()).isEqualTo(201);
        assertThat(root.post("/rses/INFN_TAPE/attr/type", Map.of("value", "TAPE")).status()).isEqualTo(201);
        assertThat(root.post("/rses/INFN_DISK/attr/type", Map.of("value", "DISK")).status()).isEqualTo(201);
        assertThat(root.post("/accounts/tape-operators", Map.of("type", "GROUP")).status()).isEqualTo(201);
        Rest olga = tapes.createUser("olga", "secret-olga");
        Rest alice = tapes.createUser("alice", "secret-alice");
        tapes.createScope("user.olga", "olga");
        tapes.createScope("user.alice", "alice");
        assertThat(root.post("/accounts/tape-operators/members/olga", Map.of()).status()).isEqualTo(201);
        for (String account : List.of("olga", "alice")) {
            for (String rse : List.of("INFN_TAPE", "INFN_DISK")) {
                assertThat(root.post("/accounts/" + account + "/limits/local/" + rse, Map.of("bytes", -1)).status()).isEqualTo(201);
            }
        }
        assertThat(olga.post("/dids/user.olga/raw", Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(alice.post("/dids/user.alice/raw", Map.of("type", "DATASET")).status()).isEqualTo(201);

        Rest.Response operator = olga.post("/rules", rule("user.olga", "raw", "olga", "type=TAPE"));
        assertThat(operator.status()).as(operator.body()).isEqualTo(201);
        Rest.Response user = alice.post("/rules", rule("user.alice", "raw", "alice", "type=TAPE"));
        assertThat(user.status()).isEqualTo(401);
        assertThat(user.body()).contains("add_rule").contains("tape-needs-operators");
        assertThat(alice.post("/rules", rule("user.alice", "raw", "alice", "type=DISK")).status()).isEqualTo(201);

        CliRunner.Run cliUser = cli(tapes, "alice", "secret-alice", "rule", "add", "user.alice:raw", "--rse-expression", "type=TAPE",
                "--copies", "1");
        assertThat(cliUser.exit()).isNotZero();
        assertThat(cliUser.err()).contains("tape-needs-operators");
        assertThat(olga.post("/dids/user.olga/raw2", Map.of("type", "DATASET")).status()).isEqualTo(201);
        CliRunner.Run cliOperator = cli(tapes, "olga", "secret-olga", "rule", "add", "user.olga:raw2", "--rse-expression", "type=TAPE",
                "--copies", "1");
        assertThat(cliOperator.exit()).as(cliOperator.err()).isZero();

        // leaving the group takes the right away at once
        assertThat(root.delete("/accounts/tape-operators/members/olga").status()).isEqualTo(200);
        assertThat(olga.post("/dids/user.olga/raw3", Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(olga.post("/rules", rule("user.olga", "raw3", "olga", "type=TAPE")).status()).isEqualTo(401);
    }

    /** A rule as the Rucio client's add_replication_rule sends it. */
    private static Map<String, Object> rule(String scope, String name, String account, String expression) {
        return Map.of("dids", List.of(Map.of("scope", scope, "name", name)), "copies", 1, "rse_expression", expression,
                "account", account, "grouping", "DATASET", "locked", false);
    }
}
