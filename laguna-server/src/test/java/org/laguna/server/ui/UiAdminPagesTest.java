package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/**
 * The transfers, accounts and RSE administration pages, read on the server's answers: what they render
 * from a real catalogue, the changes administrators make (checked through the REST API), bad input in
 * each form, and the refusals of an account that does not administer.
 */
@ExtendWith(ServerPerClass.class)
class UiAdminPagesTest {
    private static UiWorld world;
    private static UiClient alice;
    private static UiClient dora;

    @BeforeAll
    static void start(TestServer server) {
        world = new UiWorld(server);
        AdminWorld.addAdministrator(world, "dora");
        AdminWorld.doneTransfers(world, 3, 2_000_000L, 2);
        alice = new UiClient(server.url());
        assertThat(alice.signIn("alice", UiWorld.PASSWORD).status()).isEqualTo(303);
        dora = new UiClient(server.url());
        assertThat(dora.signIn("dora", UiWorld.PASSWORD).status()).isEqualTo(303);
    }

    @Test
    void theTransfersPageShowsTheMatrixTheThroughputTheQueueAndTheFailuresWithTheirReasons() {
        String page = alice.get("/ui/transfers?hours=24").body();

        assertThat(section(page, "matrix")).contains(UiWorld.RSE_A).contains(UiWorld.RSE_B).contains("<span class=\"done\">3</span>")
                .contains("6.0 MB");
        assertThat(section(page, "throughput")).contains("<svg").contains("<rect class=\"bar\"").contains("<rect class=\"fail\"")
                .contains("id=\"throughput-table\"");
        assertThat(section(page, "pending")).contains(UiWorld.RSE_B);
        assertThat(section(page, "failures")).contains(UiWorld.RSE_B).contains("class=\"reason\"").contains("No such file")
                .contains(org.laguna.core.transfer.TransferMatrix.URL);
        assertThat(page).doesNotContain("stuck.file");
    }

    @Test
    void theTransfersWindowIsWholeHoursAndLeavesOlderTransfersOut() {
        UiClient.Page letters = alice.get("/ui/transfers?hours=abc");
        UiClient.Page zero = alice.get("/ui/transfers?hours=0");
        String lastHour = alice.get("/ui/transfers?hours=1").body();

        assertThat(letters.status()).isEqualTo(400);
        assertThat(letters.body()).contains("id=\"window-error\"").contains("whole number of hours").contains("value=\"abc\"");
        assertThat(zero.status()).isEqualTo(400);
        assertThat(lastHour).doesNotContain("<span class=\"done\">3</span>");
    }

    @Test
    void theAccountPagesAreForAdministratorsOnly() {
        UiClient.Page list = alice.get("/ui/accounts");
        UiClient.Page account = alice.get("/ui/accounts/bob");

        assertThat(list.status()).isEqualTo(403);
        assertThat(list.body()).contains("administrators only");
        assertThat(account.status()).isEqualTo(403);
        assertThat(dora.get("/ui/accounts").body()).contains(">alice<").contains(">bob<").contains(">carol<");
        assertThat(dora.get("/ui/accounts?account=b*").body()).contains(">bob<").doesNotContain(">alice<");
        assertThat(dora.get("/ui/accounts/nobody").status()).isEqualTo(404);
    }

    @Test
    void anAccountPageShowsIdentitiesAttributesGroupsAndQuotasWithUsage() {
        String page = dora.get("/ui/accounts/alice").body();

        assertThat(section(page, "identities")).contains(">alice<").contains("USERPASS");
        assertThat(section(page, "quotas")).contains(UiWorld.RSE_A).contains("1.0 GB");
        assertThat(page).contains("id=\"account-status\">ACTIVE<").contains("Suspend");
    }

