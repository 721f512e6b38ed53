package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.ColorScheme;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/**
 * The transfers, accounts and RSE administration pages in a real Chromium: the matrix, the chart and
 * the failures over a window typed in; an administrator setting and deleting a quota and an attribute,
 * suspending and reactivating an account, editing an RSE's attributes, limits and availability; bad
 * input in each form; an account that does not administer refused the accounts pages and an RSE's
 * changes; a phone's width in dark mode.
 */
@ExtendWith(ServerPerClass.class)
class UiAdminBrowserTest {
    private static UiWorld world;
    private static String url;
    private static Chromium chromium;
    private BrowserContext context;

    @BeforeAll
    static void start(TestServer server) {
        chromium = Chromium.launch();
        world = new UiWorld(server);
        AdminWorld.addAdministrator(world, "dora");
        AdminWorld.doneTransfers(world, 4, 3_000_000L, 3);
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

    private Page signedIn(String account) {
        return signedIn(account, new Browser.NewContextOptions());
    }

    private static void click(Page page, String button) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(button).setExact(true)).click();
    }

    @Test
    void theTransfersPageShowsTheMatrixTheChartAndTheFailuresOfTheWindowTypedIn() {
        Page page = signedIn("alice");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Transfers")).click();

        PlaywrightAssertions.assertThat(page.locator("#matrix .done").first()).hasText("4");
        PlaywrightAssertions.assertThat(page.locator("#matrix")).containsText("12.0 MB");
        PlaywrightAssertions.assertThat(page.locator("#failures")).containsText(UiWorld.RSE_B);
        PlaywrightAssertions.assertThat(page.locator("#pending")).containsText(UiWorld.RSE_B);
        assertThat(page.locator("#throughput svg rect.bar").count()).isEqualTo(TransferPages.SLOTS);
        assertThat(page.locator("#throughput svg").boundingBox().height).isGreaterThan(50);
        page.getByText("The figures per slot").click();
        PlaywrightAssertions.assertThat(page.locator("#throughput-table")).containsText("12.0 MB");

        page.getByLabel("Window, in hours").fill("a week");
        click(page, "Show");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).containsText("whole number of hours");
        page.getByLabel("Window, in hours").fill("1");
        click(page, "Show");
        PlaywrightAssertions.assertThat(page.locator("#matrix")).not().containsText("12.0 MB");
        PlaywrightAssertions.assertThat(page.locator("#total-done")).hasText("0");
    }

    @Test
    void anAccountThatDoesNotAdministerIsRefusedTheAccountsPages() {
        Page page = signedIn("alice");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Accounts")).click();

        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Not allowed"))).isVisible();
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).containsText("administrators only");
        String csrf = page.locator("input[name=csrf]").first().inputValue();
        APIResponse forged = context.request().post(url + "/ui/accounts/alice/quotas", RequestOptions.create()
                .setForm(FormData.create().set("csrf", csrf).set("kind", "rse").set("target", UiWorld.RSE_B).set("bytes", "1 PB")).setMaxRedirects(0));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(world.root.get("/accounts/alice/limits/local/" + UiWorld.RSE_B).json().get(UiWorld.RSE_B).asLong()).isEqualTo(1_000_000_000L);
    }

    @Test
    void anAdministratorSetsAndDeletesAQuotaAndAnAttributeAfterBadInput() {
        Page page = signedIn("dora");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Accounts")).click();
        page.getByLabel("Account name").fill("c*");
        click(page, "Search");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("carol").setExact(true)).click();
        PlaywrightAssertions.assertThat(page.locator("#identities")).containsText("USERPASS");

        page.getByLabel("Quota on", new Page.GetByLabelOptions().setExact(true)).selectOption("rse");
        page.getByLabel("RSE or RSE expression").fill(UiWorld.RSE_B);
        page.getByLabel("Bytes").fill("plenty");
        click(page, "Set quota");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).containsText("'plenty'");
        page.getByLabel("Quota on", new Page.GetByLabelOptions().setExact(true)).selectOption("expression");
        page.getByLabel("RSE or RSE expression").fill("country=IT");
        page.getByLabel("Bytes").fill("3 GB");
        click(page, "Set quota");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("The quota was set.");
        PlaywrightAssertions.assertThat(page.locator("#quotas")).containsText("country=IT");
        PlaywrightAssertions.assertThat(page.locator("#quotas")).containsText("3.0 GB");
        click(page, "Delete the quota on country=IT");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("The quota was deleted.");
        PlaywrightAssertions.assertThat(page.locator("#quotas")).not().containsText("country=IT");

        page.getByLabel("Key", new Page.GetByLabelOptions().setExact(true)).fill("no spaces allowed");
        page.getByLabel("Value", new Page.GetByLabelOptions().setExact(true)).fill("x");
        click(page, "Add attribute");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).isVisible();
        page.getByLabel("Key", new Page.GetByLabelOptions().setExact(true)).fill("experiment");
        page.getByLabel("Value", new Page.GetByLabelOptions().setExact(true)).fill("cygno");
        click(page, "Add attribute");
        PlaywrightAssertions.assertThat(page.locator("#attributes")).containsText("cygno");
        click(page, "Delete the attribute experiment");
        PlaywrightAssertions.assertThat(page.locator("#attributes")).not().containsText("cygno");
        assertThat(world.root.get("/accounts/carol/attr").body()).doesNotContain("experiment");
    }

    @Test
    void anAdministratorSuspendsAnAccountAndReactivatesIt() {
        Page page = signedIn("dora");
        page.navigate("/ui/accounts/bob");

        click(page, "Suspend");
        PlaywrightAssertions.assertThat(page.locator("#account-status")).hasText("SUSPENDED");
        assertThat(world.root.get("/accounts/bob").json().get("status").asText()).isEqualTo("SUSPENDED");
        click(page, "Reactivate");

        PlaywrightAssertions.assertThat(page.locator("#account-status")).hasText("ACTIVE");
        assertThat(world.root.get("/accounts/bob").json().get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void anAccountThatDoesNotAdministerSeesAnRseWithItsDistancesButCannotEditIt() {
        Page page = signedIn("alice");
        page.navigate("/ui/rses/" + UiWorld.RSE_A);

        PlaywrightAssertions.assertThat(page.locator("#distance-table")).containsText(UiWorld.RSE_B);
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set attribute"))).hasCount(0);
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Set availability"))).hasCount(0);
        String csrf = page.locator("input[name=csrf]").first().inputValue();
        APIResponse forged = context.request().post(url + "/ui/rses/" + UiWorld.RSE_A + "/availability", RequestOptions.create()
                .setForm(FormData.create().set("csrf", csrf)).setMaxRedirects(0));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.text()).contains("Not allowed");
        assertThat(world.root.get("/rses/" + UiWorld.RSE_A).json().get("availability_read").asBoolean()).isTrue();
    }

    @Test
    void anAdministratorEditsAnRsesAttributesLimitsAndAvailabilityAfterBadInput() {
        Page page = signedIn("dora");
        page.navigate("/ui/rses/" + UiWorld.RSE_B);

        page.getByLabel("Key", new Page.GetByLabelOptions().setExact(true)).fill("site");
        page.getByLabel("Value", new Page.GetByLabelOptions().setExact(true)).fill("cnaf");
        click(page, "Set attribute");
        PlaywrightAssertions.assertThat(page.locator("#rse-attributes")).containsText("cnaf");
        page.getByLabel("Limit", new Page.GetByLabelOptions().setExact(true)).fill("MinFreeSpace");
        page.getByLabel("Value (bytes, or 5 TB)").fill("a lot");
        click(page, "Set limit");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.ALERT)).containsText("'a lot'");
        page.getByLabel("Limit", new Page.GetByLabelOptions().setExact(true)).fill("MinFreeSpace");
        page.getByLabel("Value (bytes, or 5 TB)").fill("2 TB");
        click(page, "Set limit");
        PlaywrightAssertions.assertThat(page.locator("#rse-limits")).containsText("MinFreeSpace");
        page.getByLabel("write").uncheck();
        click(page, "Set availability");
        PlaywrightAssertions.assertThat(page.locator("#rse-write")).hasText("unavailable");
        assertThat(world.root.get("/rses/" + UiWorld.RSE_B).json().get("availability_write").asBoolean()).isFalse();

        page.getByLabel("write").check();
        click(page, "Set availability");
        PlaywrightAssertions.assertThat(page.locator("#rse-write")).hasText("available");
        click(page, "Delete the attribute site");
        PlaywrightAssertions.assertThat(page.locator("#attributes")).not().containsText("cnaf");
        click(page, "Delete the limit MinFreeSpace");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("The limit was deleted.");
    }

    @Test
    void theNewPagesFitAPhoneInDarkMode() {
        Page page = signedIn("dora", new Browser.NewContextOptions().setColorScheme(ColorScheme.DARK).setViewportSize(375, 740));
        int widest = 0;
        for (String path : new String[] {"/ui/transfers", "/ui/accounts", "/ui/accounts/alice", "/ui/rses/" + UiWorld.RSE_A}) {
            page.navigate(path);
            widest = Math.max(widest, ((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue());
        }

        assertThat(page.evaluate("() => getComputedStyle(document.body).backgroundColor")).isEqualTo("rgb(13, 17, 23)");
        assertThat(widest).isLessThanOrEqualTo(375);
    }
}
