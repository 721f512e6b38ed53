package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** Sessions, CSRF tokens, throttling and permissions of the web UI, seen on the wire. */
@ExtendWith(ServerPerClass.class)
class UiSecurityTest {
    private static UiWorld world;
    private static String url;

    @BeforeAll
    static void start(TestServer server) {
        world = new UiWorld(server);
        url = server.url();
    }

    private static UiClient signedIn(String account) {
        UiClient client = new UiClient(url);
        assertThat(client.signIn(account, UiWorld.PASSWORD).status()).isEqualTo(303);
        return client;
    }

    @Test
    void theRootSendsBrowsersToTheUiAndTellsOtherClientsThereIsNoEndpoint() {
        UiClient client = new UiClient(url);

        UiClient.Page browser = client.get("/", Map.of("Accept", "text/html,application/xhtml+xml"));
        UiClient.Page api = client.get("/", Map.of("Accept", "application/json"));

        assertThat(browser.status()).isEqualTo(303);
        assertThat(browser.header("Location")).isEqualTo("/ui/");
        assertThat(api.status()).isEqualTo(404);
        assertThat(api.header("ExceptionClass")).isNotBlank();
    }

    @Test
    void aPageWithoutASessionSendsTheBrowserToSignInAndBackToThePageAfter() {
        UiClient client = new UiClient(url);

        UiClient.Page page = client.get("/ui/rses");
        UiClient.Page login = client.get(page.header("Location"));
        UiClient.Page signedIn = client.post("/ui/login", Map.of("username", "alice", "password", UiWorld.PASSWORD, "next", "/ui/rses"));

        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).isEqualTo("/ui/login?next=%2Fui%2Frses");
        assertThat(login.body()).contains("name=\"next\" value=\"/ui/rses\"");
        assertThat(signedIn.header("Location")).isEqualTo("/ui/rses");
        assertThat(client.get("/ui/rses").status()).isEqualTo(200);
    }

    @Test
    void signingInNeverSendsTheBrowserToAnotherSite() {
        assertThat(SignInPage.next("https://evil.example/")).isEqualTo("/ui/");
        assertThat(SignInPage.next("//evil.example/ui")).isEqualTo("/ui/");
        assertThat(SignInPage.next("/ui/rses")).isEqualTo("/ui/rses");
    }

    @Test
    void theSessionCookieIsHttpOnlyStrictAndLimitedToTheUi() {
        UiClient client = new UiClient(url);
        client.get("/ui/login");

        UiClient.Page signedIn = client.post("/ui/login", Map.of("username", "alice", "password", UiWorld.PASSWORD));

        String cookie = signedIn.setCookies().stream().filter(c -> c.startsWith(UiSessions.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/ui").doesNotContain("Secure");
        assertThat(client.cookie(UiSessions.SESSION_COOKIE)).isNotBlank();
        assertThat(client.get("/ui/").body()).contains("Signed in as <strong id=\"account\">alice</strong>");
    }

    @Test
    void aSignInWithoutTheFormsCsrfTokenIsRefusedAndStartsNoSession() {
        UiClient noForm = new UiClient(url);
        UiClient.Page refused = noForm.post("/ui/login", Map.of("username", "alice", "password", UiWorld.PASSWORD));
        UiClient forged = new UiClient(url);
        forged.get("/ui/login");
        UiClient.Page wrong = forged.post("/ui/login", Map.of("csrf", "forged", "username", "alice", "password", UiWorld.PASSWORD));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(noForm.cookie(UiSessions.SESSION_COOKIE)).isNull();
        assertThat(forged.cookie(UiSessions.SESSION_COOKIE)).isNull();
    }

    @Test
    void failedSignInsAreThrottledWithTheRestLogin() {
        UiClient client = new UiClient(url);
        for (int i = 0; i < 5; i++) {
            assertThat(client.signIn("carol", "wrong-" + i).status()).isEqualTo(401);
        }

        UiClient.Page locked = client.signIn("carol", UiWorld.PASSWORD);
        Rest.Response rest = new Rest(url, null).call("GET", "/auth/userpass", null,
                Map.of("X-Rucio-Account", "carol", "X-Rucio-Username", "carol", "X-Rucio-Password", UiWorld.PASSWORD));

        assertThat(locked.status()).isEqualTo(401);
        assertThat(locked.body()).contains("too many failed logins");
        assertThat(client.cookie(UiSessions.SESSION_COOKIE)).isNull();
        assertThat(rest.status()).isEqualTo(401);
    }

    @Test
    void aFormPostWithoutTheSessionsCsrfTokenChangesNothing() {
        UiClient alice = signedIn("alice");
        alice.get("/ui/rules/" + world.okRule);

        UiClient.Page forged = alice.post("/ui/rules/" + world.okRule + "/delete", Map.of("csrf", "forged"));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.body()).contains("CSRF");
        assertThat(world.root.get("/rules/" + world.okRule).json().get("expires_at").isNull()).isTrue();
    }

    @Test
    void anotherAccountsRuleShowsNoActionAndRefusesAForgedOne() {
        UiClient bob = signedIn("bob");

        UiClient.Page page = bob.get("/ui/rules/" + world.okRule);
        UiClient.Page delete = bob.post("/ui/rules/" + world.okRule + "/delete", Map.of());
        UiClient.Page extend = bob.post("/ui/rules/" + world.okRule + "/lifetime", Map.of("days", "3"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Only the rule's owner (alice)").doesNotContain("/delete\"");
        assertThat(delete.status()).isEqualTo(403);
        assertThat(extend.status()).isEqualTo(403);
        assertThat(world.root.get("/rules/" + world.okRule).json().get("expires_at").isNull()).isTrue();
    }

    @Test
    void signingOutRevokesTheSessionsToken() {
        UiClient alice = signedIn("alice");
        String token = alice.cookie(UiSessions.SESSION_COOKIE);
        alice.get("/ui/");

        UiClient.Page out = alice.post("/ui/logout", Map.of());
        UiClient reused = new UiClient(url);
        reused.setCookie(UiSessions.SESSION_COOKIE, token);

        assertThat(out.status()).isEqualTo(303);
        assertThat(out.header("Location")).isEqualTo("/ui/login?signed_out=1");
        assertThat(alice.cookie(UiSessions.SESSION_COOKIE)).isNull();
        assertThat(reused.get("/ui/").status()).isEqualTo(303);
        assertThat(new Rest(url, token).get("/accounts/whoami").status()).isEqualTo(401);
    }

    @Test
    void pagesCarryTheUisSecurityHeadersAndItsFilesComeFromTheServer() {
        UiClient alice = signedIn("alice");

        UiClient.Page home = alice.get("/ui/");
        UiClient.Page htmx = alice.get("/ui/assets/htmx.min.js");
        UiClient.Page sse = alice.get("/ui/assets/sse.js");

        assertThat(home.header("Content-Security-Policy")).contains("script-src 'self'").contains("frame-ancestors 'none'");
        assertThat(home.header("Content-Type")).startsWith("text/html");
        assertThat(htmx.status()).isEqualTo(200);
        assertThat(htmx.body()).contains("htmx");
        assertThat(sse.body()).contains("sse");
        assertThat(alice.get("/ui/assets/nothing.js").status()).isEqualTo(404);
    }
}
