package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signing in with the OIDC provider and registering, on the wire: the authorization-code flow with
 * PKCE through the web interface's own callback, bound to the browser that started it; a person
 * without an account reads and accepts the terms, waits for approval, and signs in once approved.
 */
class UiOidcTest {
    private static final HttpClient PROVIDER_BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static OidcWorld world;

    @BeforeAll
    static void start() {
        world = new OidcWorld();
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
    }

    /** Starts a sign-in in this browser; answers the callback the provider sends the browser back to (path and query). */
    private static String startAndAuthorize(UiClient browser, String subject) throws IOException, InterruptedException {
        OidcWorld.subject = subject;
        UiClient.Page started = browser.get("/ui/login/oidc?next=%2Fui%2Frses");
        assertThat(started.status()).isEqualTo(303);
        String authorize = started.header("Location");
        assertThat(authorize).startsWith(world.issuer).contains("code_challenge=").contains("code_challenge_method=S256")
                .contains("redirect_uri=" + java.net.URLEncoder.encode(world.url() + "/ui/login/oidc/callback", java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> back = PROVIDER_BROWSER.send(HttpRequest.newBuilder(URI.create(authorize)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(back.statusCode()).isEqualTo(302);
        String callback = back.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(world.url() + "/ui/login/oidc/callback?");
        return callback.substring(world.url().length());
    }

    @Test
    void theSignInPageOffersTheProviderAndItsLoginCookieIsLaxHttpOnlyAndShortLived() {
        UiClient browser = new UiClient(world.url());

        String form = browser.get("/ui/login").body();
        UiClient.Page started = browser.get("/ui/login/oidc");

        assertThat(form).contains("id=\"oidc-signin\"").contains("Sign in with " + OidcWorld.PROVIDER);
        assertThat(started.setCookies()).anySatisfy(cookie -> assertThat(cookie).startsWith(OidcSignIn.STATE_COOKIE + "=")
                .contains("HttpOnly").contains("SameSite=Lax").contains("Path=/ui/login/oidc").contains("Max-Age=600"));
    }

    @Test
    void anAccountHoldingTheIdentitySignsInAndGoesToThePageItAskedFor() throws Exception {
        UiClient browser = new UiClient(world.url());

        UiClient.Page onward = browser.get(startAndAuthorize(browser, "alice-sub"));

        assertThat(onward.status()).isEqualTo(200);
        assertThat(onward.body()).contains("http-equiv=\"refresh\" content=\"0; url=/ui/rses\"").contains("signed in as alice");
        assertThat(browser.cookie(UiSessions.SESSION_COOKIE)).isNotBlank();
        assertThat(browser.get("/ui/rses").body()).contains("id=\"account\">alice<");
    }

    @Test
    void aCallbackOpenedInAnotherBrowserStartsNoSessionThere() throws Exception {
        UiClient attacker = new UiClient(world.url());
        String callback = startAndAuthorize(attacker, "alice-sub");
        UiClient victim = new UiClient(world.url());

        UiClient.Page refused = victim.get(callback);
        UiClient.Page replayed = attacker.get(callback);
        UiClient.Page again = attacker.get(callback);

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("not started in this browser");
        assertThat(victim.cookie(UiSessions.SESSION_COOKIE)).isNull();
        assertThat(replayed.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(403);
    }

    @Test
    void theProvidersRefusalIsShownAndStartsNoSession() throws Exception {
        UiClient browser = new UiClient(world.url());
        String callback = startAndAuthorize(browser, "alice-sub");
        String state = callback.replaceAll(".*[?&]state=([^&]*).*", "$1");

        UiClient.Page refused = browser.get("/ui/login/oidc/callback?state=" + state + "&error=access_denied");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("access_denied");
        assertThat(browser.cookie(UiSessions.SESSION_COOKIE)).isNull();
    }

    @Test
    void aPersonWithoutAccountAcceptsTheTermsWaitsForApprovalAndThenSignsIn() throws Exception {
        UiClient newton = new UiClient(world.url());
        UiClient.Page onward = newton.get(startAndAuthorize(newton, "newton-sub"));
        assertThat(onward.body()).contains("url=/ui/register");
        assertThat(onward.setCookies()).anySatisfy(cookie -> assertThat(cookie).startsWith(OidcSignIn.REGISTER_COOKIE + "=")
                .contains("HttpOnly").contains("Path=/ui/register"));
        assertThat(newton.cookie(UiSessions.SESSION_COOKIE)).isNull();

        UiClient.Page terms = newton.get("/ui/register");
        UiClient.Page unticked = newton.post("/ui/register", Map.of("version", OidcWorld.TERMS_VERSION));
        UiClient.Page forged = newton.post("/ui/register", Map.of("csrf", "forged", "version", OidcWorld.TERMS_VERSION, "accept", "on"));
        UiClient.Page oldTerms = newton.post("/ui/register", Map.of("version", "2020-01", "accept", "on"));
        boolean noneYet = pendingCount() == 0;
        UiClient.Page registered = newton.post("/ui/register", Map.of("version", OidcWorld.TERMS_VERSION, "accept", "on"));
        UiClient.Page later = newton.get("/ui/register");

        assertThat(terms.status()).isEqualTo(200);
        assertThat(terms.body()).contains("Keep the data lake for science.").contains("SUB=newton-sub").contains("newton@example.org");
        assertThat(unticked.status()).isEqualTo(400);
        assertThat(unticked.body()).contains("id=\"register-error\"").contains("Tick the box");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(oldTerms.status()).isEqualTo(400);
        assertThat(oldTerms.body()).contains("2020-01");
        assertThat(noneYet).isTrue();
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.body()).contains("waiting for an administrator").contains("id=\"register-account\">newton<");
        assertThat(later.body()).contains("waiting for an administrator");

        UiClient dora = new UiClient(world.url());
        dora.signIn("dora", OidcWorld.PASSWORD);
        String accounts = dora.get("/ui/accounts").body();
        assertThat(accounts).contains("id=\"registrations\"").contains("SUB=newton-sub");
        String id = accounts.replaceAll("(?s).*action=\"/ui/registrations/([0-9a-f-]{36})/approve\".*", "$1");
        UiClient alice = new UiClient(world.url());
        alice.signIn("alice", OidcWorld.PASSWORD);
        alice.get("/ui/");
        assertThat(alice.post("/ui/registrations/" + id + "/approve", Map.of()).status()).isEqualTo(403);
        UiClient.Page approved = dora.post("/ui/registrations/" + id + "/approve", Map.of());
        assertThat(approved.status()).isEqualTo(303);
        assertThat(approved.header("Location")).contains("decided=newton");

        UiClient.Page signedIn = newton.get(startAndAuthorize(newton, "newton-sub"));
        assertThat(signedIn.body()).contains("signed in as newton");
        assertThat(newton.get("/ui/").body()).contains("id=\"account\">newton<");
        assertThat(world.server.root().get("/accounts/newton/scopes").body()).contains("user.newton");
    }

    @Test
    void theRegistrationPageAsksToSignInWithTheProviderFirst() {
        UiClient.Page page = new UiClient(world.url()).get("/ui/register");

        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("first sign in").contains("href=\"/ui/login/oidc?next=%2Fui%2F\"");
    }

    private static long pendingCount() {
        return world.server.core().database().readOnly(tx -> tx.count("select count(*) from registrations where identity like 'SUB=newton-sub,%'"));
    }
}
