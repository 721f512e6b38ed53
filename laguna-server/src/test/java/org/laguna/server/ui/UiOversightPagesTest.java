package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/**
 * The pages of subscriptions, lifetime exceptions, the audit log and the events, and home's approvals
 * and events, read on the server's answers: what they render, bad input in each form, and what the
 * same permission checks as the REST API refuse.
 */
@ExtendWith(ServerPerClass.class)
class UiOversightPagesTest {
    private static OversightWorld world;
    private static String url;
    private static UiClient alice;
    private static UiClient bob;
    private static UiClient root;

    @BeforeAll
    static void start(TestServer server) {
        world = new OversightWorld(new UiWorld(server));
        url = server.url();
        alice = signedIn("alice", UiWorld.PASSWORD);
        bob = signedIn("bob", UiWorld.PASSWORD);
        root = signedIn("root", OversightWorld.ROOT_PASSWORD);
    }

    private static UiClient signedIn(String account, String password) {
        UiClient client = new UiClient(url);
        assertThat(client.signIn(account, password).status()).isEqualTo(303);
        return client;
    }

    private static String aliceSubscription() {
        return SubscriptionPages.url("alice", OversightWorld.ALICE_SUBSCRIPTION);
    }

    @Test
    void theSubscriptionsAreListedAndOneShowsItsFilterRulesAndForms() {
        String list = alice.get("/ui/subscriptions").body();
        String onlyBob = alice.get("/ui/subscriptions?account=bob").body();
        String page = alice.get(aliceSubscription()).body();

        assertThat(list).contains(OversightWorld.ALICE_SUBSCRIPTION).contains(OversightWorld.BOB_SUBSCRIPTION);
        assertThat(onlyBob).contains(OversightWorld.BOB_SUBSCRIPTION).doesNotContain(OversightWorld.ALICE_SUBSCRIPTION);
        assertThat(alice.get("/ui/subscriptions?account=nobody").body()).contains("has no subscription");
        assertThat(section(page, "filter")).contains("user.alice");
        assertThat(section(page, "replication-rules")).contains(UiWorld.RSE_B);
        assertThat(section(page, "rule-states")).contains("no rule yet");
        assertThat(page).contains("/state\"").contains("/edit\"").contains(">Disable<");
        assertThat(alice.get(SubscriptionPages.url("alice", "no-such")).status()).isEqualTo(404);
    }

    @Test
    void anotherAccountsSubscriptionOffersNoFormAndRefusesAForgedChange() {
        String page = bob.get(aliceSubscription()).body();

        UiClient.Page disable = bob.post(aliceSubscription() + "/state", Map.of("state", "INACTIVE"));
        UiClient.Page edit = bob.post(aliceSubscription() + "/edit", Map.of("filter", "{\"scope\": [\"user.bob\"]}",
                "replication_rules", "[{\"copies\": 1, \"rse_expression\": \"" + UiWorld.RSE_A + "\"}]"));

        assertThat(page).contains("Only the subscription's owner (alice)").doesNotContain("/edit\"");
        assertThat(disable.status()).isEqualTo(403);
        assertThat(edit.status()).isEqualTo(403);
        assertThat(world.subscriptionState("alice", OversightWorld.ALICE_SUBSCRIPTION)).isNotEqualTo("INACTIVE");
    }

