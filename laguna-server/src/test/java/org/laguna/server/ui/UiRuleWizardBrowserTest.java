package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Creating a rule, approving and denying rules, a rule's actions and downloads in a real Chromium:
 * the live RSE list and cost as the form is filled in, a policy that asks for approval, bad input in
 * each form, another account's rule, an account that approves nothing, and a phone's width in dark mode.
 */
class UiRuleWizardBrowserTest {
    private static UiRuleWorld rig;
    private static UiWorld world;
    private static String url;
    private static Chromium chromium;
    private BrowserContext context;

    @BeforeAll
    static void start() throws Exception {
        chromium = Chromium.launch();
        PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
        rig = UiRuleWorld.start();
        world = rig.world;
        url = rig.server.url();
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
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

    private Page signedIn(String account) {
        return signedIn(account, new Browser.NewContextOptions());
    }

    private Page signedIn(String account, Browser.NewContextOptions options) {
        context = chromium.browser().newContext(options.setBaseURL(url));
        context.setDefaultTimeout(20_000);
        Page page = context.newPage();
        page.navigate("/ui/login");
        page.getByLabel("Username").fill(account);
        page.getByLabel("Password").fill(UiWorld.PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        PlaywrightAssertions.assertThat(page.locator("#account")).hasText(account);
        return page;
    }

    @Test
    void aRuleIsMadeFromADidPageAfterTheWizardShowedTheRsesAndTheCost() {
        world.dataset(UiWorld.SCOPE, "br.one", List.of("br.one.a", "br.one.b"));
        Page page = signedIn("alice");
        page.navigate(Format.didUrl(UiWorld.SCOPE, "br.one"));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create a rule for this DID")).click();
        PlaywrightAssertions.assertThat(page.getByLabel("DIDs, one per line as scope:name")).hasValue("user.alice:br.one");

        page.getByLabel("RSE expression").pressSequentially("country=(", new Locator.PressSequentiallyOptions().setDelay(20));
        PlaywrightAssertions.assertThat(page.locator("#expression-error")).isVisible();
        page.getByLabel("RSE expression").fill("");
        page.getByLabel("RSE expression").pressSequentially("NOPE_RSE", new Locator.PressSequentiallyOptions().setDelay(20));
        PlaywrightAssertions.assertThat(page.locator("#expression-error")).containsText("empty set");
        page.getByLabel("RSE expression").fill(UiWorld.RSE_A + "|" + UiRuleWorld.S3_RSE);
        PlaywrightAssertions.assertThat(page.locator("#rse-table")).containsText(UiRuleWorld.S3_RSE);
        PlaywrightAssertions.assertThat(page.locator("#rse-table")).containsText("1.0 GB");
        PlaywrightAssertions.assertThat(page.locator("#cost-summary")).containsText("2 file(s)");
        page.getByLabel("Copies").fill("0");
        PlaywrightAssertions.assertThat(page.locator("#cost-error")).containsText("Copies must be 1 to 100");
        page.getByLabel("Copies").fill("2");
        PlaywrightAssertions.assertThat(page.locator("#cost-error")).containsText("nothing may be written there");
        page.getByLabel("Copies").fill("1");
        page.getByLabel("Lifetime in days").fill("7");
        page.getByLabel("Grouping").selectOption("ALL");
        page.getByLabel("Comment").fill("kept for a week");
        PlaywrightAssertions.assertThat(page.locator("#cost-table")).containsText(UiWorld.RSE_A);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create").setExact(true)).click();

        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("The rule was created.");
        PlaywrightAssertions.assertThat(page.locator("#rule-state")).hasText("OK");
        PlaywrightAssertions.assertThat(page.locator("#rule-expires")).not().hasText("never");
        assertThat(page.content()).contains("kept for a week").contains("ALL");
    }

    @Test
    void aDidIsPickedBySearchAndAPolicyThatAsksForApprovalTicksTheBoxAndIsHeldToIt() {
        world.dataset(UiWorld.SCOPE, "br.two", List.of("br.two.a"));
        Page page = signedIn("alice");
        page.navigate("/ui/rules/new");
        page.getByLabel("Find DIDs").pressSequentially("nocolon", new Locator.PressSequentiallyOptions().setDelay(20));
        PlaywrightAssertions.assertThat(page.locator("#search-error")).containsText("scope:pattern");
        page.getByLabel("Find DIDs").fill("");
        page.getByLabel("Find DIDs").pressSequentially("user.alice:br.t*", new Locator.PressSequentiallyOptions().setDelay(20));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add user.alice:br.two").setExact(true)).click();
        PlaywrightAssertions.assertThat(page.getByLabel("DIDs, one per line as scope:name")).hasValue("user.alice:br.two");
        page.getByLabel("RSE expression").fill(UiWorld.RSE_B);
        PlaywrightAssertions.assertThat(page.locator("#needs-approval")).containsText("carol");
        PlaywrightAssertions.assertThat(page.locator("input[name=ask_approval]")).isChecked();
        page.locator("input[name=ask_approval]").uncheck();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create").setExact(true)).click();
        PlaywrightAssertions.assertThat(page.locator("#form-error")).containsText("disk-b-needs-approval");
        assertThat(world.root.get("/rules?scope=user.alice&name=br.two").lines()).isEmpty();
        PlaywrightAssertions.assertThat(page.getByLabel("RSE expression")).hasValue(UiWorld.RSE_B);
        page.locator("input[name=ask_approval]").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create").setExact(true)).click();

        PlaywrightAssertions.assertThat(page.locator("#rule-state")).hasText("WAITING_APPROVAL");
    }

    @Test
    void anApproverSeesTheCountApprovesWithACommentAndMustSayWhyToDeny() {
        world.dataset(UiWorld.SCOPE, "br.three", List.of("br.three.a"));
        world.dataset(UiWorld.SCOPE, "br.four", List.of("br.four.a"));
        String approve = rig.pendingRule("br.three");
        String deny = rig.pendingRule("br.four");
        Page page = signedIn("carol");

        PlaywrightAssertions.assertThat(page.locator("#approvals-count")).isVisible();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^Approvals"))).click();
        Locator denyRow = page.locator("#pending-" + deny);
        PlaywrightAssertions.assertThat(denyRow).containsText("alice");
        denyRow.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Deny rule " + deny)).click();
        PlaywrightAssertions.assertThat(page.locator("#form-error")).containsText("Say why the rule is denied");
        page.locator("#pending-" + deny).getByLabel("Comment (needed to deny)").fill("RSE B is full this month");
        page.locator("#pending-" + deny).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Deny rule " + deny)).click();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("was denied");
        page.locator("#pending-" + approve).getByLabel("Comment (needed to deny)").fill("fine by me");
        page.locator("#pending-" + approve).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve rule " + approve)).click();

        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("was approved");
        PlaywrightAssertions.assertThat(page.locator("#pending-" + approve)).hasCount(0);
        assertThat(world.ruleState(approve)).isIn("REPLICATING", "STUCK", "OK");
        assertThat(world.root.get("/rules/" + deny).status()).isEqualTo(404);
    }

    @Test
    void anAccountThatApprovesNothingHasNoLinkAndIsRefusedThePage() {
        Page page = signedIn("bob");
        page.navigate("/ui/");
        page.waitForLoadState();
        page.waitForTimeout(500);

        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(Pattern.compile("^Approvals"))))
                .hasCount(0);
        page.navigate("/ui/approvals");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Not allowed"))).isVisible();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).containsText("approves no rule");
    }