    @Test
    void anAdministratorSetsAndDeletesQuotasAfterBadInputIsRefused() {
        dora.get("/ui/accounts/carol");

        UiClient.Page letters = dora.post("/ui/accounts/carol/quotas", Map.of("kind", "rse", "target", UiWorld.RSE_B, "bytes", "lots"));
        UiClient.Page noRse = dora.post("/ui/accounts/carol/quotas", Map.of("kind", "rse", "target", "NO_SUCH_RSE", "bytes", "1 GB"));
        UiClient.Page badExpression = dora.post("/ui/accounts/carol/quotas", Map.of("kind", "expression", "target", "country=(", "bytes", "1 GB"));
        UiClient.Page local = dora.post("/ui/accounts/carol/quotas", Map.of("kind", "rse", "target", UiWorld.RSE_B, "bytes", "2.5 GB"));
        UiClient.Page global = dora.post("/ui/accounts/carol/quotas", Map.of("kind", "expression", "target", "country=IT", "bytes", "5000000000"));
        String shown = dora.get("/ui/accounts/carol?done=quota").body();

        assertThat(letters.status()).isEqualTo(400);
        assertThat(letters.body()).contains("id=\"form-error\"").contains("'lots'");
        assertThat(noRse.status()).isEqualTo(404);
        assertThat(noRse.body()).contains("id=\"form-error\"");
        assertThat(badExpression.status()).isEqualTo(400);
        assertThat(local.status()).isEqualTo(303);
        assertThat(global.status()).isEqualTo(303);
        assertThat(world.root.get("/accounts/carol/limits/local/" + UiWorld.RSE_B).json().get(UiWorld.RSE_B).asLong()).isEqualTo(2_500_000_000L);
        assertThat(world.root.get("/accounts/carol/limits/global/country%3DIT").body()).contains("5000000000");
        assertThat(section(shown, "quotas")).contains("country=IT").contains("(expression: " + UiWorld.RSE_A + ")").contains("2.5 GB");
        assertThat(shown).contains("The quota was set.");

        UiClient.Page deleted = dora.post("/ui/accounts/carol/quotas/delete", Map.of("kind", "expression", "target", "country=IT"));
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(world.root.get("/accounts/carol/limits/global/country%3DIT").body()).doesNotContain("5000000000");
    }

