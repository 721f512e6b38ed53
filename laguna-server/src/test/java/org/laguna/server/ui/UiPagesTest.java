package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** What the pages render from the catalogue, read on the server's answers (the browser tests see the same in Chromium). */
@ExtendWith(ServerPerClass.class)
class UiPagesTest {
    private static final Pattern ROW_LINK = Pattern.compile(">user\\.alice:(big\\.\\d{4})</a>");

    private static UiWorld world;
    private static String url;
    private static UiClient alice;

    @BeforeAll
    static void start(TestServer server) {
        world = new UiWorld(server);
        url = server.url();
        alice = new UiClient(url);
        assertThat(alice.signIn("alice", UiWorld.PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void homeListsMyRulesByStateWithProgressAndTheStuckReasonAndMyQuotas() {
        String home = alice.get("/ui/").body();

        assertThat(world.ruleState(world.stuckRule)).isEqualTo("STUCK");
        assertThat(section(home, "rules-STUCK")).contains("ds.stuck").contains("class=\"reason\"");
        assertThat(section(home, "rules-REPLICATING")).contains("ds.replicating").contains("<progress max=\"100\" value=\"0\"");
        assertThat(section(home, "rules-OK")).contains("ds.ok").contains("1/1 OK");
        assertThat(home).doesNotContain("bob.ds");
        assertThat(section(home, "quotas")).contains(UiWorld.RSE_A).contains("1.0 GB");
    }

    @Test
    void theScopeSearchTakesANamePatternAndTheMetadataFilterOfDidLs() {
        String byName = alice.get("/ui/scopes/user.alice?name=ds.*&type=dataset").body();
        String byMeta = alice.get("/ui/scopes/user.alice?name=*&filter=" + Format.encode("project=cygno") + "&type=dataset").body();
        UiClient.Page bad = alice.get("/ui/scopes/user.alice?filter=" + Format.encode("nonsense"));

        assertThat(byName).contains("ds.ok").contains("ds.big").contains("ds.stuck").doesNotContain(">big.0001<");
        assertThat(byMeta).contains("ds.ok").doesNotContain("ds.big");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"search-error\"").contains("value=\"nonsense\"");
        assertThat(alice.get("/ui/scopes").body()).contains("user.alice").contains("user.bob");
        assertThat(alice.get("/ui/scopes/no.such.scope").status()).isEqualTo(404);
    }

    @Test
    void aDatasetsContentIsReadOnePageAtATimeByKey() {
        String first = alice.get(Format.didUrl(UiWorld.SCOPE, "ds.big")).body();
        String second = alice.get(next(first)).body();
        String third = alice.get(next(second)).body();

        assertThat(names(first)).hasSize(100).startsWith("big.0000").endsWith("big.0099");
        assertThat(names(second)).hasSize(100).startsWith("big.0100");
        assertThat(names(third)).hasSize(50).endsWith("big.0249");
        assertThat(third).doesNotContain("id=\"next-page\"");
        assertThat(first).contains("id=\"did-length\">250<");
    }

    @Test
    void aDidPageShowsMetadataParentsReplicasAndRulesEscapingWhatItShows() {
        String dataset = alice.get(Format.didUrl(UiWorld.SCOPE, "ds.ok")).body();
        String file = alice.get(Format.didUrl(UiWorld.SCOPE, "ok.file")).body();

        assertThat(section(dataset, "metadata")).contains("project").contains("cygno")
                .contains("&lt;script&gt;alert('x')&lt;/script&gt;").doesNotContain("<script>alert");
        String replicas = alice.get("/ui/did/replicas?scope=user.alice&name=ds.ok").body();
        assertThat(section(dataset, "replicas")).contains("hx-get=\"/ui/did/replicas?scope=user.alice&amp;name=ds.ok\"");
        assertThat(section(replicas, "replicas")).contains(UiWorld.RSE_A).contains("AVAILABLE").contains("1 of 1 files");
        assertThat(section(dataset, "rules")).contains(world.okRule.substring(0, 8));
        assertThat(section(file, "parents")).contains("user.alice:ds.ok");
        assertThat(section(file, "replicas")).contains(UiWorld.RSE_A).contains("AVAILABLE");
        assertThat(alice.get(Format.didUrl(UiWorld.SCOPE, "no.such.did")).status()).isEqualTo(404);
        assertThat(alice.get("/ui/did?scope=user.alice").status()).isEqualTo(400);
    }

    @Test
    void aRulePageShowsProgressTheStuckAnalysisHistoryAndMyActions() {
        String stuck = alice.get("/ui/rules/" + world.stuckRule).body();
        String ok = alice.get("/ui/rules/" + world.okRule).body();

        assertThat(stuck).contains("id=\"rule-state\">STUCK<").contains("id=\"analysis\"").contains("stuck.file");
        assertThat(section(stuck, "history")).contains("REPLICATING");
        assertThat(ok).contains("id=\"rule-state\">OK<").contains("/lifetime\"").contains("/delete\"")
                .contains("sse-connect=\"/ui/rules/" + world.okRule + "/events\"");
        assertThat(alice.get("/ui/rules/not-a-rule").status()).isEqualTo(404);
    }

    @Test
    void extendingALifetimeTakesWholeDaysAndRefusesAnythingElse() {
        String id = world.rule("alice", UiWorld.SCOPE, "ds.big", UiWorld.RSE_A);
        alice.get("/ui/rules/" + id);

        UiClient.Page letters = alice.post("/ui/rules/" + id + "/lifetime", Map.of("days", "abc"));
        UiClient.Page zero = alice.post("/ui/rules/" + id + "/lifetime", Map.of("days", "0"));
        boolean unchanged = world.root.get("/rules/" + id).json().get("expires_at").isNull();
        UiClient.Page good = alice.post("/ui/rules/" + id + "/lifetime", Map.of("days", "30"));

        assertThat(letters.status()).isEqualTo(400);
        assertThat(letters.body()).contains("id=\"form-error\"").contains("whole number of days");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(unchanged).isTrue();
        assertThat(good.status()).isEqualTo(303);
        assertThat(world.root.get("/rules/" + id).json().get("expires_at").isNull()).isFalse();
    }

    @Test
    void deletingMyRuleTakesMeHomeAndTheRuleExpiresWithinTheHour() {
        String id = world.rule("alice", UiWorld.SCOPE, "ds.big", UiWorld.RSE_B);
        alice.get("/ui/rules/" + id);

        UiClient.Page deleted = alice.post("/ui/rules/" + id + "/delete", Map.of());

        assertThat(deleted.status()).isEqualTo(303);
        assertThat(deleted.header("Location")).isEqualTo("/ui/?deleted=" + id);
        assertThat(world.root.get("/rules/" + id).json().get("expires_at").isNull()).isFalse();
    }

    @Test
    void aPostWithoutASessionIsRefused() {
        UiClient.Page anonymous = new UiClient(url).post("/ui/rules/" + world.okRule + "/delete", Map.of());

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.body()).contains("sign in again");
        assertThat(world.root.get("/rules/" + world.okRule).json().get("expires_at").isNull()).isTrue();
    }

    @Test
    void theRsePagesShowAttributesUsageAndProtocolsButNoCredential() {
        String list = alice.get("/ui/rses").body();
        String page = alice.get("/ui/rses/" + UiWorld.RSE_A).body();

        assertThat(list).contains(UiWorld.RSE_A).contains(UiWorld.RSE_B).contains("country=IT").contains("read write delete");
        assertThat(page).contains("id=\"protocols\"").contains("file").contains("secret_key").contains("(hidden)");
        assertThat(list + page).doesNotContain(UiWorld.SECRET);
        assertThat(alice.get("/ui/rses/NO_SUCH_RSE").status()).isEqualTo(404);
    }

    @Test
    void aRulesEventStreamSendsItsProgressAsHtml() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/ui/rules/" + world.replicatingRule + "/events"))
                .header("Cookie", UiSessions.SESSION_COOKIE + "=" + alice.cookie(UiSessions.SESSION_COOKIE))
                .timeout(Duration.ofSeconds(20)).GET().build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        StringBuilder event = new StringBuilder();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null && !line.isEmpty(); line = reader.readLine()) {
                event.append(line).append('\n');
            }
        }

        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        assertThat(event.toString()).startsWith("event: progress\n").contains("data: <div class=\"progress-box\"")
                .contains("REPLICATING");
    }

    /** The part of a page from the element of that id to the end of its section. */
    private static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("element " + id + " on the page").isNotNegative();
        int end = page.indexOf("</section>", start);
        return page.substring(start, end < 0 ? page.length() : end);
    }

    private static String next(String page) {
        Matcher matcher = Pattern.compile("href=\"([^\"]+)\" rel=\"next\" id=\"next-page\"").matcher(page);
        assertThat(matcher.find()).as("a next page link").isTrue();
        return matcher.group(1).replace("&amp;", "&").replace("#content", "");
    }

    private static List<String> names(String page) {
        Matcher matcher = ROW_LINK.matcher(page);
        List<String> names = new ArrayList<>();
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }
}
