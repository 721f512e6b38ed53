package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import java.util.Map;
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
 * The pages of subscriptions, lifetime exceptions, the audit log and the events, and home's approvals
 * and events, in a real Chromium: each action, a refused one, and bad input in each form.
 */
@ExtendWith(ServerPerClass.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiOversightBrowserTest {
    private static OversightWorld world;
    private static String url;
    private static Chromium chromium;
    private BrowserContext context;

    @BeforeAll
    static void start(TestServer server) {
        chromium = Chromium.launch();
        world = new OversightWorld(new UiWorld(server));
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

    private Page signedIn(String account, String password) {
        context = chromium.browser().newContext(new Browser.NewContextOptions().setBaseURL(url));
        context.setDefaultTimeout(20_000);
        Page page = context.newPage();
        page.navigate("/ui/");
        page.getByLabel("Username").fill(account);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        PlaywrightAssertions.assertThat(page.locator("#account")).hasText(account);
        return page;
    }

    private static void click(Page page, String button) {
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(button).setExact(true)).click();
    }

    @Test
    @Order(1)
    void homeShowsTheRulesWaitingForMyApprovalAndTheEventsOfMyRules() {
        Page bob = signedIn("bob", UiWorld.PASSWORD);
        PlaywrightAssertions.assertThat(bob.locator("#approvals")).containsText("ds.wait");
        bob.locator("#approvals").getByRole(AriaRole.LINK, new Locator.GetByRoleOptions()
                .setName(world.waitingRule.substring(0, 8))).click();
        PlaywrightAssertions.assertThat(bob.locator("#rule-state")).hasText("WAITING_APPROVAL");
        context.close();

        Page alice = signedIn("alice", UiWorld.PASSWORD);
        PlaywrightAssertions.assertThat(alice.locator("#recent-events")).containsText("RULE_STUCK");
        PlaywrightAssertions.assertThat(alice.locator("#approvals")).hasCount(0);
    }

    @Test
    @Order(2)
    void aSubscriptionIsEditedAfterBadInputIsRefusedThenDisabledAndEnabled() {
        Page page = signedIn("alice", UiWorld.PASSWORD);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Subscriptions")).click();
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(OversightWorld.ALICE_SUBSCRIPTION)).click();
        PlaywrightAssertions.assertThat(page.locator("#filter")).containsText("user.alice");

        page.getByLabel("Filter (JSON object)").fill("{\"scope\": ");
        click(page, "Save changes");
        PlaywrightAssertions.assertThat(page.locator("#form-error")).containsText("not valid JSON");
        PlaywrightAssertions.assertThat(page.getByLabel("Filter (JSON object)")).hasValue("{\"scope\": ");
        page.getByLabel("Filter (JSON object)").fill("{\"scope\": [\"user.alice\"], \"pattern\": \"raw.*\"}");
        page.getByLabel("Comments").fill("raw data only");
        click(page, "Save changes");
        PlaywrightAssertions.assertThat(page.getByRole(AriaRole.STATUS)).containsText("was changed");
        PlaywrightAssertions.assertThat(page.locator("#filter")).containsText("raw.*");
        click(page, "Disable");
        PlaywrightAssertions.assertThat(page.locator("#subscription-state")).hasText("INACTIVE");
        click(page, "Enable");

        PlaywrightAssertions.assertThat(page.locator("#subscription-state")).hasText("ACTIVE");
        assertThat(world.subscriptionState("alice", OversightWorld.ALICE_SUBSCRIPTION)).isEqualTo("ACTIVE");
    }

    @Test
    @Order(3)
    void anotherAccountsSubscriptionOffersNoFormAndRefusesAForgedOne() {
        Page page = signedIn("bob", UiWorld.PASSWORD);
        page.navigate(SubscriptionPages.url("alice", OversightWorld.ALICE_SUBSCRIPTION));
        PlaywrightAssertions.assertThat(page.locator("#no-actions")).containsText("Only the subscription's owner (alice)");
        String csrf = page.locator("input[name=csrf]").first().inputValue();

        APIResponse forged = context.request().post(url + SubscriptionPages.url("alice", OversightWorld.ALICE_SUBSCRIPTION) + "/state",
                RequestOptions.create().setForm(FormData.create().set("csrf", csrf).set("state", "INACTIVE")).setMaxRedirects(0));

        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.text()).contains("Not allowed");
        assertThat(world.subscriptionState("alice", OversightWorld.ALICE_SUBSCRIPTION)).isNotEqualTo("INACTIVE");
    }

    @Test
    @Order(4)
    void aLifetimeExceptionIsAskedForAfterBadInputAndAnAdministratorApprovesOne() {
        Page alice = signedIn("alice", UiWorld.PASSWORD);
        alice.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Lifetime exceptions")).click();
        alice.getByLabel("DIDs, one scope:name a line").fill("ds.ok");
        click(alice, "Ask for the exception");
        PlaywrightAssertions.assertThat(alice.locator("#form-error")).containsText("scope:name");
        alice.getByLabel("DIDs, one scope:name a line").fill("user.alice:ds.big");
        alice.getByLabel("Why they must stay").fill("calibration");
        click(alice, "Ask for the exception");
        PlaywrightAssertions.assertThat(alice.getByRole(AriaRole.STATUS)).containsText("request was recorded");
        PlaywrightAssertions.assertThat(alice.locator("#exceptions")).containsText("user.alice:ds.big");
        PlaywrightAssertions.assertThat(alice.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve"))).hasCount(0);
        String csrf = alice.locator("input[name=csrf]").first().inputValue();
        APIResponse forged = context.request().post(url + "/ui/lifetime-exceptions/" + world.bobException + "/decision",
                RequestOptions.create().setForm(FormData.create().set("csrf", csrf).set("decision", "APPROVED")).setMaxRedirects(0));
        assertThat(forged.status()).isEqualTo(403);
        context.close();

        Page root = signedIn("root", OversightWorld.ROOT_PASSWORD);
        root.navigate("/ui/lifetime-exceptions");
        root.locator("#exception-" + world.bobException).getByRole(AriaRole.BUTTON,
                new Locator.GetByRoleOptions().setName("Approve")).click();

        PlaywrightAssertions.assertThat(root.getByRole(AriaRole.STATUS)).containsText("was approved");
        assertThat(world.exceptionState(world.bobException)).isEqualTo("APPROVED");
    }

    @Test
    @Order(5)
    void theAuditLogIsFilteredAfterABadDateAndRefusesAnotherAccountsEntries() {
        Page bob = signedIn("bob", UiWorld.PASSWORD);
        bob.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Audit log")).click();
        PlaywrightAssertions.assertThat(bob.locator("#entries")).containsText("update_subscription");
        bob.getByLabel("From").fill("last week");
        click(bob, "Filter");
        PlaywrightAssertions.assertThat(bob.locator("#audit-error")).containsText("last week");
        bob.getByLabel("From").fill("");
        bob.getByLabel("Outcome").selectOption("DENIED");
        click(bob, "Filter");
        PlaywrightAssertions.assertThat(bob.locator("#entries")).containsText("DENIED");
        PlaywrightAssertions.assertThat(bob.locator("#entries .badge-SUCCESS")).hasCount(0);
        bob.getByLabel("Account").fill("alice");
        click(bob, "Filter");

        PlaywrightAssertions.assertThat(bob.locator("#audit-error")).containsText("only its own");
    }

    @Test
    @Order(6)
    void theEventsAreFilteredByTypeForAnAdministratorAndRefusedToOthers() {
        Page root = signedIn("root", OversightWorld.ROOT_PASSWORD);
        root.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Events")).click();
        PlaywrightAssertions.assertThat(root.locator("#events")).containsText("REGISTER_DTS");
        root.getByLabel("Event type").fill("RULE_STUCK");
        click(root, "Show");
        PlaywrightAssertions.assertThat(root.locator("#events")).containsText("ds.stuck");
        PlaywrightAssertions.assertThat(root.locator("#events")).not().containsText("REGISTER_DTS");
        root.getByLabel("Event type").fill("not a type!");
        click(root, "Show");
        PlaywrightAssertions.assertThat(root.locator("#events-error")).containsText("not a type!");
        root.locator("#show").selectOption("pending");
        root.getByLabel("Event type").fill("RULE_APPROVAL_REQUESTED");
        click(root, "Show");
        PlaywrightAssertions.assertThat(root.locator("#events")).containsText(world.waitingRule);
        context.close();

        Page alice = signedIn("alice", UiWorld.PASSWORD);
        alice.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Events")).click();
        PlaywrightAssertions.assertThat(alice.getByRole(AriaRole.ALERT)).containsText("can not list messages");
    }

    /** Records the audit entries {@link #theAuditLogIsFilteredAfterABadDateAndRefusesAnotherAccountsEntries} looks for. */
    @Test
    @Order(0)
    void aRefusedChangeIsRecorded() {
        UiClient bob = new UiClient(url);
        bob.signIn("bob", UiWorld.PASSWORD);
        bob.get(SubscriptionPages.url("alice", OversightWorld.ALICE_SUBSCRIPTION));

        assertThat(bob.post(SubscriptionPages.url("alice", OversightWorld.ALICE_SUBSCRIPTION) + "/state", Map.of("state", "INACTIVE"))
                .status()).isEqualTo(403);
    }
}
