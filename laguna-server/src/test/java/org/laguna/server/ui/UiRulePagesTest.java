package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rule wizard, the approvals and the rule's actions as the server renders them, and the download
 * links, read on the wire with a real catalogue (the browser tests see the same in Chromium).
 */
class UiRulePagesTest {
    private static UiRuleWorld rig;
    private static UiWorld world;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        rig = UiRuleWorld.start();
        world = rig.world;
        url = rig.server.url();
    }

    @AfterAll
    static void stop() throws Exception {
        if (rig != null) {
            rig.close();
        }
    }

    private static UiClient signedIn(String account) {
        UiClient client = new UiClient(url);
        assertThat(client.signIn(account, UiWorld.PASSWORD).status()).isEqualTo(303);
        return client;
    }

    @Test
    void theWizardShowsTheMatchingRsesWithMyQuotaAndWhatTheRuleWouldCost() {
        UiClient alice = signedIn("alice");
        String did = Format.encode(UiWorld.SCOPE + ":ds.big");

        String page = alice.get("/ui/rules/new?dids=" + did).body();
        String rses = alice.get("/ui/rules/new/rses?expression=" + Format.encode("country=IT|" + UiWorld.RSE_B)).body();
        String cost = alice.get("/ui/rules/new/check?dids=" + did + "&expression=" + UiWorld.RSE_B + "&copies=1").body();
        String here = alice.get("/ui/rules/new/check?dids=" + did + "&expression=" + UiWorld.RSE_A + "&copies=1").body();

        assertThat(page).contains("user.alice:ds.big</textarea>").contains("name=\"csrf\"");
        assertThat(rses).contains("2 RSE(s) match").contains(UiWorld.RSE_A).contains(UiWorld.RSE_B).contains("1.0 GB").contains("carol");
        assertThat(cost).contains("250 file(s), 250.0 kB").contains("id=\"cost-table\"").contains("250 file(s), 250.0 kB</td>")
                .contains("id=\"needs-approval\"").contains("hx-swap-oob=\"true\"");
        assertThat(here).contains("<strong>0 B</strong>").doesNotContain("needs-approval");
        assertThat(world.root.get("/rules?scope=user.alice&name=ds.big").lines()).isEmpty();
    }

    @Test
    void theWizardSaysWhatIsWrongBeforeAnythingIsMade() {
        UiClient alice = signedIn("alice");
        String did = Format.encode(UiWorld.SCOPE + ":ds.ok");

        String bad = alice.get("/ui/rules/new/rses?expression=" + Format.encode("country=(")).body();
        String none = alice.get("/ui/rules/new/rses?expression=NO_SUCH_RSE").body();
        String noQuota = alice.get("/ui/rules/new/check?dids=" + did + "&expression=" + UiRuleWorld.S3_RSE).body();
        String noDid = alice.get("/ui/rules/new/check?dids=" + Format.encode("user.alice:nope") + "&expression=" + UiWorld.RSE_A).body();
        String notADid = alice.get("/ui/rules/new/check?dids=nocolon&expression=" + UiWorld.RSE_A).body();
        String search = alice.get("/ui/rules/new/search?q=" + Format.encode("user.alice:ds.o*")).body();

        assertThat(bad).contains("id=\"expression-error\"");
        assertThat(none).contains("id=\"expression-error\"").contains("empty set");
        assertThat(noQuota).contains("id=\"cost-error\"").contains("nothing may be written there");
        assertThat(noDid).contains("id=\"cost-error\"").contains("not found");
        assertThat(notADid).contains("id=\"cost-error\"").contains("is not a DID");
        assertThat(search).contains("user.alice:ds.ok").contains("name=\"add\"").doesNotContain("ds.big");
    }

    @Test
    void creatingARuleGoesThroughTheServiceAndARefusalLeavesTheFormAsItWas() {
        world.dataset(UiWorld.SCOPE, "wiz.one", List.of("wiz.one.file"));
        UiClient alice = signedIn("alice");
        alice.get("/ui/rules/new");
        Map<String, String> toB = Map.of("dids", "user.alice:wiz.one", "expression", UiWorld.RSE_B, "copies", "1", "lifetime", "",
                "grouping", "DATASET", "comment", "for the analysis");

        UiClient.Page denied = alice.post("/ui/rules/new", toB);
        UiClient.Page badCopies = alice.post("/ui/rules/new", Map.of("dids", "user.alice:wiz.one", "expression", UiWorld.RSE_B, "copies", "0"));
        UiClient.Page badLifetime = alice.post("/ui/rules/new", Map.of("dids", "user.alice:wiz.one", "expression", UiWorld.RSE_B, "lifetime", "x"));
        long before = world.root.get("/rules?scope=user.alice&name=wiz.one").lines().size();
        UiClient.Page asked = alice.post("/ui/rules/new", Map.of("dids", "user.alice:wiz.one", "expression", UiWorld.RSE_B, "copies", "1",
                "ask_approval", "on", "comment", "for the analysis"));

        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.body()).contains("id=\"form-error\"").contains("add_rule").contains("disk-b-needs-approval")
                .contains("value=\"for the analysis\"").contains("user.alice:wiz.one</textarea>");
        assertThat(badCopies.status()).isEqualTo(400);
        assertThat(badCopies.body()).contains("Copies must be 1 to 100");
        assertThat(badLifetime.status()).isEqualTo(400);
        assertThat(badLifetime.body()).contains("whole number of days");
        assertThat(before).isZero();
        assertThat(asked.status()).isEqualTo(303);
        String id = asked.header("Location").replaceAll("^/ui/rules/([0-9a-f]{32})\\?created=1$", "$1");
        assertThat(world.ruleState(id)).isEqualTo("WAITING_APPROVAL");
        assertThat(world.root.get("/rules/" + id).json().get("comments").asText()).isEqualTo("for the analysis");
    }

    @Test
    void approvalsAreForApproversAndADenialNeedsAReason() {
        for (String dataset : List.of("ap.one", "ap.two", "ap.three")) {
            world.dataset(UiWorld.SCOPE, dataset, List.of(dataset + ".file"));
        }
        String approved = rig.pendingRule("ap.one");
        String denied = rig.pendingRule("ap.two");
        UiClient carol = signedIn("carol");
        UiClient bob = signedIn("bob");

        String nav = carol.get("/ui/approvals/nav?section=home", Map.of("HX-Request", "true")).body();
        String list = carol.get("/ui/approvals").body();
        UiClient.Page noReason = carol.post("/ui/approvals/" + denied, Map.of("decision", "deny", "comment", ""));
        UiClient.Page deny = carol.post("/ui/approvals/" + denied, Map.of("decision", "deny", "comment", "RSE B is full this month"));
        UiClient.Page approve = carol.post("/ui/approvals/" + approved, Map.of("decision", "approve", "comment", "ok"));
        UiClient.Page again = carol.post("/ui/approvals/" + approved, Map.of("decision", "approve"));

        assertThat(nav).contains("href=\"/ui/approvals\"").containsPattern("id=\"approvals-count\"[^>]*>\\d+<");
        assertThat(list).contains(approved).contains(denied).contains("alice").contains("carol");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("Say why the rule is denied");
        assertThat(deny.status()).isEqualTo(303);
        assertThat(world.root.get("/rules/" + denied).status()).isEqualTo(404);
        assertThat(approve.status()).isEqualTo(303);
        assertThat(world.ruleState(approved)).isNotEqualTo("WAITING_APPROVAL");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("not waiting for approval");
        assertThat(bob.get("/ui/approvals/nav?section=home").body()).doesNotContain("/ui/approvals");
        assertThat(bob.get("/ui/approvals").status()).isEqualTo(403);
        String other = rig.pendingRule("ap.three");
        bob.get("/ui/rules/" + other);
        assertThat(bob.post("/ui/approvals/" + other, Map.of("decision", "approve")).status()).isEqualTo(403);
        assertThat(world.ruleState(other)).isEqualTo("WAITING_APPROVAL");
        List<String> events = rig.server.core().database().readOnly(tx -> tx.query(
                "select event_type from messages where event_type in ('RULE_APPROVAL_GRANTED', 'RULE_APPROVAL_DENIED') "
                        + "union all select event_type from messages_history where event_type in ('RULE_APPROVAL_GRANTED', 'RULE_APPROVAL_DENIED')",
                rs -> rs.getString(1)));
        assertThat(events).contains("RULE_APPROVAL_GRANTED", "RULE_APPROVAL_DENIED");
    }

    @Test
    void theRulesActionsAreThoseThePolicyAllowsAndEachIsChecked() {
        world.dataset(UiWorld.SCOPE, "act.one", List.of("act.one.file"));
        String id = world.rule("alice", UiWorld.SCOPE, "act.one", UiWorld.RSE_A + "|" + UiRuleWorld.S3_RSE);
        UiClient alice = signedIn("alice");
        UiClient bob = signedIn("bob");
        String mine = alice.get("/ui/rules/" + id).body();

        UiClient.Page badPriority = alice.post("/ui/rules/" + id + "/priority", Map.of("priority", "9"));
        UiClient.Page priority = alice.post("/ui/rules/" + id + "/priority", Map.of("priority", "5"));
        UiClient.Page boost = alice.post("/ui/rules/" + id + "/boost", Map.of());
        UiClient.Page badReduce = alice.post("/ui/rules/" + id + "/reduce", Map.of("copies", "3"));
        UiClient.Page badMove = alice.post("/ui/rules/" + id + "/move", Map.of("expression", "NO_SUCH_RSE"));
        String theirs = bob.get("/ui/rules/" + id).body();
        UiClient.Page forged = bob.post("/ui/rules/" + id + "/move", Map.of("expression", UiWorld.RSE_A));
        alice.get("/ui/rules/" + id);
        UiClient.Page move = alice.post("/ui/rules/" + id + "/move", Map.of("expression", UiWorld.RSE_A + "|" + UiWorld.RSE_B + "\\" + UiWorld.RSE_B));

        assertThat(mine).contains("id=\"form-lifetime\"").contains("id=\"form-priority\"").contains("id=\"form-move\"")
                .contains("id=\"form-delete\"").doesNotContain("id=\"form-boost\"").doesNotContain("id=\"form-reduce\"");
        assertThat(badPriority.status()).isEqualTo(400);
        assertThat(badPriority.body()).contains("0 to 5");
        assertThat(priority.status()).isEqualTo(303);
        assertThat(world.root.get("/rules/" + id).json().get("priority").asInt()).isEqualTo(5);
        assertThat(boost.status()).isEqualTo(403);
        assertThat(badReduce.status()).isEqualTo(409);
        assertThat(badReduce.body()).contains("smaller");
        assertThat(badMove.body()).contains("id=\"form-error\"");
        assertThat(theirs).contains("id=\"no-actions\"").doesNotContain("id=\"form-move\"");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(move.status()).isEqualTo(303);
        String child = move.header("Location").replaceAll("^/ui/rules/([0-9a-f]{32})\\?replaces=.*$", "$1");
        assertThat(world.root.get("/rules/" + id).json().get("child_rule_id").asText()).isEqualTo(child);
        String after = alice.get("/ui/rules/" + id).body();
        assertThat(after).contains("id=\"rule-child\"").contains("id=\"rule-priority\">5<").contains("created");
    }

    @Test
    void aFileOnStorageThatSignsHasADownloadLinkThatRedirectsToASignedUrl() throws Exception {
        UiClient alice = signedIn("alice");

        String file = alice.get(Format.didUrl(UiWorld.SCOPE, UiRuleWorld.DOWNLOAD)).body();
        String posix = alice.get(Format.didUrl(UiWorld.SCOPE, "ok.file")).body();
        UiClient.Page download = alice.get(DownloadLinks.url(UiWorld.SCOPE, UiRuleWorld.DOWNLOAD, UiRuleWorld.S3_RSE));
        UiClient.Page fromPosix = alice.get(DownloadLinks.url(UiWorld.SCOPE, "ok.file", UiWorld.RSE_A));
        UiClient.Page anonymous = new UiClient(url).get(DownloadLinks.url(UiWorld.SCOPE, UiRuleWorld.DOWNLOAD, UiRuleWorld.S3_RSE));

        assertThat(file).contains("href=\"/ui/download?scope=user.alice&amp;name=dl.txt&amp;rse=UI_S3\"").doesNotContain(UiRuleWorld.S3_SECRET);
        assertThat(posix).contains("signs no URL").doesNotContain("/ui/download?");
        assertThat(download.status()).isEqualTo(303);
        String signed = download.header("Location");
        assertThat(signed).startsWith("http://127.0.0.1:" + rig.proxy.port() + "/bucket/").contains("X-Amz-Signature=")
                .contains("X-Amz-Expires=300").doesNotContain(UiRuleWorld.S3_SECRET);
        HttpResponse<String> bytes = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(signed)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bytes.body()).isEqualTo(UiRuleWorld.DOWNLOAD_TEXT);
        assertThat(fromPosix.status()).isEqualTo(404);
        assertThat(anonymous.status()).isEqualTo(303);
        assertThat(anonymous.header("Location")).startsWith("/ui/login");
    }
}
