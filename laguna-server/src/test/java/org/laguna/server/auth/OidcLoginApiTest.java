package org.laguna.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.nimbusds.oauth2.sdk.TokenRequest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.OAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.laguna.server.Main;
import org.laguna.server.testing.AuditRows;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Rucio's OIDC login routes against a real provider on loopback (mock-oauth2-server, whose
 * authorization endpoint sends the browser straight back with a code): the authorization-code flow
 * with PKCE as the Rucio client polls it, the fetch-code variant, refresh, and what is refused.
 */
class OidcLoginApiTest {
    private static final String ISSUER_ID = "laguna";
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static volatile String subject = "alice-sub";
    private static MockOAuth2Server idp;
    private static DeviceFlowProvider deviceIdp;
    private static TestServer server;
    private static String issuer;

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server(new OAuth2Config(false, null, null, true, new OAuth2TokenProvider(), Set.of(new Subject())));
        idp.start(InetAddress.getLoopbackAddress(), 0);
        issuer = idp.issuerUrl(ISSUER_ID).toString();
        BROWSER.send(HttpRequest.newBuilder(URI.create(idp.wellKnownUrl(ISSUER_ID).toString())).build(), HttpResponse.BodyHandlers.discarding());
        deviceIdp = new DeviceFlowProvider("laguna-device", "device-secret", "carol-sub");
        server = TestServer.start(Map.of("auth.oidc.issuers", "mock,device", "auth.oidc.mock.issuer", issuer,
                "auth.oidc.mock.client-id", "laguna-client", "auth.oidc.mock.client-secret", "laguna-secret",
                "auth.oidc.device.issuer", deviceIdp.issuer(), "auth.oidc.device.client-id", "laguna-device",
                "auth.oidc.device.client-secret", "device-secret", "auth.oidc.login.default-issuer", "mock"));
        server.createUser("alice", "alice-pw");
        server.createUser("bob", "bob-pw");
        server.createUser("carol", "carol-pw");
        assertThat(server.root().post("/accounts/carol/identities", Map.of("identity", "SUB=carol-sub, ISS=" + deviceIdp.issuer(),
                "authtype", "OIDC", "email", "carol@example.org", "default", true)).status()).isEqualTo(201);
        Rest.Response added = server.root().post("/accounts/alice/identities", Map.of("identity", "SUB=alice-sub, ISS=" + issuer,
                "authtype", "OIDC", "email", "alice@example.org", "default", true));
        assertThat(added.status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
        idp.shutdown();
        deviceIdp.close();
    }

    /** Every token the provider issues is for the current {@link #subject}, with audience rucio. */
    private static final class Subject implements OAuth2TokenCallback {
        @Override
        public String issuerId() {
            return ISSUER_ID;
        }

        @Override
        public String subject(TokenRequest request) {
            return subject;
        }

        @Override
        public String typeHeader(TokenRequest request) {
            return "JWT";
        }

        @Override
        public List<String> audience(TokenRequest request) {
            return List.of("rucio");
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            return Map.of();
        }

        @Override
        public long tokenExpiry() {
            return 3600;
        }
    }

    private static Rest.Response startLogin(Map<String, String> headers) {
        return server.anonymous().call("GET", "/auth/oidc", null, headers);
    }

    private static String startPolling(String account) {
        Rest.Response started = startLogin(Map.of("X-Rucio-Account", account, "X-Rucio-Client-Authorize-Polling", "True",
                "X-Rucio-Client-Authorize-Scope", "openid profile offline_access", "X-Rucio-Client-Authorize-Refresh-Lifetime", "None"));
        assertThat(started.status()).isEqualTo(200);
        String url = started.header("X-Rucio-OIDC-Auth-URL");
        assertThat(url).startsWith(server.url() + "/auth/oidc_redirect?");
        return url;
    }

    private static HttpResponse<String> visit(String url) throws IOException, InterruptedException {
        return BROWSER.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a browser does with the URL: on to the provider, which sends it back to Laguna with a code; answers that callback URL. */
    private static String providerCallback(String url) throws IOException, InterruptedException {
        HttpResponse<String> toProvider = visit(url);
        assertThat(toProvider.statusCode()).isEqualTo(303);
        String authorize = toProvider.headers().firstValue("Location").orElseThrow();
        assertThat(authorize).startsWith(issuer).contains("code_challenge=").contains("code_challenge_method=S256").contains("nonce=");
        HttpResponse<String> back = visit(authorize);
        assertThat(back.statusCode()).isEqualTo(302);
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(server.url() + "/auth/oidc_code?");
        return callback;
    }

    private static Rest.Response poll(String url) {
        return server.anonymous().call("GET", url.substring(server.url().length()), null, Map.of("X-Rucio-Client-Fetch-Token", "True"));
    }

    private static String whoami(String token) {
        Rest.Response response = new Rest(server.url(), token).get("/accounts/whoami");
        assertThat(response.status()).isEqualTo(303);
        String location = response.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static void assertRefused(Rest.Response response, int status, String exception, String reason) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.exceptionClass()).isEqualTo(exception);
        assertThat(response.json().get("ExceptionMessage").asText()).contains(reason);
    }