    @Test
    void aRulesPriorityIsSetAfterBadInputAndTheRuleIsMovedWithItsRsesShownLive() {
        world.dataset(UiWorld.SCOPE, "br.five", List.of("br.five.a"));
        String id = world.rule("alice", UiWorld.SCOPE, "br.five", UiWorld.RSE_A);
        Page page = signedIn("alice");
        page.navigate("/ui/rules/" + id);

        page.getByLabel(Pattern.compile("^Priority of its transfers")).fill("7");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set priority")).click();
        PlaywrightAssertions.assertThat(page.locator("#form-error")).containsText("0 to 5");
        page.getByLabel(Pattern.compile("^Priority of its transfers")).fill("4");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set priority")).click();
        PlaywrightAssertions.assertThat(page.locator("#rule-priority")).hasText("4");
        page.getByLabel("Move to the RSEs of").fill("NOPE_RSE");
        PlaywrightAssertions.assertThat(page.locator("#expression-error")).containsText("empty set");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Move")).click();
        PlaywrightAssertions.assertThat(page.locator("#form-error")).containsText("empty set");
        page.getByLabel("Move to the RSEs of").fill("country=IT");
        PlaywrightAssertions.assertThat(page.locator("#rse-table")).containsText(UiWorld.RSE_A);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Move")).click();

        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("replaces the rule " + id);
        page.navigate("/ui/rules/" + id);
        PlaywrightAssertions.assertThat(page.locator("#rule-child")).isVisible();
        PlaywrightAssertions.assertThat(page.locator("#history")).containsText("created");
    }

    @Test
    void anotherAccountsRuleOffersNoActionAndAForgedPriorityIsRefused() {
        Page page = signedIn("bob");
        page.navigate("/ui/rules/" + world.okRule);
        PlaywrightAssertions.assertThat(page.locator("#no-actions")).isVisible();
        PlaywrightAssertions.assertThat(page.locator("#form-priority")).hasCount(0);
        String csrf = page.locator("input[name=csrf]").first().inputValue();

        APIResponse forged = context.request().post(url + "/ui/rules/" + world.okRule + "/priority",
                RequestOptions.create().setForm(FormData.create().set("csrf", csrf).set("priority", "5")).setMaxRedirects(0));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(world.root.get("/rules/" + world.okRule).json().get("priority").asInt()).isEqualTo(3);
    }

    @Test
    void aFileIsDownloadedThroughASignedLinkAndTheStoragesKeyNeverReachesTheBrowser() {
        Page page = signedIn("alice");
        page.navigate(Format.didUrl(UiWorld.SCOPE, UiRuleWorld.DOWNLOAD));
        Locator link = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download from " + UiRuleWorld.S3_RSE));
        PlaywrightAssertions.assertThat(link).isVisible();
        String href = link.getAttribute("href");

        APIResponse redirect = context.request().get(url + href, RequestOptions.create().setMaxRedirects(0));
        APIResponse file = context.request().get(url + href);

        assertThat(redirect.status()).isEqualTo(303);
        assertThat(redirect.headers().get("location")).contains("X-Amz-Signature=").doesNotContain(UiRuleWorld.S3_SECRET);
        assertThat(file.text()).isEqualTo(UiRuleWorld.DOWNLOAD_TEXT);
        assertThat(page.content()).doesNotContain(UiRuleWorld.S3_SECRET);
    }

    @Test
    void theWizardFitsAPhoneInDarkMode() {
        Page page = signedIn("alice", new Browser.NewContextOptions().setColorScheme(ColorScheme.DARK).setViewportSize(375, 740));
        page.navigate("/ui/rules/new?dids=" + Format.encode(UiWorld.SCOPE + ":ds.ok") + "&expression=" + Format.encode("*"));
        PlaywrightAssertions.assertThat(page.locator("#rse-table")).isVisible();

        assertThat(((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue()).isLessThanOrEqualTo(375);
        assertThat(page.evaluate("() => getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(13, 17, 23)");
    }
}
