package org.laguna.server.vo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.testing.TestCore;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * {@code /vos} on a server of several VOs: super_root lists, adds and updates VOs and gives a VO's
 * root an identity; nobody else may; bad names, duplicates and unknown VOs answer Rucio's errors.
 */
class VoApiTest {
    static final String SUPER_ROOT_PASSWORD = "Super-root-pw-31";
    private static TestServer server;
    private static Rest superRoot;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("vo.multi-vo", "true", "super-root.password", SUPER_ROOT_PASSWORD));
        superRoot = Rest.login(server.url(), "super_root", "super_root", SUPER_ROOT_PASSWORD);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<String> vos() {
        Rest.Response listed = superRoot.get("/vos");
        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        return listed.lines().stream().map(vo -> vo.get("vo").asText()).toList();
    }

    @Test
    void superRootAddsListsAndUpdatesAVoWhoseRootLogsInWithSuperRootsIdentity() {
        assertThat(vos()).startsWith("def");
        Rest.Response added = superRoot.post("/vos/tst", Map.of("description", "Test VO", "email", "tst@example.org"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.body()).isEqualTo("Created");
        assertThat(superRoot.get("/vos").lines()).anySatisfy(vo -> {
            assertThat(vo.get("vo").asText()).isEqualTo("tst");
            assertThat(vo.get("description").asText()).isEqualTo("Test VO");
            assertThat(vo.get("email").asText()).isEqualTo("tst@example.org");
            assertThat(vo.get("created_at").asText()).endsWith("UTC");
        });

        Rest.Response updated = superRoot.put("/vos/tst", Map.of("description", "Testing VO"));
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(superRoot.get("/vos").lines()).anySatisfy(vo -> {
            assertThat(vo.get("vo").asText()).isEqualTo("tst");
            assertThat(vo.get("description").asText()).isEqualTo("Testing VO");
            assertThat(vo.get("email").asText()).isEqualTo("tst@example.org");
        });

        Rest tstRoot = Rest.login(server.url(), "root", "super_root", SUPER_ROOT_PASSWORD, "tst");
        assertThat(tstRoot.token()).startsWith("tst~");
        Rest.Response whoami = tstRoot.get("/auth/validate");
        assertThat(whoami.status()).as(whoami.body()).isEqualTo(200);
        assertThat(whoami.json().get("account").asText()).isEqualTo("root");
        assertThat(tstRoot.get("/auth/validate").json().get("vo").asText()).isEqualTo("tst");
        assertThat(tstRoot.get("/accounts").lines()).extracting(account -> account.get("account").asText()).containsExactly("root");
        assertThat(superRoot.get("/auth/validate").json().get("vo").asText()).isEqualTo("def");
    }

    @Test
    void recoverGivesTheVosRootAnotherIdentityToLogInWith() {
        assertThat(superRoot.post("/vos/rec", Map.of()).status()).isEqualTo(201);
        Rest.Response recovered = superRoot.post("/vos/rec/recover", Map.of("identity", "rec-admin", "authtype", "userpass",
                "email", "admin@example.org", "password", "Rec-admin-pw-5", "default", true));
        assertThat(recovered.status()).as(recovered.body()).isEqualTo(201);

        Rest recRoot = Rest.login(server.url(), "root", "rec-admin", "Rec-admin-pw-5", "rec");
        assertThat(recRoot.get("/auth/validate").json().get("account").asText()).isEqualTo("root");
        assertThat(recRoot.get("/accounts/root/identities").lines()).extracting(identity -> identity.get("identity").asText())
                .contains("rec-admin", "super_root");
        Rest.Response again = superRoot.post("/vos/rec/recover", Map.of("identity", "rec-admin", "authtype", "USERPASS",
                "email", "admin@example.org", "password", "Rec-admin-pw-5"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.exceptionClass()).isEqualTo("Duplicate");
        assertThat(new Rest(server.url(), null).call("GET", "/auth/userpass", null, Map.of("X-Rucio-Account", "root",
                "X-Rucio-Username", "rec-admin", "X-Rucio-Password", "Rec-admin-pw-5")).status())
                .as("the identity is the VO's, not the default VO's").isEqualTo(401);
    }

    @Test
    void badNamesDuplicatesAndUnknownVosAnswerRuciosErrors() {
        for (String bad : List.of("TST", "toolong", "ab", "a.b", "a_b")) {
            Rest.Response refused = superRoot.post("/vos/" + bad, Map.of());
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.exceptionClass()).as(bad).isEqualTo("InvalidObject");
        }
        assertThat(superRoot.post("/vos/dup", Map.of()).status()).isEqualTo(201);
        for (String existing : List.of("dup", "def")) {
            Rest.Response duplicate = superRoot.post("/vos/" + existing, Map.of("description", "again"));
            assertThat(duplicate.status()).as(existing).isEqualTo(409);
            assertThat(duplicate.exceptionClass()).as(existing).isEqualTo("Duplicate");
        }
        Rest.Response unknownUpdate = superRoot.put("/vos/zzz", Map.of("email", "x@example.org"));
        assertThat(unknownUpdate.status()).isEqualTo(404);
        assertThat(unknownUpdate.exceptionClass()).isEqualTo("VONotFound");
        Rest.Response unknownRecover = superRoot.post("/vos/zzz/recover", Map.of("identity", "x", "authtype", "USERPASS",
                "password", "x-password-1"));
        assertThat(unknownRecover.status()).isEqualTo(404);
        assertThat(unknownRecover.exceptionClass()).isEqualTo("VONotFound");
        Rest.Response unknownField = superRoot.post("/vos/unk", Map.of("colour", "red"));
        assertThat(unknownField.status()).isEqualTo(400);
        Rest.Response badType = superRoot.post("/vos/dup/recover", Map.of("identity", "x", "authtype", "BOGUS"));
        assertThat(badType.status()).isEqualTo(400);
        Rest.Response noIdentity = superRoot.post("/vos/dup/recover", Map.of("authtype", "USERPASS", "password", "x-password-1"));
        assertThat(noIdentity.status()).isEqualTo(400);
        Rest.Response longText = superRoot.post("/vos/lng", Map.of("description", "d".repeat(300)));
        assertThat(longText.status()).isEqualTo(400);
        assertThat(longText.exceptionClass()).isEqualTo("InvalidObject");
        assertThat(vos()).doesNotContain("lng", "unk", "zzz");

        Rest.Response unknownVoLogin = new Rest(server.url(), null).call("GET", "/auth/userpass", null, Map.of("X-Rucio-Account",
                "root", "X-Rucio-Username", "root", "X-Rucio-Password", TestCore.ROOT_PASSWORD, "X-Rucio-VO", "nop"));
        assertThat(unknownVoLogin.status()).isEqualTo(401);
        assertThat(unknownVoLogin.exceptionClass()).isEqualTo("CannotAuthenticate");
    }

    @Test
    void onlySuperRootManagesVosNotRootNorAVosRootNorAUser() {
        assertThat(superRoot.post("/vos/prm", Map.of()).status()).isEqualTo(201);
        Rest prmRoot = Rest.login(server.url(), "root", "super_root", SUPER_ROOT_PASSWORD, "prm");
        Rest user = server.createUser("vouser", "vouser-password");
        for (Rest caller : List.of(server.root(), prmRoot, user)) {
            for (Rest.Response denied : List.of(caller.get("/vos"), caller.post("/vos/new", Map.of()),
                    caller.put("/vos/prm", Map.of("description", "mine")), caller.post("/vos/prm/recover",
                            Map.of("identity", "intruder", "authtype", "USERPASS", "password", "intruder-pw-1")))) {
                assertThat(denied.status()).as(denied.body()).isEqualTo(401);
                assertThat(denied.exceptionClass()).isEqualTo("AccessDenied");
            }
        }
        assertThat(vos()).doesNotContain("new");
        Rest.Response anonymous = new Rest(server.url(), null).get("/vos");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.exceptionClass()).isEqualTo("CannotAuthenticate");
    }

    @Test
    void aRestartedServerServesTheVosItHad() {
        assertThat(superRoot.post("/vos/rst", Map.of()).status()).isEqualTo(201);
        Rest before = Rest.login(server.url(), "root", "super_root", SUPER_ROOT_PASSWORD, "rst");
        assertThat(before.post("/scopes/root/kept", Map.of()).status()).isEqualTo(201);
        server.stopApi();
        server.restartApi();
        superRoot = Rest.login(server.url(), "super_root", "super_root", SUPER_ROOT_PASSWORD);
        Rest after = Rest.login(server.url(), "root", "super_root", SUPER_ROOT_PASSWORD, "rst");
        assertThat(after.get("/scopes").body()).contains("kept");
        assertThat(server.root().get("/scopes").body()).doesNotContain("kept");
    }

    @Test
    void aServerOfOneVoHasNoSuperRootAndAnswersUnsupportedOperation() {
        try (TestServer single = TestServer.start()) {
            assertThat(single.root().get("/accounts").lines()).extracting(account -> account.get("account").asText())
                    .containsExactly("root");
            Rest lookalike = single.createUser("super_root", "lookalike-pw-1");
            Rest.Response unsupported = lookalike.get("/vos");
            assertThat(unsupported.status()).isEqualTo(409);
            assertThat(unsupported.exceptionClass()).isEqualTo("UnsupportedOperation");
            Rest.Response denied = single.root().post("/vos/abc", Map.of());
            assertThat(denied.status()).isEqualTo(401);
            assertThat(denied.exceptionClass()).isEqualTo("AccessDenied");
        }
    }
}
