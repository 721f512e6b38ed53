package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signing in with the OIDC provider and registering, in a real Chromium: the browser goes to the
 * provider (mock-oauth2-server on loopback) and comes back signed in; a person without an account
 * reads the terms, is refused without ticking the box, registers, waits, is approved by an
 * administrator on the accounts page, and signs in.
 */
class UiOidcBrowserTest {
    private static OidcWorld world;
    private static Chromium chromium;
    private BrowserContext context;

    @BeforeAll
    static void start() {
        chromium = Chromium.launch();
        world = new OidcWorld();
    }

    @AfterAll
    static void stop() {
        if (world != null) {
            world.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    private Page browse() {
        context = chromium.browser().newContext(new com.microsoft.playwright.Browser.NewContextOptions().setBaseURL(world.url()));
        context.setDefaultTimeout(20_000);
        return context.newPage();
    }

    private static void signInWithProvider(Page page) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with " + OidcWorld.PROVIDER)).first().click();
    }

    @Test
    void anAccountHoldingTheIdentitySignsInWithTheProviderAndComesBackToItsPage() {
        OidcWorld.subject = "alice-sub";
        Page page = browse();
        page.navigate("/ui/rses");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*/ui/login\\?next=.*"));

        signInWithProvider(page);

        PlaywrightAssertions.assertThat(page.locator("#account")).hasText("alice");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*/ui/rses$"));
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("RSEs").setLevel(1))).isVisible();
    }

    @Test
    void aNewPersonRegistersWaitsForApprovalAndSignsInOnceApproved() {
        OidcWorld.subject = "lovelace-sub";
        Page person = browse();
        person.navigate("/ui/login");
        signInWithProvider(person);

        PlaywrightAssertions.assertThat(person).hasURL(Pattern.compile(".*/ui/register$"));
        PlaywrightAssertions.assertThat(person.locator("#terms")).containsText("Keep the data lake for science.");
        PlaywrightAssertions.assertThat(person.locator("#register-identity")).containsText("SUB=lovelace-sub");
        person.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accept and register")).click();
        PlaywrightAssertions.assertThat(person.getByRole(AriaRole.ALERT)).containsText("Tick the box");
        person.getByLabel("I have read and accept these terms of use").check();
        person.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Accept and register")).click();
        PlaywrightAssertions.assertThat(person.locator("#register-state")).containsText("waiting for an administrator's approval");
        PlaywrightAssertions.assertThat(person.locator("#register-account")).hasText("lovelace");
        person.navigate("/ui/register");
        PlaywrightAssertions.assertThat(person.locator("#register-state")).containsText("waiting");
        context.close();

        Page dora = browse();
        dora.navigate("/ui/login");
        dora.getByLabel("Username").fill("dora");
        dora.getByLabel("Password").fill(OidcWorld.PASSWORD);
        dora.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        dora.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Accounts")).click();
        PlaywrightAssertions.assertThat(dora.locator("#registrations")).containsText("SUB=lovelace-sub");
        dora.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve lovelace")).click();
        PlaywrightAssertions.assertThat(dora.getByRole(AriaRole.STATUS)).containsText("The registration of lovelace was approved.");
        PlaywrightAssertions.assertThat(dora.locator("#accounts")).containsText("lovelace");
        context.close();

        Page again = browse();
        again.navigate("/ui/");
        signInWithProvider(again);
        PlaywrightAssertions.assertThat(again.locator("#account")).hasText("lovelace");
        assertThat(world.server.root().get("/accounts/lovelace/limits/local/SITE_A").json().get("SITE_A").asLong()).isEqualTo(1_000_000_000L);
    }
}