    @Test
    void aSubscriptionIsDisabledEnabledAndEditedAfterBadInputIsRefused() {
        alice.get(aliceSubscription());
        UiClient.Page notJson = alice.post(aliceSubscription() + "/edit", Map.of("filter", "{scope", "replication_rules", "[]"));
        UiClient.Page notAList = alice.post(aliceSubscription() + "/edit", Map.of("filter", "{\"scope\": [\"user.alice\"]}",
                "replication_rules", "{\"copies\": 1}"));
        UiClient.Page badState = alice.post(aliceSubscription() + "/state", Map.of("state", "BROKEN"));
        String before = world.ui.root.get("/subscriptions/alice/" + OversightWorld.ALICE_SUBSCRIPTION).lines().getFirst().get("filter").asText();

        UiClient.Page disabled = alice.post(aliceSubscription() + "/state", Map.of("state", "INACTIVE"));
        String stateDisabled = world.subscriptionState("alice", OversightWorld.ALICE_SUBSCRIPTION);
        UiClient.Page enabled = alice.post(aliceSubscription() + "/state", Map.of("state", "ACTIVE"));
        UiClient.Page edited = alice.post(aliceSubscription() + "/edit", Map.of("filter", "{\"scope\": [\"user.alice\"], \"did_type\": [\"DATASET\"]}",
                "replication_rules", "[{\"copies\": 1, \"rse_expression\": \"" + UiWorld.RSE_B + "\"}]", "comments", "datasets only",
                "priority", "4"));

        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body()).contains("id=\"form-error\"").contains("not valid JSON").contains("{scope");
        assertThat(notAList.status()).isEqualTo(400);
        assertThat(notAList.body()).contains("must be a JSON list");
        assertThat(badState.status()).isEqualTo(400);
        assertThat(before).doesNotContain("DATASET");
        assertThat(disabled.status()).isEqualTo(303);
        assertThat(stateDisabled).isEqualTo("INACTIVE");
        assertThat(enabled.status()).isEqualTo(303);
        assertThat(edited.status()).isEqualTo(303);
        assertThat(edited.header("Location")).isEqualTo(aliceSubscription() + "?changed=1");
        var stored = world.ui.root.get("/subscriptions/alice/" + OversightWorld.ALICE_SUBSCRIPTION).lines().getFirst();
        assertThat(stored.get("filter").asText()).contains("DATASET");
        assertThat(stored.get("comments").asText()).isEqualTo("datasets only");
        assertThat(stored.get("policyid").asInt()).isEqualTo(4);
    }

    @Test
    void aLifetimeExceptionIsAskedForAfterBadInputIsRefusedAndOnlyAnAdministratorDecides() {
        alice.get("/ui/lifetime-exceptions");
        UiClient.Page noColon = alice.post("/ui/lifetime-exceptions", Map.of("dids", "ds.ok", "comments", "x"));
        UiClient.Page badDate = alice.post("/ui/lifetime-exceptions", Map.of("dids", "user.alice:ds.ok", "expires", "next tuesday"));
        UiClient.Page unknown = alice.post("/ui/lifetime-exceptions", Map.of("dids", "user.alice:no.such"));
        UiClient.Page asked = alice.post("/ui/lifetime-exceptions", Map.of("dids", "user.alice:ds.ok\nuser.alice:gone.ds",
                "comments", "thesis data", "expires", "2099-01-31"));
        String waiting = alice.get("/ui/lifetime-exceptions").body();
        String id = world.ui.root.get("/lifetime_exceptions").lines().stream().filter(line -> line.get("name").asText().equals("ds.ok"))
                .findFirst().orElseThrow().get("id").asText();

        UiClient.Page aliceDecides = alice.post("/ui/lifetime-exceptions/" + id + "/decision", Map.of("decision", "APPROVED"));
        String stillWaiting = world.exceptionState(id);
        root.get("/ui/lifetime-exceptions");
        UiClient.Page nonsense = root.post("/ui/lifetime-exceptions/" + id + "/decision", Map.of("decision", "MAYBE"));
        UiClient.Page approved = root.post("/ui/lifetime-exceptions/" + id + "/decision", Map.of("decision", "APPROVED"));

        assertThat(noColon.status()).isEqualTo(400);
        assertThat(noColon.body()).contains("scope:name").contains("id=\"form-error\"");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body()).contains("next tuesday");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(asked.status()).isEqualTo(303);
        assertThat(asked.header("Location")).contains("unknown=user.alice%3Agone.ds");
        assertThat(section(waiting, "requests")).contains("user.alice:ds.ok").contains("thesis data").contains("2099-02-01")
                .doesNotContain("Approve");
        assertThat(aliceDecides.status()).isEqualTo(403);
        assertThat(stillWaiting).isEqualTo("WAITING");
        assertThat(nonsense.status()).isEqualTo(400);
        assertThat(approved.status()).isEqualTo(303);
        assertThat(world.exceptionState(id)).isEqualTo("APPROVED");
        assertThat(root.get("/ui/lifetime-exceptions").body()).contains("id=\"exception-" + world.bobException + "\"").contains("Approve");
        assertThat(root.get("/ui/lifetime-exceptions?state=APPROVED").body()).contains("user.alice:ds.ok");
    }

    @Test
    void theAuditLogShowsEveryoneToAnAdministratorAndOthersTheirOwn() {
        bob.get(aliceSubscription());
        bob.post(aliceSubscription() + "/state", Map.of("state", "INACTIVE"));

        String bobsOwn = bob.get("/ui/audit").body();
        UiClient.Page bobAsksAlice = bob.get("/ui/audit?account=alice");
        String rootDenied = root.get("/ui/audit?outcome=denied&account=bob").body();
        String rootAll = root.get("/ui/audit").body();

        assertThat(section(bobsOwn, "entries-title")).contains("update_subscription").contains("DENIED").doesNotContain(">root<");
        assertThat(bobAsksAlice.status()).isEqualTo(403);
        assertThat(bobAsksAlice.body()).contains("id=\"audit-error\"").contains("only its own");
        assertThat(rootDenied).contains("update_subscription").doesNotContain("badge-SUCCESS");
        assertThat(rootAll).contains(">root<").contains(">bob<");
    }

    @Test
    void theAuditLogRefusesBadFiltersAndPagesByTime() {
        UiClient.Page badDate = root.get("/ui/audit?from=yesterday");
        UiClient.Page backwards = root.get("/ui/audit?from=2026-12-05&to=2026-12-01");
        UiClient.Page badOutcome = root.get("/ui/audit?outcome=MAYBE");
        UiClient.Page future = root.get("/ui/audit?from=2999-01-01");
        for (int i = 0; i < AuditPages.PAGE_SIZE + 5; i++) {
            world.ui.root.post("/rses/" + UiWorld.RSE_A + "/attr/page" + i, Map.of("value", "x"));
        }
        String first = root.get("/ui/audit?account=root&action=add_rse_attribute").body();
        String older = first.replaceAll("(?s).*href=\"([^\"]+)\" rel=\"next\" id=\"older-page\".*", "$1").replace("&amp;", "&");
        String second = root.get(older).body();

        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body()).contains("yesterday").contains("id=\"audit-error\"");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(badOutcome.status()).isEqualTo(400);
        assertThat(future.body()).contains("No entry matches");
        assertThat(count(first, "add_rse_attribute</td>")).isEqualTo(AuditPages.PAGE_SIZE);
        assertThat(first).contains("id=\"older-page\"");
        assertThat(count(second, "add_rse_attribute</td>")).isGreaterThanOrEqualTo(5);
        assertThat(second).doesNotContain("page" + (AuditPages.PAGE_SIZE + 4) + "<");
    }

    @Test
    void theEventsAreForAdministratorsByTypeDeliveredOrPending() {
        UiClient.Page denied = alice.get("/ui/events");
        String history = root.get("/ui/events").body();
        String stuck = root.get("/ui/events?type=RULE_STUCK").body();
        String pending = root.get("/ui/events?show=pending&type=RULE_APPROVAL_REQUESTED").body();
        UiClient.Page badType = root.get("/ui/events?type=" + Format.encode("no such!"));
        UiClient.Page badBefore = root.get("/ui/events?before_id=abc");

        assertThat(denied.status()).isEqualTo(403);
        assertThat(section(history, "events-title")).contains("REGISTER_DTS").contains("ui-test");
        assertThat(section(stuck, "events-title")).contains("RULE_STUCK").doesNotContain(">CREATE_DTS<");
        assertThat(pending).contains("RULE_APPROVAL_REQUESTED").contains(world.waitingRule.replace("-", ""));
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.body()).contains("id=\"events-error\"");
        assertThat(badBefore.status()).isEqualTo(400);
    }

    @Test
    void homeListsTheRulesWaitingForMyApprovalAndTheEventsOfMyRules() {
        String bobsHome = bob.get("/ui/").body();
        String alicesHome = alice.get("/ui/").body();
        String rootsHome = root.get("/ui/").body();

        assertThat(section(bobsHome, "approvals")).contains("ds.wait").contains("alice");
        assertThat(alicesHome).doesNotContain("id=\"approvals\"");
        assertThat(section(rootsHome, "approvals")).contains("ds.wait");
        assertThat(section(alicesHome, "recent-events")).contains("RULE_STUCK").contains("ds.stuck")
                .contains("RULE_APPROVAL_REQUESTED").contains("/ui/rules/" + world.ui.stuckRule);
        assertThat(section(bobsHome, "recent-events")).doesNotContain("ds.stuck");
    }

    @Test
    void aPostWithoutTheCsrfTokenOrASessionChangesNothing() {
        UiClient anonymous = new UiClient(url);
        UiClient.Page noSession = anonymous.post("/ui/lifetime-exceptions/" + world.bobException + "/decision", Map.of("decision", "APPROVED"));
        root.get("/ui/lifetime-exceptions");
        UiClient.Page forged = root.post("/ui/lifetime-exceptions/" + world.bobException + "/decision",
                Map.of("csrf", "forged", "decision", "APPROVED"));

        assertThat(noSession.status()).isEqualTo(401);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(world.exceptionState(world.bobException)).isEqualTo("WAITING");
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** The part of a page from the element of that id to the end of its section. */
    private static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("element " + id + " on the page").isNotNegative();
        int end = page.indexOf("</section>", start);
        return page.substring(start, end < 0 ? page.length() : end);
    }
}
