package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.core.testing.TestCore;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

@ExtendWith(ServerPerClass.class)
class AuthApiTest {
    private static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    @Test
    void pingNeedsNoToken() {
        Rest.Response response = server.anonymous().get("/ping");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("version").asText()).isNotBlank();
    }

    @Test
    void userpassGivesATokenWithItsExpiry() {
        Rest.Response response = server.anonymous().call("GET", "/auth/userpass", null,
                Map.of("X-Rucio-Account", "root", "X-Rucio-Username", "root", "X-Rucio-Password", TestCore.ROOT_PASSWORD));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("X-Rucio-Auth-Token")).hasSizeGreaterThan(30);
        assertThat(response.header("X-Rucio-Auth-Token-Expires")).matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} UTC");
        assertThat(response.header("X-Rucio-Auth-Account")).isEqualTo("root");
    }

    @Test
    void wrongPasswordIsCannotAuthenticate() {
        Rest.Response response = server.anonymous().call("GET", "/auth/userpass", null,
                Map.of("X-Rucio-Account", "root", "X-Rucio-Username", "root", "X-Rucio-Password", "wrong"));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.exceptionClass()).isEqualTo("CannotAuthenticate");
        assertThat(response.json().get("ExceptionClass").asText()).isEqualTo("CannotAuthenticate");
    }

    @Test
    void missingTokenIsCannotAuthenticate() {
        Rest.Response response = server.anonymous().get("/accounts/whoami");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.exceptionClass()).isEqualTo("CannotAuthenticate");
        assertThat(response.header("ExceptionMessage")).contains("X-Rucio-Auth-Token");
    }

    @Test
    void repeatedWrongPasswordsLockTheUsernameEvenForTheRightPassword() {
        server.createUser("mallory", "mallory-pw");
        for (int i = 0; i < 20; i++) {
            assertThat(login("mallory", "guess-" + i).status()).isEqualTo(401);
        }

        Rest.Response response = login("mallory", "mallory-pw");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.exceptionClass()).isEqualTo("CannotAuthenticate");
        assertThat(response.header("ExceptionMessage")).contains("too many failed logins");
        assertThat(login("root", TestCore.ROOT_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void anOperatorLiftsALockOutFromTheCommandLine() {
        server.createUser("nadia", "nadia-pw");
        for (int i = 0; i < 5; i++) {
            login("nadia", "guess-" + i);
        }
        assertThat(login("nadia", "nadia-pw").status()).isEqualTo(401);

        CliRunner.Run run = CliRunner.run("admin", "unlock-login", "--username", "nadia",
                "--home", server.core().config().home().toString(),
                "--database-url", server.core().config().databaseUrl().orElseThrow());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Forgot the failed logins of 1 username");
        assertThat(login("nadia", "nadia-pw").status()).isEqualTo(200);
    }

    @Test
    void onlyALocalProxyChoosesTheClientAddressWithForwardedFor() {
        assertThat(AuthResource.clientAddress("192.0.2.7", "127.0.0.1")).isEqualTo("192.0.2.7");
        assertThat(AuthResource.clientAddress("127.0.0.1", "198.51.100.1, 192.0.2.7")).isEqualTo("192.0.2.7");
        assertThat(AuthResource.clientAddress("127.0.0.1", null)).isEqualTo("127.0.0.1");
    }

    private static Rest.Response login(String username, String password) {
        return server.anonymous().call("GET", "/auth/userpass", null,
                Map.of("X-Rucio-Username", username, "X-Rucio-Password", password));
    }

    @Test
    void unknownTokenIsCannotAuthenticate() {
        Rest.Response response = new Rest(server.url(), "forged-token").get("/accounts/whoami");
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.exceptionClass()).isEqualTo("CannotAuthenticate");
    }

    @Test
    void validateEchoesTheTokensAccount() {
        Rest root = server.root();
        Rest.Response response = server.anonymous().call("GET", "/auth/validate", null, Map.of("X-Rucio-Auth-Token", root.token()));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("account").asText()).isEqualTo("root");
    }

    @Test
    void unknownEndpointIsA404WithRucioFields() {
        Rest.Response response = server.root().get("/no/such/endpoint");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.exceptionClass()).isNotBlank();
    }
}