    @Test
    void anAdministratorAddsAndDeletesAttributesAfterABadKeyIsRefused() {
        dora.get("/ui/accounts/carol");

        UiClient.Page badKey = dora.post("/ui/accounts/carol/attributes", Map.of("key", "not a key!", "value", "x"));
        UiClient.Page noValue = dora.post("/ui/accounts/carol/attributes", Map.of("key", "team", "value", " "));
        UiClient.Page added = dora.post("/ui/accounts/carol/attributes", Map.of("key", "team", "value", "cygno"));
        UiClient.Page twice = dora.post("/ui/accounts/carol/attributes", Map.of("key", "team", "value", "other"));
        String shown = dora.get("/ui/accounts/carol").body();
        UiClient.Page deleted = dora.post("/ui/accounts/carol/attributes/delete", Map.of("key", "team"));

        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.body()).contains("id=\"form-error\"");
        assertThat(noValue.status()).isEqualTo(400);
        assertThat(added.status()).isEqualTo(303);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(section(shown, "attributes")).contains(">team<").contains(">cygno<");
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(world.root.get("/accounts/carol/attr").body()).doesNotContain("team");
    }

    @Test
    void anAdministratorSuspendsAnAccountWhoseSessionEndsAndReactivatesIt() {
        UiClient bob = new UiClient(world.server.url());
        bob.signIn("bob", UiWorld.PASSWORD);
        assertThat(bob.get("/ui/").status()).isEqualTo(200);
        dora.get("/ui/accounts/bob");

        UiClient.Page bad = dora.post("/ui/accounts/bob/status", Map.of("status", "GONE"));
        UiClient.Page suspended = dora.post("/ui/accounts/bob/status", Map.of("status", "SUSPENDED"));
        String status = world.root.get("/accounts/bob").json().get("status").asText();
        int bobsHome = bob.get("/ui/").status();
        UiClient.Page active = dora.post("/ui/accounts/bob/status", Map.of("status", "ACTIVE"));

        assertThat(bad.status()).isEqualTo(400);
        assertThat(suspended.status()).isEqualTo(303);
        assertThat(status).isEqualTo("SUSPENDED");
        assertThat(bobsHome).isEqualTo(303);
        assertThat(active.status()).isEqualTo(303);
        assertThat(world.root.get("/accounts/bob").json().get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void anAccountThatDoesNotAdministerChangesNoQuotaAttributeOrStatus() {
        alice.get("/ui/");

        UiClient.Page quota = alice.post("/ui/accounts/alice/quotas", Map.of("kind", "rse", "target", UiWorld.RSE_B, "bytes", "1 PB"));
        UiClient.Page attribute = alice.post("/ui/accounts/alice/attributes", Map.of("key", "admin", "value", "true"));
        UiClient.Page status = alice.post("/ui/accounts/bob/status", Map.of("status", "SUSPENDED"));

        assertThat(quota.status()).isEqualTo(403);
        assertThat(attribute.status()).isEqualTo(403);
        assertThat(status.status()).isEqualTo(403);
        assertThat(world.root.get("/accounts/alice/limits/local/" + UiWorld.RSE_B).json().get(UiWorld.RSE_B).asLong()).isEqualTo(1_000_000_000L);
        assertThat(world.root.get("/accounts/alice/attr").body()).doesNotContain("admin");
        assertThat(world.root.get("/accounts/bob").json().get("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void anRsePageShowsDistancesAndOffersItsFormsToAdministratorsOnly() {
        String forAlice = alice.get("/ui/rses/" + UiWorld.RSE_A).body();
        String forDora = dora.get("/ui/rses/" + UiWorld.RSE_A).body();

        assertThat(section(forAlice, "distances")).contains("to").contains(UiWorld.RSE_B).contains(">1<");
        assertThat(section(dora.get("/ui/rses/" + UiWorld.RSE_B).body(), "distances")).contains("from").contains(UiWorld.RSE_A);
        assertThat(forAlice).doesNotContain("id=\"attribute-form\"").doesNotContain("id=\"availability-form\"").doesNotContain("id=\"limit-form\"");
        assertThat(forDora).contains("id=\"attribute-form\"").contains("id=\"availability-form\"").contains("id=\"limit-form\"");
        assertThat(forAlice + forDora).doesNotContain(UiWorld.SECRET);
    }

    @Test
    void anAdministratorEditsAnRsesAttributesLimitsAndAvailability() {
        String rse = "/ui/rses/" + UiWorld.RSE_B;
        dora.get(rse);

        UiClient.Page badKey = dora.post(rse + "/attributes", Map.of("key", "bad key", "value", "1"));
        UiClient.Page attribute = dora.post(rse + "/attributes", Map.of("key", "tier", "value", "2"));
        UiClient.Page badLimit = dora.post(rse + "/limits", Map.of("name", "MinFreeSpace", "value", "much"));
        UiClient.Page limit = dora.post(rse + "/limits", Map.of("name", "MinFreeSpace", "value", "1 TB"));
        UiClient.Page availability = dora.post(rse + "/availability", Map.of("read", "on", "delete", "on"));
        UiClient.Page badBox = dora.post(rse + "/availability", Map.of("read", "yes please"));
        String shown = dora.get(rse).body();

        assertThat(badKey.status()).isEqualTo(400);
        assertThat(badKey.body()).contains("id=\"form-error\"");
        assertThat(attribute.status()).isEqualTo(303);
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.body()).contains("'much'");
        assertThat(limit.status()).isEqualTo(303);
        assertThat(availability.status()).isEqualTo(303);
        assertThat(badBox.status()).isEqualTo(400);
        assertThat(world.root.get("/rses/" + UiWorld.RSE_B + "/attr").body()).contains("\"tier\"");
        assertThat(world.root.get("/rses/" + UiWorld.RSE_B + "/limits").body()).contains("1000000000000");
        assertThat(world.root.get("/rses/" + UiWorld.RSE_B).json().get("availability_write").asBoolean()).isFalse();
        assertThat(shown).contains("id=\"rse-write\">unavailable<").contains("id=\"rse-read\">available<");

        assertThat(dora.post(rse + "/attributes/delete", Map.of("key", "tier")).status()).isEqualTo(303);
        assertThat(dora.post(rse + "/limits/delete", Map.of("name", "MinFreeSpace")).status()).isEqualTo(303);
        assertThat(dora.post(rse + "/limits/delete", Map.of("name", "MinFreeSpace")).status()).isEqualTo(404);
        assertThat(dora.post(rse + "/availability", Map.of("read", "on", "write", "on", "delete", "on")).status()).isEqualTo(303);
        assertThat(world.root.get("/rses/" + UiWorld.RSE_B + "/attr").body()).doesNotContain("\"tier\"");
    }

    @Test
    void anAccountThatDoesNotAdministerChangesNothingOnAnRse() {
        String rse = "/ui/rses/" + UiWorld.RSE_A;
        alice.get(rse);

        UiClient.Page attribute = alice.post(rse + "/attributes", Map.of("key", "tier", "value", "0"));
        UiClient.Page limit = alice.post(rse + "/limits", Map.of("name", "MinFreeSpace", "value", "1"));
        UiClient.Page availability = alice.post(rse + "/availability", Map.of());

        assertThat(attribute.status()).isEqualTo(403);
        assertThat(attribute.body()).contains("Not allowed");
        assertThat(limit.status()).isEqualTo(403);
        assertThat(availability.status()).isEqualTo(403);
        assertThat(world.root.get("/rses/" + UiWorld.RSE_A).json().get("availability_write").asBoolean()).isTrue();
        assertThat(world.root.get("/rses/" + UiWorld.RSE_A + "/attr").body()).doesNotContain("\"tier\"");
    }

    /** The part of a page from the element of that id to the end of its section. */
    static String section(String page, String id) {
        int start = page.indexOf("id=\"" + id + "\"");
        assertThat(start).as("element " + id + " on the page").isNotNegative();
        int end = page.indexOf("</section>", start);
        return page.substring(start, end < 0 ? page.length() : end);
    }
}