    private static String pollingLogin(String account) throws Exception {
        String url = startPolling(account);
        HttpResponse<String> page = visit(providerCallback(url));
        assertThat(page.statusCode()).isEqualTo(200);
        Rest.Response fetched = poll(url);
        assertThat(fetched.status()).isEqualTo(200);
        return fetched.header("X-Rucio-Auth-Token");
    }

    @Test
    void theClientPollsUntilTheBrowserCompletedTheLoginThenGetsATokenOfTheAccount() throws Exception {
        String url = startPolling("alice");

        Rest.Response early = poll(url);
        String callback = providerCallback(url);
        HttpResponse<String> page = visit(callback);
        Rest.Response fetched = poll(url);
        Rest.Response again = poll(url);

        assertRefused(early, 401, "CannotAuthenticate", "not completed yet");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("logged in");
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.header("X-Rucio-Auth-Account")).isEqualTo("alice");
        assertThat(whoami(fetched.header("X-Rucio-Auth-Token"))).isEqualTo("alice");
        Rest.Response validated = server.anonymous().call("GET", "/auth/validate", null, Map.of("X-Rucio-Auth-Token", fetched.header("X-Rucio-Auth-Token")));
        assertThat(validated.json().get("identity").asText()).isEqualTo("SUB=alice-sub, ISS=" + issuer);
        assertRefused(again, 401, "CannotAuthenticate", "no pending login has this key");
    }

    @Test
    void aLoginAndARefreshAreInTheAuditLogWithTheOidcIdentityAndTheRequestIdButNoToken() throws Exception {
        String url = startPolling("alice");
        assertThat(visit(providerCallback(url)).statusCode()).isEqualTo(200);
        Rest.Response fetched = server.anonymous().call("GET", url.substring(server.url().length()), null,
                Map.of("X-Rucio-Client-Fetch-Token", "True", "X-Request-Id", "oidc-login-alice"));
        assertThat(fetched.status()).isEqualTo(200);
        String token = fetched.header("X-Rucio-Auth-Token");
        Rest.Response refreshed = server.anonymous().call("GET", "/auth/oidc_refresh", null, Map.of("X-Rucio-Auth-Token", token,
                "X-Rucio-Account", "alice", "X-Request-Id", "oidc-refresh-alice"));
        assertThat(refreshed.header("X-Rucio-Auth-Token")).isNotEmpty();

        List<AuditRows.Row> logins = AuditRows.of(server.core().database(), "alice", "login", "account=alice").stream()
                .filter(row -> row.requestId() != null && row.requestId().startsWith("oidc-")).toList();

        assertThat(logins).extracting(AuditRows.Row::requestId, AuditRows.Row::authMethod, AuditRows.Row::identity, AuditRows.Row::outcome)
                .containsExactly(tuple("oidc-login-alice", "oidc", "SUB=alice-sub, ISS=" + issuer, "SUCCESS"),
                        tuple("oidc-refresh-alice", "oidc", "SUB=alice-sub, ISS=" + issuer, "SUCCESS"));
        assertThat(logins).allSatisfy(row -> assertThat(row.clientAddress()).isNotBlank());
        long withVo = server.core().database().readOnly(tx -> tx.count("select count(*) from audit_log a where vo = 'def' and "
                + "request_id like 'oidc-%'"));
        assertThat(withVo).isEqualTo(2);
        long secrets = server.core().database().readOnly(tx -> tx.count("select count(*) from audit_log a where strpos(a::text, ?) > 0 "
                + "or strpos(a::text, ?) > 0", token, refreshed.header("X-Rucio-Auth-Token")));
        assertThat(secrets).isZero();
    }

    @Test
    void withoutPollingThePageShowsACodeTheClientTradesForItsToken() throws Exception {
        Rest.Response started = startLogin(Map.of("X-Rucio-Account", "alice", "X-Rucio-Client-Authorize-Polling", "False"));
        HttpResponse<String> page = visit(providerCallback(started.header("X-Rucio-OIDC-Auth-URL")));
        String code = page.body().replaceAll("(?s).*<pre id=\"code\">([^<]+)</pre>.*", "$1");

        Rest.Response fetched = server.anonymous().call("GET", "/auth/oidc_redirect?" + code, null, Map.of("X-Rucio-Client-Fetch-Token", "True"));

        assertThat(fetched.status()).isEqualTo(200);
        assertThat(whoami(fetched.header("X-Rucio-Auth-Token"))).isEqualTo("alice");
    }

    @Test
    void aDirectLoginHandsTheTokenToTheBrowser() throws Exception {
        Rest.Response started = startLogin(Map.of("X-Rucio-Account", "alice", "X-Rucio-Client-Authorize-Auto", "True"));
        String authorize = started.header("X-Rucio-OIDC-Auth-URL");
        assertThat(authorize).startsWith(issuer);

        HttpResponse<String> back = visit(authorize);
        String callback = back.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> page = visit(callback);

        assertThat(callback).startsWith(server.url() + "/auth/oidc_token?");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(whoami(page.headers().firstValue("X-Rucio-Auth-Token").orElseThrow())).isEqualTo("alice");
    }

    @Test
    void aReplayedCodeIsRefusedAndTheLoginIsNotCompletedTwice() throws Exception {
        String url = startPolling("alice");
        String callback = providerCallback(url);
        assertThat(visit(callback).statusCode()).isEqualTo(200);

        Rest.Response replayed = server.anonymous().call("GET", callback.substring(server.url().length()), null, Map.of());

        assertRefused(replayed, 401, "CannotAuthenticate", "no pending login has this state");
        assertThat(poll(url).status()).isEqualTo(200);
    }

    @Test
    void aWrongStateIsRefused() throws Exception {
        String url = startPolling("alice");
        String callback = providerCallback(url);
        String forged = callback.replaceAll("state=[^&]+", "state=forged-state");

        Rest.Response response = server.anonymous().call("GET", forged.substring(server.url().length()), null, Map.of());

        assertRefused(response, 401, "CannotAuthenticate", "no pending login has this state");
        assertRefused(poll(url), 401, "CannotAuthenticate", "not completed yet");
    }

    @Test
    void anExpiredLoginIsRefusedAtEveryStep() throws Exception {
        String url = startPolling("alice");
        String callback = providerCallback(url);
        server.core().database().inTransaction(tx -> tx.update("update oidc_login_sessions set expired_at = now() - interval '1 second'"));

        Rest.Response late = server.anonymous().call("GET", callback.substring(server.url().length()), null, Map.of());

        assertRefused(late, 401, "CannotAuthenticate", "expired");
        assertRefused(poll(url), 401, "CannotAuthenticate", "expired");
        assertThat(server.core().auth().purgeExpired()).isGreaterThanOrEqualTo(1);
        Long left = server.core().database().readOnly(tx -> tx.count("select count(*) from oidc_login_sessions where expired_at < now()"));
        assertThat(left).isZero();
    }

    @Test
    void anIdentityWithoutTheRequestedAccountIsRefused() throws Exception {
        String url = startPolling("bob");

        Rest.Response response = server.anonymous().call("GET", providerCallback(url).substring(server.url().length()), null, Map.of());

        assertRefused(response, 401, "CannotAuthenticate", "OIDC identity 'SUB=alice-sub, ISS=" + issuer + "' of the 'bob' account is unknown");
    }

    @Test
    void aRefreshTradesTheTokenForANewOneOnceAndKeepsTheRefreshTokenEncrypted() throws Exception {
        String token = pollingLogin("alice");
        byte[] stored = server.core().database().readOnly(tx -> tx.queryOne("select refresh_token_enc from oidc_refresh_grants", rs -> rs.getBytes(1))
                .orElseThrow());

        Rest.Response refreshed = server.anonymous().call("GET", "/auth/oidc_refresh", null, Map.of("X-Rucio-Auth-Token", token,
                "X-Rucio-Account", "alice"));
        Rest.Response twice = server.anonymous().call("GET", "/auth/oidc_refresh", null, Map.of("X-Rucio-Auth-Token", token,
                "X-Rucio-Account", "alice"));

        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("eyJ");
        assertThat(refreshed.status()).isEqualTo(200);
        String fresh = refreshed.header("X-Rucio-Auth-Token");
        assertThat(fresh).isNotEmpty().isNotEqualTo(token);
        assertThat(Long.parseLong(refreshed.header("X-Rucio-Auth-Token-Expires"))).isGreaterThan(System.currentTimeMillis() / 1000);
        assertThat(whoami(fresh)).isEqualTo("alice");
        assertThat(twice.status()).isEqualTo(200);
        assertThat(twice.header("X-Rucio-Auth-Token")).isEmpty();
        Rest.Response third = server.anonymous().call("GET", "/auth/oidc_refresh", null, Map.of("X-Rucio-Auth-Token", fresh,
                "X-Rucio-Account", "alice"));
        assertThat(third.header("X-Rucio-Auth-Token")).isNotEmpty().isNotEqualTo(fresh);
    }

    @Test
    void aRefreshOfATokenWithoutGrantOrOfAnotherAccountGivesNothing() {
        Rest.Response userpass = server.anonymous().call("GET", "/auth/oidc_refresh", null, Map.of("X-Rucio-Auth-Token", server.root().token(),
                "X-Rucio-Account", "root"));
        Rest.Response missing = server.anonymous().call("GET", "/auth/oidc_refresh", null, Map.of("X-Rucio-Account", "root"));

        assertThat(userpass.status()).isEqualTo(200);
        assertThat(userpass.header("X-Rucio-Auth-Token")).isEmpty();
        assertRefused(missing, 401, "CannotAuthenticate", "X-Rucio-Auth-Token and X-Rucio-Account are needed");
    }

    @Test
    void badInputIsA4xxWithRucioErrorFields() {
        assertRefused(startLogin(Map.of("X-Rucio-Account", "nobody")), 401, "CannotAuthenticate", "for account nobody");
        assertRefused(startLogin(Map.of("X-Rucio-Client-Authorize-Scope", "profile")), 401, "CannotAuthenticate", "must include openid");
        assertRefused(startLogin(Map.of("X-Rucio-Client-Authorize-Issuer", "elsewhere")), 401, "CannotAuthenticate", "issuer 'elsewhere'");
        assertRefused(startLogin(Map.of("X-Rucio-Client-Authorize-Refresh-Lifetime", "forever")), 400, "ValueError", "number of hours");
        assertRefused(server.anonymous().call("GET", "/auth/oidc_code?code=abc", null, Map.of()), 400, "MissingParameter", "no state");
        assertRefused(server.anonymous().call("GET", "/auth/oidc_redirect", null, Map.of()), 400, "MissingParameter", "login key");
        assertRefused(server.anonymous().call("GET", "/auth/oidc_redirect?unknown", null, Map.of()), 401, "CannotAuthenticate",
                "no pending login has this key");
    }

    @Test
    void theProvidersRefusalEndsTheLogin() throws Exception {
        String url = startPolling("alice");
        String callback = providerCallback(url);
        String refused = callback.replaceAll("code=[^&]+", "error=access_denied");

        Rest.Response response = server.anonymous().call("GET", refused.substring(server.url().length()), null, Map.of());

        assertRefused(response, 401, "CannotAuthenticate", "access_denied");
        assertRefused(poll(url), 401, "CannotAuthenticate", "no pending login has this key");
    }

    @Test
    void aDeviceLoginIsPolledUntilTheUserApprovedTheCodeAtTheProvider() throws Exception {
        Rest.Response started = server.anonymous().call("GET", "/auth/oidc_device", null, Map.of("X-Rucio-Account", "carol",
                "X-Rucio-Client-Authorize-Issuer", "device"));
        assertThat(started.status()).isEqualTo(200);
        String pollUrl = started.json().get("poll_url").asText();
        assertThat(started.header("X-Rucio-OIDC-Auth-URL")).isEqualTo(pollUrl);
        assertThat(started.json().get("user_code").asText()).isNotEmpty();

        Rest.Response early = poll(pollUrl);
        HttpResponse<String> approved = visit(started.json().get("verification_uri_complete").asText());
        Rest.Response fetched = poll(pollUrl);
        Rest.Response again = poll(pollUrl);

        assertRefused(early, 401, "CannotAuthenticate", "not completed yet");
        assertThat(approved.statusCode()).isEqualTo(200);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(whoami(fetched.header("X-Rucio-Auth-Token"))).isEqualTo("carol");
        assertRefused(again, 401, "CannotAuthenticate", "no pending login has this key");
    }

    @Test
    void aDeviceLoginAtAProviderWithoutDeviceEndpointIsRefused() {
        Rest.Response response = server.anonymous().call("GET", "/auth/oidc_device", null, Map.of("X-Rucio-Account", "alice"));

        assertRefused(response, 401, "CannotAuthenticate", "advertises no device_authorization_endpoint");
    }

    @Test
    void lagunaLoginWithOidcPrintsTheUrlWaitsForTheBrowserAndSavesTheToken(@TempDir Path home) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        AtomicInteger exit = new AtomicInteger(-1);
        Thread login = new Thread(() -> exit.set(cli.execute("login", "--oidc", "--home", home.toString(), "--url", server.url(),
                "--account", "alice")));
        login.start();
        Matcher url = Pattern.compile("(http://\\S+/auth/oidc_redirect\\?\\S+)").matcher("");
        for (int i = 0; i < 300 && !url.reset(out.toString()).find(); i++) {
            Thread.sleep(100);
        }

        HttpResponse<String> page = visit(providerCallback(url.group(1)));
        login.join(30_000);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(exit.get()).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Open this URL in a browser", "Logged in to " + server.url(), "(account alice)");
        CliRunner.Run whoami = CliRunner.run("whoami", "--home", home.toString(), "--json");
        assertThat(whoami.exit()).as(whoami.err()).isZero();
        assertThat(whoami.out()).contains("\"account\":\"alice\"");
    }
}
