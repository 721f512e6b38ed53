package org.laguna.server.event.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.auth.RequestOrigin;
import org.laguna.core.auth.oidc.TokenGrants;
import org.laguna.core.auth.oidc.VerifiedToken;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * The events the mails need, written in the transaction of their cause: an approval granted or
 * denied (and none for an approval refused), the quota warning once when the usage crosses the
 * threshold set at run time, the registration received and approved.
 */
class MailEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void quotaNearLimitIsWrittenOnceWhenTheUsageCrossesTheThresholdOfTheRuntimeConfiguration() throws Exception {
        try (TestServer server = TestServer.start()) {
            Rest root = server.root();
            server.createScope("exp", "root");
            Path storage = Files.createDirectories(work.resolve("storage"));
            PosixRses.addUnder(root, "SOURCE", storage);
            PosixRses.addUnder(root, "TARGET", storage);
            MailWorld.account(server, "jdoe", "jdoe@laguna.test");
            assertThat(root.post("/accounts/jdoe/limits/local/TARGET", Map.of("bytes", 100)).status()).isEqualTo(201);
            assertThat(root.put("/config/quota/near-limit-threshold/1.5", Map.of()).status()).as("not a fraction").isEqualTo(400);
            assertThat(root.put("/config/quota/near-limit-threshold/0.5", Map.of()).status()).isBetween(200, 201);
            for (String name : List.of("a", "b", "c")) {
                Path file = Files.writeString(work.resolve(name + ".dat"), "x".repeat(30));
                Run upload = CliRunner.asRoot(server, "upload", "--rse", "SOURCE", "--scope", "exp", file.toString());
                assertThat(upload.exit()).as(upload.err()).isZero();
            }
            List<Integer> seen = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", name + ".dat")),
                        "copies", 1, "rse_expression", "TARGET", "account", "jdoe"));
                assertThat(added.status()).as(added.body()).isEqualTo(201);
                seen.add(events(server, "QUOTA_NEAR_LIMIT").size());
            }
            assertThat(seen).as("30 of 100 bytes: below half; 60: crossed; 90: still above").containsExactly(0, 1, 1);
            JsonNode event = events(server, "QUOTA_NEAR_LIMIT").getFirst();
            assertThat(event.get("account").asText()).isEqualTo("jdoe");
            assertThat(event.get("rse").asText()).isEqualTo("TARGET");
            assertThat(event.get("bytes").asLong()).isEqualTo(60);
            assertThat(event.get("bytes_limit").asLong()).isEqualTo(100);
            assertThat(event.get("threshold").asDouble()).isEqualTo(0.5);
            assertThat(event.get("rse_id").asText()).matches("[0-9a-f]{32}");
        }
    }

    @Test
    void anApprovalWritesGrantedOrDeniedAndARefusedOneWritesNothing() {
        try (TestServer server = TestServer.start()) {
            Rest root = server.root();
            server.createScope("exp", "root");
            PosixRses.addUnder(root, "DISK", work);
            Rest jdoe = server.createUser("jdoe", "jdoe-password");
            for (String name : List.of("granted", "denied")) {
                assertThat(root.post("/dids/exp/" + name, Map.of("type", "DATASET")).status()).isEqualTo(201);
            }
            String granted = approvalRule(root, "granted");
            String denied = approvalRule(root, "denied");

            assertThat(jdoe.put("/rules/" + granted, Map.of("options", Map.of("approve", true))).status()).isBetween(400, 499);
            assertThat(events(server, "RULE_APPROVAL_GRANTED")).isEmpty();

            assertThat(root.put("/rules/" + granted, Map.of("options", Map.of("approve", true))).status()).isEqualTo(200);
            assertThat(root.put("/rules/" + denied, Map.of("options", Map.of("approve", false))).status()).isEqualTo(200);
            assertThat(events(server, "RULE_APPROVAL_GRANTED")).singleElement().satisfies(p -> {
                assertThat(p.get("rule_id").asText()).isEqualTo(granted);
                assertThat(p.get("approver").asText()).isEqualTo("root");
                assertThat(p.get("account").asText()).isEqualTo("root");
                assertThat(p.get("name").asText()).isEqualTo("granted");
            });
            assertThat(events(server, "RULE_APPROVAL_DENIED")).singleElement().satisfies(p -> {
                assertThat(p.get("rule_id").asText()).isEqualTo(denied);
                assertThat(p.get("rse_expression").asText()).isEqualTo("DISK");
            });
            assertThat(events(server, "RULE_APPROVAL_REQUESTED")).hasSize(2)
                    .allSatisfy(p -> assertThat(p.get("approvers").isArray()).isTrue());
        }
    }

    @Test
    void aRegistrationApprovedAtOnceWritesBothItsEvents() {
        try (TestServer server = TestServer.start(Map.of("registration.enabled", "true", "registration.terms.version", "v1",
                "registration.terms.text", "Be nice."))) {
            VerifiedToken token = new VerifiedToken("idp", "https://idp.laguna.test", "s-9",
                    VerifiedToken.identityOf("s-9", "https://idp.laguna.test"), Instant.now().plus(Duration.ofHours(1)), Optional.empty(),
                    TokenGrants.NONE, Map.of("preferred_username", "fresh", "email", "fresh@laguna.test"));
            server.core().registrations().register(token, "v1", RequestOrigin.INTERNAL);
            assertThat(events(server, "REGISTRATION_REQUESTED")).singleElement().satisfies(p -> {
                assertThat(p.get("account").asText()).isEqualTo("fresh");
                assertThat(p.get("status").asText()).isEqualTo("APPROVED");
                assertThat(p.get("email").asText()).isEqualTo("fresh@laguna.test");
            });
            assertThat(events(server, "REGISTRATION_APPROVED")).singleElement()
                    .satisfies(p -> assertThat(p.get("decided_by").isNull()).isTrue());
        }
    }

    private static String approvalRule(Rest root, String name) {
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", name)), "copies", 1,
                "rse_expression", "DISK", "ask_approval", true));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    /** The payloads of the pending events of a type, oldest first. */
    private static List<JsonNode> events(TestServer server, String type) {
        return server.core().database().readOnly(tx -> tx.query("select payload::text from messages where event_type = ? order by id",
                rs -> {
                    try {
                        return JSON.readTree(rs.getString(1));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, type));
    }
}
