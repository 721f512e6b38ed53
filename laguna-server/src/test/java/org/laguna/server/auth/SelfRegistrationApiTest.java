package org.laguna.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.RowCounts;
import org.laguna.server.testing.TestServer;

/**
 * Self-registration with access tokens of a real OIDC provider on loopback (mock-oauth2-server):
 * the account, its identity, quotas and scope are made at once, or when an administrator approves.
 */
class SelfRegistrationApiTest {
    private static final String ISSUER_ID = "iam";
    private static final String TERMS = "Use the data lake for science only.";
    private static MockOAuth2Server idp;
    private static TestServer open;
    private static TestServer approval;

    @BeforeAll
    static void start() throws Exception {
        idp = new MockOAuth2Server();
        idp.start(InetAddress.getLoopbackAddress(), 0);
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(idp.wellKnownUrl(ISSUER_ID).toString())).build(),
                HttpResponse.BodyHandlers.discarding());
        open = TestServer.start(settings(false));
        approval = TestServer.start(settings(true));
        for (TestServer server : List.of(open, approval)) {
            assertThat(server.root().post("/rses/SITE_A", Map.of()).status()).isEqualTo(201);
        }
    }

    private static Map<String, String> settings(boolean approvalRequired) {
        Map<String, String> settings = new HashMap<>(Map.of("auth.oidc.issuers", "iam", "auth.oidc.iam.issuer", idp.issuerUrl(ISSUER_ID).toString(),
                "registration.enabled", "true", "registration.terms.version", "2026-12", "registration.terms.text", TERMS,
                "registration.approval-required", Boolean.toString(approvalRequired)));
        settings.put("registration.quota.SITE_A", "1000000000");
        settings.put("registration.quota.type\\=DISK", "5000000000");
        return settings;
    }

    @AfterAll
    static void stop() {
        open.close();
        approval.close();
        idp.shutdown();
    }

    static String token(String subject, Map<String, Object> claims) {
        return idp.issueToken(ISSUER_ID, subject, "rucio", claims, 3600).serialize();
    }

    static Rest.Response register(TestServer server, String token, Object body) {
        return server.anonymous().call("POST", "/register", body, Map.of("Authorization", "Bearer " + token));
    }

    private static String whoami(TestServer server, String token) {
        Rest.Response whoami = server.anonymous().call("GET", "/accounts/whoami", null, Map.of("Authorization", "Bearer " + token));
        assertThat(whoami.status()).as(whoami.body()).isEqualTo(303);
        String location = whoami.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private static String rowCounts(TestServer server) {
        return server.core().database().readOnly(tx -> tx.queryOne(RowCounts.QUERY, rs -> rs.getString(1)).orElseThrow());
    }

    @Test
    void everyoneReadsTheTermsOfUseAndTheirVersion() {
        Rest.Response terms = open.anonymous().get("/register/terms");

        assertThat(terms.status()).isEqualTo(200);
        assertThat(terms.json().get("version").asText()).isEqualTo("2026-12");
        assertThat(terms.json().get("text").asText()).isEqualTo(TERMS);
        assertThat(terms.json().get("sha256").asText()).hasSize(64);
        assertThat(terms.json().get("approval_required").asBoolean()).isFalse();
    }

    @Test
    void aPersonWithoutAccountGetsAccountIdentityQuotasAndOwnScope() {
        String token = token("sub-john", Map.of("preferred_username", "Jöhn.Doe", "email", "john@example.org"));

        Rest.Response registered = register(open, token, Map.of("accept_terms", "2026-12"));

        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        JsonNode body = registered.json();
        assertThat(body.get("account").asText()).isEqualTo("john_doe");
        assertThat(body.get("status").asText()).isEqualTo("APPROVED");
        assertThat(body.get("identity").asText()).isEqualTo("SUB=sub-john, ISS=" + idp.issuerUrl(ISSUER_ID));
        assertThat(whoami(open, token)).isEqualTo("john_doe");
        Rest root = open.root();
        assertThat(root.get("/accounts/john_doe").json().get("email").asText()).isEqualTo("john@example.org");
        assertThat(root.get("/accounts/john_doe/scopes").body()).contains("user.john_doe");
        assertThat(root.get("/accounts/john_doe/limits/local/SITE_A").json().get("SITE_A").asLong()).isEqualTo(1_000_000_000L);
        assertThat(root.get("/accounts/john_doe/limits/global/type%3DDISK").body()).contains("5000000000");
        assertThat(root.get("/accounts/john_doe/identities").body()).contains("SUB=sub-john").contains("OIDC");
        List<String> acceptances = open.core().database().readOnly(tx -> tx.query(
                "select identity || '|' || terms_version || '|' || (accepted_at is not null) from terms_acceptances"
                        + " where identity like 'SUB=sub-john,%'", rs -> rs.getString(1)));
        assertThat(acceptances).containsExactly("SUB=sub-john, ISS=" + idp.issuerUrl(ISSUER_ID) + "|2026-12|true");
        Rest asJohn = new Rest(open.url(), token);
        assertThat(asJohn.post("/dids/user.john_doe/ds1", Map.of("type", "DATASET")).status()).isEqualTo(201);
    }

    @Test
    void registeringTwiceAnswersTheSameAccountAndChangesNothing() {
        String token = token("sub-twice", Map.of("preferred_username", "twice"));
        Rest.Response first = register(open, token, Map.of("accept_terms", "2026-12"));
        String before = rowCounts(open);

        Rest.Response second = register(open, token("sub-twice", Map.of("preferred_username", "renamed")), Map.of("accept_terms", "2026-12"));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().get("id").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(second.json().get("account").asText()).isEqualTo("twice");
        assertThat(rowCounts(open)).isEqualTo(before);
    }

    @Test
    void aTakenNameGetsTheLowestFreeNumber() {
        open.createUser("carol", "carol-password");

        Rest.Response registered = register(open, token("sub-carol", Map.of("preferred_username", "carol")), Map.of("accept_terms", "2026-12"));

        assertThat(registered.json().get("account").asText()).isEqualTo("carol2");
    }

    @Test
    void aNameTooLongForItsScopeIsShortenedAndWithoutClaimTheSubjectNamesIt() {
        Rest.Response longName = register(open, token("sub-long", Map.of("preferred_username", "Maximilian.Alexander-Longname")),
                Map.of("accept_terms", "2026-12"));
        Rest.Response noClaim = register(open, token("Sub-Without-Claim", Map.of()), Map.of("accept_terms", "2026-12"));

        assertThat(longName.json().get("account").asText()).isEqualTo("maximilian_alexander");
        assertThat(open.root().get("/accounts/maximilian_alexander/scopes").body()).contains("user.maximilian_alexander");
        assertThat(noClaim.json().get("account").asText()).isEqualTo("sub-without-claim");
    }

    @Test
    void termsNotAcceptedOrOfAnotherVersionAreRefusedAndWriteNothing() {
        String token = token("sub-refused", Map.of("preferred_username", "refused"));
        String before = rowCounts(open);

        Rest.Response missing = register(open, token, Map.of());
        Rest.Response wrong = register(open, token, Map.of("accept_terms", "2025-01"));
        Rest.Response unknownKey = register(open, token, Map.of("accept_terms", "2026-12", "account", "root2"));
        Rest.Response notJson = open.anonymous().call("POST", "/register", "[1]", Map.of("Authorization", "Bearer " + token));

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.exceptionClass()).isEqualTo("MissingParameter");
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("ExceptionMessage").asText()).contains("2025-01").contains("2026-12");
        assertThat(unknownKey.status()).isEqualTo(400);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(rowCounts(open)).isEqualTo(before);
    }

    @Test
    void withoutAValidOidcTokenNothingIsRegistered() {
        String before = rowCounts(open);

        Rest.Response none = open.anonymous().post("/register", Map.of("accept_terms", "2026-12"));
        Rest.Response lagunaToken = open.root().post("/register", Map.of("accept_terms", "2026-12"));
        Rest.Response forged = register(open, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.", Map.of("accept_terms", "2026-12"));

        for (Rest.Response refused : List.of(none, lagunaToken, forged)) {
            assertThat(refused.status()).as(refused.body()).isEqualTo(401);
            assertThat(refused.exceptionClass()).isEqualTo("CannotAuthenticate");
        }
        assertThat(rowCounts(open)).isEqualTo(before);
    }

    @Test
    void anIdentityAnAdministratorAlreadyMappedCannotRegisterAgain() {
        open.createUser("dave", "dave-password");
        open.root().post("/accounts/dave/identities", Map.of("identity", "SUB=sub-dave, ISS=" + idp.issuerUrl(ISSUER_ID),
                "authtype", "OIDC", "email", "dave@example.org"));

        Rest.Response refused = register(open, token("sub-dave", Map.of("preferred_username", "dave")), Map.of("accept_terms", "2026-12"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("ExceptionMessage").asText()).contains("dave");
    }

    @Test
    void aHeldRegistrationMakesTheAccountOnlyWhenAnAdministratorApproves() {
        String token = token("sub-held", Map.of("preferred_username", "held"));
        Rest.Response pending = register(approval, token, Map.of("accept_terms", "2026-12"));
        String id = pending.json().get("id").asText();
        Rest alice = approval.createUser("alice", "alice-password");

        Rest.Response beforeApproval = approval.anonymous().call("GET", "/accounts/whoami", null, Map.of("Authorization", "Bearer " + token));
        Rest.Response listedToAlice = alice.get("/register/pending");
        Rest.Response approvedByAlice = alice.post("/register/" + id + "/approve", Map.of());
        Rest.Response listed = approval.root().get("/register/pending");
        Rest.Response approved = approval.root().post("/register/" + id + "/approve", Map.of());
        Rest.Response again = approval.root().post("/register/" + id + "/approve", Map.of());

        assertThat(pending.status()).isEqualTo(201);
        assertThat(pending.json().get("status").asText()).isEqualTo("PENDING");
        assertThat(beforeApproval.status()).isEqualTo(401);
        assertThat(listedToAlice.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(approvedByAlice.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(listed.json().toString()).contains(id).contains("\"account\":\"held\"");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.json().get("status").asText()).isEqualTo("APPROVED");
        assertThat(approved.json().get("decided_by").asText()).isEqualTo("root");
        assertThat(whoami(approval, token)).isEqualTo("held");
        assertThat(approval.root().get("/accounts/held/scopes").body()).contains("user.held");
        assertThat(again.status()).isEqualTo(409);
        assertThat(approval.root().get("/register/pending").json().toString()).doesNotContain(id);
        List<String> audited = approval.core().database().readOnly(tx -> tx.query("select coalesce(account, '-') || ' ' || action || ' ' "
                + "|| outcome || ' ' || target || ' ' || (request_id is not null) || ' ' || (client_address is not null) from audit_log "
                + "where action in ('register', 'approve_registration') and strpos(target, ?) > 0 order by id", rs -> rs.getString(1), id));
        assertThat(audited).containsExactly("- register SUCCESS account=held,registration=" + id + ",status=PENDING true true",
                        "root approve_registration SUCCESS account=held,registration=" + id + " true true");
        List<String> registeredBy = approval.core().database().readOnly(tx -> tx.query("select identity || ' ' || auth_method || ' ' || vo "
                + "from audit_log where action = 'register' and strpos(target, ?) > 0", rs -> rs.getString(1), id));
        assertThat(registeredBy).containsExactly("SUB=sub-held, ISS=" + idp.issuerUrl(ISSUER_ID) + " oidc def");
        long secrets = approval.core().database().readOnly(tx -> tx.count("select count(*) from audit_log a where strpos(a::text, ?) > 0",
                token));
        assertThat(secrets).as("never the token").isZero();
    }

    @Test
    void aDeniedRegistrationStaysDeniedAndMakesNoAccount() {
        String token = token("sub-denied", Map.of("preferred_username", "denied"));
        String id = register(approval, token, Map.of("accept_terms", "2026-12")).json().get("id").asText();

        Rest.Response denied = approval.root().post("/register/" + id + "/deny", Map.of("reason", "not a member of the collaboration"));
        Rest.Response registeredAgain = register(approval, token, Map.of("accept_terms", "2026-12"));

        assertThat(denied.json().get("status").asText()).isEqualTo("DENIED");
        assertThat(registeredAgain.status()).isEqualTo(200);
        assertThat(registeredAgain.json().get("status").asText()).isEqualTo("DENIED");
        assertThat(registeredAgain.json().get("reason").asText()).isEqualTo("not a member of the collaboration");
        assertThat(approval.root().get("/accounts/denied").status()).isEqualTo(404);
    }

    @Test
    void approvingWhatIsNoRegistrationAnswersClientErrors() {
        Rest root = approval.root();

        assertThat(root.post("/register/not-a-uuid/approve", Map.of()).status()).isEqualTo(400);
        assertThat(root.post("/register/00000000-0000-0000-0000-000000000001/approve", Map.of()).status()).isEqualTo(404);
        assertThat(root.post("/register/00000000-0000-0000-0000-000000000001/deny", Map.of("reason", 5)).status()).isEqualTo(400);
    }

    @Test
    void theCliShowsTheTermsThenRegistersWithATokenFromAFileOrStandardInput() throws Exception {
        Path file = Files.createTempFile("registration", ".jwt");
        Files.writeString(file, token("sub-cli", Map.of("preferred_username", "cli.user")) + "\n");

        CliRunner.Run withoutAcceptance = CliRunner.run("register", "--token-file", file.toString(), "--url", open.url());
        CliRunner.Run registered = CliRunner.run("register", "--token-file", file.toString(), "--accept-terms", "2026-12", "--url", open.url());
        CliRunner.Run fromInput = CliRunner.asRootWithInput(open, token("sub-cli-stdin", Map.of("preferred_username", "piped")),
                "register", "--token-file", "-", "--accept-terms", "2026-12");
        CliRunner.Run noToken = CliRunner.run("register", "--accept-terms", "2026-12", "--url", open.url());

        assertThat(withoutAcceptance.exit()).isEqualTo(1);
        assertThat(withoutAcceptance.out()).contains("version 2026-12").contains(TERMS);
        assertThat(withoutAcceptance.err()).contains("--accept-terms 2026-12");
        assertThat(registered.exit()).as(registered.err()).isZero();
        assertThat(registered.out()).contains("Registered: account cli_user with scope user.cli_user");
        assertThat(fromInput.out()).as(fromInput.err()).contains("account piped");
        assertThat(noToken.exit()).isEqualTo(1);
        assertThat(noToken.err()).contains("BEARER_TOKEN");
        Files.delete(file);
    }

    @Test
    void anAdministratorApprovesAndDeniesWithTheCli() {
        String heldId = register(approval, token("sub-cli-held", Map.of("preferred_username", "cliheld")), Map.of("accept_terms", "2026-12"))
                .json().get("id").asText();
        String deniedId = register(approval, token("sub-cli-denied", Map.of("preferred_username", "clidenied")),
                Map.of("accept_terms", "2026-12")).json().get("id").asText();

        CliRunner.Run pending = CliRunner.asRoot(approval, "register", "pending");
        CliRunner.Run approved = CliRunner.asRoot(approval, "register", "approve", heldId);
        CliRunner.Run denied = CliRunner.asRoot(approval, "register", "deny", deniedId, "--reason", "unknown person");
        CliRunner.Run twice = CliRunner.asRoot(approval, "register", "deny", deniedId);

        assertThat(pending.out()).as(pending.err()).contains(heldId).contains("cliheld").contains(deniedId);
        assertThat(approved.out()).as(approved.err()).contains("account cliheld created");
        assertThat(denied.out()).contains("Denied registration " + deniedId);
        assertThat(twice.exit()).isEqualTo(1);
        assertThat(twice.err()).contains("DENIED, not PENDING");
        assertThat(approval.root().get("/accounts/cliheld").status()).isEqualTo(200);
    }

    @Test
    void theCliPrintsTermsPendingAndDecisionsAsJson() throws Exception {
        String heldId = register(approval, token("sub-json-held", Map.of("preferred_username", "jsonheld")), Map.of("accept_terms", "2026-12"))
                .json().get("id").asText();
        String deniedId = register(approval, token("sub-json-denied", Map.of("preferred_username", "jsondenied")),
                Map.of("accept_terms", "2026-12")).json().get("id").asText();
        ObjectMapper json = new ObjectMapper();

        CliRunner.Run terms = CliRunner.asRoot(approval, "register", "terms", "--json");
        CliRunner.Run pending = CliRunner.asRoot(approval, "register", "pending", "--json");
        CliRunner.Run approved = CliRunner.asRoot(approval, "register", "approve", heldId, "--json");
        CliRunner.Run denied = CliRunner.asRoot(approval, "register", "deny", deniedId, "--reason", "unknown", "--json");

        assertThat(json.readTree(terms.out()).get("version").asText()).as(terms.err()).isEqualTo("2026-12");
        List<String> pendingIds = new ArrayList<>();
        for (String line : pending.out().strip().split("\n")) {
            pendingIds.add(json.readTree(line).get("id").asText());
        }
        assertThat(pendingIds).as(pending.err()).contains(heldId, deniedId);
        assertThat(json.readTree(approved.out()).toString()).as(approved.err()).contains(heldId).contains("jsonheld");
        assertThat(json.readTree(denied.out()).toString()).as(denied.err()).contains(deniedId).contains("\"result\":\"denied\"");
    }
}
