package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.laguna.client.ClientConfig;
import org.laguna.client.LagunaClient;
import org.laguna.core.testing.TestCore;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AccountApiTest {
    private static TestServer server;
    private static Rest root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
        root.post("/rses/LIMIT_DISK", Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void createsShowsAndListsAccounts() {
        assertThat(root.post("/accounts/jdoe", Map.of("type", "USER", "email", "jdoe@example.org")).status()).isEqualTo(201);
        assertThat(root.post("/accounts/jdoe", Map.of("type", "USER")).status()).isEqualTo(409);
        var account = root.get("/accounts/jdoe").json();
        assertThat(account.get("account_type").asText()).isEqualTo("USER");
        assertThat(account.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(root.get("/accounts").lines()).extracting(n -> n.get("account").asText()).contains("root", "jdoe");
    }

    @Test
    void theAccountListFiltersByAttributeTypeAndNamePattern() {
        for (String name : List.of("filta", "filtb", "filtc")) {
            assertThat(root.post("/accounts/" + name, Map.of("type", name.equals("filtc") ? "SERVICE" : "USER")).status()).isEqualTo(201);
        }
        root.post("/accounts/filta/attr/team", Map.of("value", "blue"));
        root.post("/accounts/filtb/attr/team", Map.of("value", "red"));
        root.post("/accounts/filta/attr/listed", Map.of("value", true));
        root.post("/accounts/filtc/attr/listed", Map.of("value", "true"));

        assertThat(names("/accounts?team=blue")).containsExactly("filta");
        assertThat(names("/accounts?listed=true")).containsExactly("filta", "filtc");
        assertThat(names("/accounts?listed=True&account_type=SERVICE")).containsExactly("filtc");
        assertThat(names("/accounts?account=filt*")).containsExactly("filta", "filtb", "filtc");
        assertThat(names("/accounts?account=filt_")).isEmpty();
        assertThat(names("/accounts?team=green")).isEmpty();
        assertThat(root.get("/accounts?account_type=ROBOT").status()).isEqualTo(400);
    }

    private static List<String> names(String path) {
        Rest.Response response = root.get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.lines().stream().map(n -> n.get("account").asText()).toList();
    }

    @Test
    void whoamiAnswersTheCallersAccountThroughTheClient() {
        try (LagunaClient client = new LagunaClient(new ClientConfig(server.url(), "root", "root", TestCore.ROOT_PASSWORD, "def"))) {
            assertThat(client.whoami().get("account").asText()).isEqualTo("root");
        }
        assertThat(root.get("/accounts/whoami").status()).isIn(200, 303);
    }

    @Test
    void identitiesLetAnAccountLogIn() {
        root.post("/accounts/alice", Map.of("type", "USER"));
        assertThat(root.call("PUT", "/identities/alice/userpass", null,
                Map.of("X-Rucio-Username", "alice", "X-Rucio-Password", "alice-pw")).status()).isEqualTo(201);
        Rest alice = Rest.login(server.url(), "alice", "alice", "alice-pw");
        assertThat(alice.get("/accounts/alice").status()).isEqualTo(200);
        assertThat(root.get("/accounts/alice/identities").lines()).extracting(n -> n.get("type").asText()).containsExactly("USERPASS");
        assertThat(root.get("/identities/alice/userpass/accounts").json().get(0).asText()).isEqualTo("alice");
    }

    @Test
    void usersMayAddScopesOnlyForThemselvesAndNotAdministerAccounts() {
        Rest bob = server.createUser("bob", "bob-pw");
        assertThat(bob.post("/accounts/bob/scopes/user.bob", Map.of()).status()).isEqualTo(201);
        Rest.Response other = bob.post("/accounts/root/scopes/stolen", Map.of());
        assertThat(other.status()).isEqualTo(401);
        assertThat(other.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(bob.post("/accounts/mallory", Map.of("type", "USER")).exceptionClass()).isEqualTo("AccessDenied");
        assertThat(bob.get("/accounts/bob/scopes").json().get(0).asText()).isEqualTo("user.bob");
        assertThat(root.get("/scopes").json().toString()).contains("user.bob");
        assertThat(root.get("/scopes/owner").json()).anySatisfy(owner -> {
            assertThat(owner.get("scope").asText()).isEqualTo("user.bob");
            assertThat(owner.get("account").asText()).isEqualTo("bob");
        });
    }

    @Test
    void attributesMakeAnAdmin() {
        Rest carol = server.createUser("carol", "carol-pw");
        assertThat(carol.post("/rses/CAROL_DISK", Map.of()).status()).isEqualTo(401);
        assertThat(root.post("/accounts/carol/attr/admin", Map.of("value", true)).status()).isEqualTo(201);
        assertThat(root.get("/accounts/carol/attr").json().get(0).get("key").asText()).isEqualTo("admin");
        assertThat(Rest.login(server.url(), "carol", "carol", "carol-pw").post("/rses/CAROL_DISK", Map.of()).status()).isEqualTo(201);
    }

    @Test
    void limitsLocalAndGlobal() {
        root.post("/accounts/dave", Map.of("type", "USER"));
        assertThat(root.post("/accounts/dave/limits/local/LIMIT_DISK", Map.of("bytes", 1000)).status()).isEqualTo(201);
        assertThat(root.get("/accounts/dave/limits/local").json().get("LIMIT_DISK").asLong()).isEqualTo(1000);
        assertThat(root.post("/accounts/dave/limits/global/" + Rest.q("LIMIT_DISK|LIMIT_DISK"), Map.of("bytes", 5)).status()).isEqualTo(201);
        assertThat(root.get("/accounts/dave/limits/global").json().get("LIMIT_DISK|LIMIT_DISK").get("limit").asLong()).isEqualTo(5);
        assertThat(root.get("/accounts/dave/usage/local").lines()).extracting(n -> n.get("rse").asText()).containsExactly("LIMIT_DISK");
        assertThat(root.post("/accounts/dave/limits/local/NO_DISK", Map.of("bytes", 1)).exceptionClass()).isEqualTo("RSENotFound");
        assertThat(root.post("/accounts/dave/limits/global/" + Rest.q("(("), Map.of("bytes", 1)).status()).isEqualTo(400);
    }

    @Test
    void aDeletedAccountsTokenStopsWorking() {
        Rest erin = server.createUser("erin", "erin-pw");
        assertThat(erin.get("/accounts/erin").status()).isEqualTo(200);
        assertThat(root.delete("/accounts/erin").status()).isEqualTo(200);
        assertThat(erin.get("/accounts/erin").status()).isEqualTo(401);
        assertThat(root.get("/accounts/erin").exceptionClass()).isEqualTo("AccountNotFound");
    }

    @Test
    void badInputIsRejected() {
        assertThat(root.post("/accounts/" + Rest.q("Bad Name"), Map.of("type", "USER")).exceptionClass()).isEqualTo("InvalidObject");
        assertThat(root.post("/accounts/okname", Map.of("type", "ROBOT")).exceptionClass()).isEqualTo("InvalidObject");
        assertThat(root.post("/accounts/okname", Map.of("type", "USER", "colour", "red")).status()).isEqualTo(400);
        assertThat(root.postRaw("/accounts/okname", "[1,2").status()).isEqualTo(400);
        assertThat(root.post("/accounts/root/scopes/" + Rest.q("no/slash"), Map.of()).status()).isIn(400, 404);
        assertThat(root.get("/accounts/okname").status()).isEqualTo(404);
    }
}
