package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/**
 * Every page and action of the web UI in a real Chromium: signing in and out, home, the namespace, a
 * DID, a rule (its live progress, extending, deleting, and another account's rule), the RSEs; with bad
 * input in each form, the keyboard, dark mode and a phone's width.
 */
@ExtendWith(ServerPerClass.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiBrowserTest {
    private static final LocatorAssertions.HasTextOptions WAIT = new LocatorAssertions.HasTextOptions().setTimeout(20_000);

    private static UiWorld world;
    private static String url;
    private static Chromium chromium;
    private BrowserContext context;

    @BeforeAll
    static void start(TestServer server) {
        chromium = Chromium.launch();
        world = new UiWorld(server);
        url = server.url();
    }

    @AfterAll
    static void stop() {
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

    private Page browse(Browser.NewContextOptions options) {
        context = chromium.browser().newContext(options.setBaseURL(url));
        context.setDefaultTimeout(20_000);
        return context.newPage();
    }

    private Page signedIn(String account) {
        Page page = browse(new Browser.NewContextOptions());
        page.navigate("/ui/");
        page.getByLabel("Username").fill(account);
        page.getByLabel("Password").fill(UiWorld.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        PlaywrightAssertions.assertThat(page.locator("#account")).hasText(account);
        return page;
    }

    @Test
    @Order(1)
    void signingInRefusesAWrongPasswordAndABlankUsernameThenOpensHome() {
        Page page = browse(new Browser.NewContextOptions());
        page.navigate("/");
        PlaywrightAssertions.assertThat(page).hasURL(Pattern.compile(".*/ui/login\\?next=.*"));

        page.getByLabel("Username").fill("alice");
        page.getByLabel("Password").fill("not-the-password");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).containsText("Cannot authenticate");
        page.getByLabel("Username").fill("   ");
        page.getByLabel("Password").fill(UiWorld.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).containsText("Enter your username");
        page.getByLabel("Username").fill("alice");
        page.getByLabel("Password").fill(UiWorld.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();

        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("My data").setLevel(1))).isVisible();
        assertThat(page.url()).endsWith("/ui/");
    }

    @Test
    @Order(2)
    void homeShowsMyRulesByStateWithProgressReasonsAndQuotas() {
        Page page = signedIn("alice");

        PlaywrightAssertions.assertThat(page.locator("#rules-STUCK")).containsText("ds.stuck");
        PlaywrightAssertions.assertThat(page.locator("#rules-STUCK .reason")).not().isEmpty();
        PlaywrightAssertions.assertThat(page.locator("#rules-REPLICATING")).containsText("ds.replicating");
        PlaywrightAssertions.assertThat(page.locator("#rules-REPLICATING progress")).hasAttribute("value", "0");
        PlaywrightAssertions.assertThat(page.locator("#rules-OK")).containsText("ds.ok");
        PlaywrightAssertions.assertThat(page.locator("#quotas")).containsText(UiWorld.RSE_A);
        assertThat(page.content()).doesNotContain("bob.ds");
    }

    @Test
    @Order(3)
    void theKeyboardReachesTheSkipLinkFirstAndItLeadsToTheContent() {
        Page page = signedIn("alice");

        page.keyboard().press("Tab");
        String focused = (String) page.evaluate("() => document.activeElement.textContent");
        page.keyboard().press("Enter");

        assertThat(focused).isEqualTo("Skip to content");
        assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("main");
    }

    @Test
    @Order(4)
    void theNamespaceIsSearchedByPatternAndFilterAndADatasetIsPaged() {
        Page page = signedIn("alice");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Namespace")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("user.alice")).click();

        page.getByLabel("Metadata filter").fill("nonsense");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).containsText("nonsense");
        page.getByLabel("Metadata filter").fill("project=cygno");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        PlaywrightAssertions.assertThat(page.locator("#results")).containsText("ds.ok");
        PlaywrightAssertions.assertThat(page.locator("#results")).not().containsText("ds.big");
        page.getByLabel("Metadata filter").fill("");
        page.getByLabel("Name pattern").fill("ds.b*");
        page.getByLabel("Type").selectOption("dataset");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("ds.big")).click();

        PlaywrightAssertions.assertThat(page.locator("#content")).containsText("user.alice:big.0099");
        page.locator("#next-page").click();
        PlaywrightAssertions.assertThat(page.locator("#content")).containsText("user.alice:big.0100");
        PlaywrightAssertions.assertThat(page.locator("#content")).not().containsText("user.alice:big.0099");
    }

    @Test
    @Order(5)
    void aDidPageShowsItsMetadataAsTextNeverAsCode() {
        Page page = signedIn("alice");
        AtomicBoolean dialog = new AtomicBoolean();
        page.onDialog(d -> {
            dialog.set(true);
            d.dismiss();
        });

        page.navigate(Format.didUrl(UiWorld.SCOPE, "ds.ok"));

        PlaywrightAssertions.assertThat(page.locator("#meta-keys")).containsText("<script>alert('x')</script>");
        PlaywrightAssertions.assertThat(page.locator("#replicas")).containsText("AVAILABLE");
        PlaywrightAssertions.assertThat(page.locator("#rules")).containsText("OK");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("user.alice:ok.file")).click();
        PlaywrightAssertions.assertThat(page.locator("#parents")).containsText("user.alice:ds.ok");
        assertThat(dialog).isFalse();
    }

    @Test
    @Order(6)
    void aRulesLifetimeIsExtendedAfterBadInputIsRefusedAndTheRuleIsDeleted() {
        String id = world.rule("alice", UiWorld.SCOPE, "ds.big", UiWorld.RSE_A);
        Page page = signedIn("alice");
        page.navigate("/ui/rules/" + id);

        page.getByLabel("New lifetime, in days from now").fill("abc");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set lifetime")).click();
        PlaywrightAssertions.assertThat(page.locator("#form-error")).containsText("whole number of days");
        PlaywrightAssertions.assertThat(page.locator("#rule-expires")).hasText("never");
        page.getByLabel("New lifetime, in days from now").fill("30");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set lifetime")).click();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("lifetime was changed");
        PlaywrightAssertions.assertThat(page.locator("#rule-expires")).not().hasText("never");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete this rule")).click();

        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("will be removed within the hour");
        assertThat(page.url()).contains("/ui/?deleted=");
    }

    @Test
    @Order(7)
    void anotherAccountsRuleOffersNoActionAndRefusesAForgedOne() {
        Page page = signedIn("bob");
        page.navigate("/ui/rules/" + world.okRule);
        PlaywrightAssertions.assertThat(page.locator("#no-actions")).containsText("Only the rule's owner (alice)");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Delete this rule"))).hasCount(0);
        String csrf = page.locator("input[name=csrf]").first().inputValue();

        APIResponse forged = context.request().post(url + "/ui/rules/" + world.okRule + "/delete",
                RequestOptions.create().setForm(FormData.create().set("csrf", csrf)).setMaxRedirects(0));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.text()).contains("Not allowed");
        assertThat(world.root.get("/rules/" + world.okRule).json().get("expires_at").isNull()).isTrue();
    }

    @Test
    @Order(8)
    void theRsesShowAttributesUsageAndProtocolsWithoutCredentials() {
        Page page = signedIn("alice");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("RSEs")).click();
        PlaywrightAssertions.assertThat(page.locator("#rses")).containsText("country=IT");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(UiWorld.RSE_A).setExact(true)).click();

        PlaywrightAssertions.assertThat(page.locator("#protocols")).containsText("file");
        PlaywrightAssertions.assertThat(page.locator("#rse-attributes")).containsText("(hidden)");
        assertThat(page.content()).doesNotContain(UiWorld.SECRET);
    }

    @Test
    @Order(9)
    void darkModeFollowsTheSystemAndAPhoneNeedsNoSideways() {
        Page dark = browse(new Browser.NewContextOptions().setColorScheme(ColorScheme.DARK).setViewportSize(375, 740));
        dark.navigate("/ui/login");
        Object darkBackground = dark.evaluate("() => getComputedStyle(document.body).backgroundColor");
        dark.getByLabel("Username").fill("alice");
        dark.getByLabel("Password").fill(UiWorld.PASSWORD);
        dark.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        PlaywrightAssertions.assertThat(dark.locator("#account")).hasText("alice");
        Object homeWidth = dark.evaluate("() => document.documentElement.scrollWidth");
        dark.navigate("/ui/rules/" + world.stuckRule);
        Object ruleWidth = dark.evaluate("() => document.documentElement.scrollWidth");
        context.close();
        Page light = browse(new Browser.NewContextOptions().setColorScheme(ColorScheme.LIGHT));
        light.navigate("/ui/login");

        assertThat(darkBackground).isEqualTo("rgb(13, 17, 23)");
        assertThat(light.evaluate("() => getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(255, 255, 255)");
        assertThat(((Number) homeWidth).intValue()).isLessThanOrEqualTo(375);
        assertThat(((Number) ruleWidth).intValue()).isLessThanOrEqualTo(375);
    }

    @Test
    @Order(10)
    void signingOutEndsTheSession() {
        Page page = signedIn("alice");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("You have signed out.");
        Response home = page.navigate("/ui/");

        assertThat(home.url()).contains("/ui/login");
    }

    /** Last: it runs the transfers, which changes the states the other tests look at. */
    @Test
    @Order(100)
    void aRulesProgressChangesOnThePageWithoutReloading() {
        Page page = signedIn("alice");
        page.navigate("/ui/rules/" + world.replicatingRule);
        PlaywrightAssertions.assertThat(page.locator("#rule-state")).hasText("REPLICATING");
        page.evaluate("() => { window.notReloaded = true; }");
        page.waitForTimeout(1_500);

        world.server.drainTransfers();

        PlaywrightAssertions.assertThat(page.locator("#rule-state")).hasText("STUCK", WAIT);
        PlaywrightAssertions.assertThat(page.locator("#locks-stuck")).hasText("1");
        assertThat(page.evaluate("() => window.notReloaded === true")).isEqualTo(true);
        assertThat(world.ruleState(world.replicatingRule)).isEqualTo("STUCK");
    }
}
