package org.laguna.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.event.Hermes;
import org.laguna.core.event.HermesConfig;
import org.laguna.core.event.webhook.WebhookConfig;
import org.laguna.core.event.webhook.WebhookDestination;
import org.laguna.core.event.webhook.WebhookReceiver;
import org.laguna.core.event.webhook.WebhookSender;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * Webhooks through REST and the command line, for administrators only: registering one (bad
 * URLs, unknown event types and missing secrets refused with Rucio-style errors), never seeing
 * its secret again, a test event, a catalogue change delivered signed to a real receiver on
 * loopback, a dead letter listed and redelivered, removal.
 */
class WebhookApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "webhook-secret-for-the-api-test";

    @TempDir
    Path work;

    @Test
    void administratorsManageWebhooksOverRestAndEventsReachTheReceiverSigned() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(SECRET);
             TestServer server = TestServer.start(Map.of("hermes.webhook.max-attempts", "1"))) {
            Rest root = server.root();
            Rest.Response added = root.post("/webhooks", Map.of("url", receiver.url(), "secret", SECRET,
                    "event_types", List.of("CREATE_DTS", "rule_ok")));
            assertThat(added.status()).as(added.body()).isEqualTo(201);
            String id = added.json().get("id").asText();
            assertThat(id).matches("[0-9a-f]{32}");
            assertThat(added.json().get("event_types").toString()).isEqualTo("[\"CREATE_DTS\",\"RULE_OK\"]");
            assertThat(added.json().get("enabled").asBoolean()).isTrue();
            assertThat(added.body()).doesNotContain(SECRET).doesNotContain("secret");

            Rest.Response listed = root.get("/webhooks");
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.json()).hasSize(1);
            assertThat(listed.json().get(0).get("url").asText()).isEqualTo(receiver.url());
            assertThat(listed.body()).doesNotContain(SECRET).doesNotContain("secret");

            Rest.Response tested = root.post("/webhooks/" + id + "/test", Map.of());
            assertThat(tested.status()).as(tested.body()).isEqualTo(200);
            assertThat(tested.json().get("ok").asBoolean()).isTrue();
            assertThat(tested.json().get("status").asInt()).isEqualTo(204);
            assertThat(receiver.accepted()).extracting(WebhookReceiver.Received::eventType).containsExactly("webhook_test");

            server.createScope("hook", "root");
            assertThat(root.post("/dids/hook/ds1", Map.of("type", "DATASET")).status()).isEqualTo(201);
            assertThat(root.post("/dids/hook/ct1", Map.of("type", "CONTAINER")).status()).isEqualTo(201);
            deliver(server);
            assertThat(receiver.accepted()).as("only the types asked for").hasSize(2);
            WebhookReceiver.Received created = receiver.accepted().get(1);
            assertThat(created.signatureValid()).isTrue();
            assertThat(created.eventType()).isEqualTo("create_dts");
            assertThat(created.json().at("/payload/scope").asText()).isEqualTo("hook");
            assertThat(created.json().at("/payload/name").asText()).isEqualTo("ds1");
            assertThat(created.json().at("/payload/account").asText()).isEqualTo("root");

            receiver.failNext(1);
            assertThat(root.post("/dids/hook/ds2", Map.of("type", "DATASET")).status()).isEqualTo(201);
            deliver(server);
            Rest.Response dead = root.get("/webhooks/" + id + "/dead_letters");
            assertThat(dead.status()).as(dead.body()).isEqualTo(200);
            assertThat(dead.json()).hasSize(1);
            JsonNode letter = dead.json().get(0);
            assertThat(letter.get("event_type").asText()).isEqualTo("CREATE_DTS");
            assertThat(letter.get("last_status").asInt()).isEqualTo(500);
            assertThat(letter.get("attempts").asInt()).isEqualTo(1);
            assertThat(letter.at("/body/payload/name").asText()).isEqualTo("ds2");
            assertThat(root.get("/webhooks").json().get(0).get("dead_letters").asInt()).isEqualTo(1);

            Rest.Response badIds = root.post("/webhooks/" + id + "/dead_letters", Map.of("ids", "all"));
            assertThat(badIds.status()).isEqualTo(400);
            Rest.Response redelivered = root.post("/webhooks/" + id + "/dead_letters", Map.of("ids", List.of(letter.get("id").asLong())));
            assertThat(redelivered.status()).as(redelivered.body()).isEqualTo(200);
            assertThat(redelivered.json().get("redelivered").asInt()).isEqualTo(1);
            deliver(server);
            assertThat(receiver.accepted()).last().satisfies(r -> assertThat(r.json().at("/payload/name").asText()).isEqualTo("ds2"));
            assertThat(root.get("/webhooks/" + id + "/dead_letters").json()).isEmpty();

            assertThat(root.delete("/webhooks/" + id).status()).isEqualTo(200);
            assertThat(root.get("/webhooks").json()).isEmpty();
            Rest.Response gone = root.delete("/webhooks/" + id);
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.exceptionClass()).isEqualTo("NotFound");
        }
    }

    /** What {@code laguna server} does in its hermes and webhook-sender daemons, one cycle each until idle. */
    private static void deliver(TestServer server) {
        WebhookConfig config = WebhookConfig.from(server.core().config().source());
        try (Hermes hermes = Hermes.create(server.core().database(), server.core().clock(), HermesConfig.from(server.core().config().source()),
                List.of(new WebhookDestination(server.core().database(), server.core().clock())));
             WebhookSender sender = new WebhookSender(server.core().database(), server.core().clock(), config)) {
            for (int i = 0; i < 20 && hermes.runOnce(WorkSlice.ALL) > 0; i++) {
                // until the outbox is empty
            }
            for (int i = 0; i < 20 && sender.runOnce(WorkSlice.ALL) > 0; i++) {
                // until nothing is due
            }
        }
    }

    @Test
    void badRegistrationsAreRefusedWithRucioStyleErrorsAndOnlyAdministratorsMayCall() {
        try (TestServer server = TestServer.start()) {
            Rest root = server.root();
            assertRefused(root.post("/webhooks", Map.of("url", "ftp://example.org/x", "secret", SECRET)), 400, "InvalidValueForKey");
            assertRefused(root.post("/webhooks", Map.of("url", "http://", "secret", SECRET)), 400, "InvalidValueForKey");
            assertRefused(root.post("/webhooks", Map.of("url", "https://example.org/hook")), 400, "MissingParameter");
            assertRefused(root.post("/webhooks", Map.of("url", "https://example.org/hook", "secret", "short")), 400, "InvalidValueForKey");
            assertRefused(root.post("/webhooks", Map.of("url", "https://example.org/hook", "secret", SECRET,
                    "event_types", List.of("transfer-done", "no-such-event"))), 400, "InvalidValueForKey");
            assertRefused(root.post("/webhooks", Map.of("url", "https://example.org/hook", "secret", SECRET, "event_types", "RULE_OK")),
                    400, "InvalidType");
            assertRefused(root.post("/webhooks", Map.of("url", "https://example.org/hook", "secret", SECRET, "colour", "red")),
                    400, "InvalidObject");
            assertRefused(root.postRaw("/webhooks", "{not json"), 400, "ValueError");
            assertRefused(root.post("/webhooks/not-an-id/test", Map.of()), 404, "NotFound");
            assertRefused(root.get("/webhooks/0123456789abcdef0123456789abcdef/dead_letters?limit=0"), 400, "InvalidValueForKey");
            assertThat(root.get("/webhooks").json()).isEmpty();

            String id = root.post("/webhooks", Map.of("url", "http://127.0.0.1:9/hook", "secret", SECRET)).json().get("id").asText();
            assertRefused(root.put("/webhooks/" + id, Map.of("event_types", List.of("nope"))), 400, "InvalidValueForKey");
            assertRefused(root.put("/webhooks/" + id, Map.of("enabled", "maybe")), 400, "InvalidType");
            assertRefused(root.put("/webhooks/0123456789abcdef0123456789abcdef", Map.of("enabled", false)), 404, "NotFound");
            Rest.Response disabled = root.put("/webhooks/" + id, Map.of("enabled", false, "event_types", List.of("ERASE", "lost")));
            assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
            assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
            assertThat(disabled.json().get("event_types").toString()).isEqualTo("[\"ERASE\",\"LOST\"]");
            Rest user = server.createUser("jhook", "jhook-password-1");
            assertRefused(user.post("/webhooks", Map.of("url", "https://example.org/hook", "secret", SECRET)), 401, "AccessDenied");
            assertRefused(user.get("/webhooks"), 401, "AccessDenied");
            assertRefused(user.delete("/webhooks/" + id), 401, "AccessDenied");
            assertRefused(user.put("/webhooks/" + id, Map.of("enabled", true)), 401, "AccessDenied");
            assertRefused(user.post("/webhooks/" + id + "/test", Map.of()), 401, "AccessDenied");
            assertRefused(user.get("/webhooks/" + id + "/dead_letters"), 401, "AccessDenied");
            assertRefused(user.post("/webhooks/" + id + "/dead_letters", Map.of()), 401, "AccessDenied");
            assertThat(server.anonymous().get("/webhooks").status()).isEqualTo(401);

            Rest.Response unreachable = root.post("/webhooks/" + id + "/test", Map.of());
            assertThat(unreachable.status()).isEqualTo(200);
            assertThat(unreachable.json().get("ok").asBoolean()).isFalse();
            assertThat(unreachable.json().get("error").asText()).isNotBlank();
        }
    }

    private static void assertRefused(Rest.Response response, int status, String exceptionClass) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.exceptionClass()).as(response.body()).isEqualTo(exceptionClass);
    }

    @Test
    void theCommandLineAddsListsTestsAndRemovesWebhooksWithJson() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start(SECRET);
             TestServer server = TestServer.start(Map.of("hermes.webhook.max-attempts", "1"))) {
            Run added = CliRunner.asRootWithInput(server, SECRET + "\n", "webhook", "add", receiver.url(), "--event-type", "CREATE_DTS",
                    "--secret-stdin", "--json");
            assertThat(added.exit()).as(added.err()).isZero();
            JsonNode result = JSON.readTree(added.out());
            assertThat(result.get("result").asText()).isEqualTo("added");
            String id = result.get("id").asText();
            assertThat(result.get("event_types").get(0).asText()).isEqualTo("CREATE_DTS");
            assertThat(added.out()).doesNotContain(SECRET);

            Path secretFile = Files.writeString(work.resolve("secret"), SECRET + "\n");
            Run second = CliRunner.asRoot(server, "webhook", "add", receiver.url(), "--secret-file", secretFile.toString(), "--disabled");
            assertThat(second.exit()).as(second.err()).isZero();
            assertThat(second.out()).startsWith("Added webhook ");

            Run listed = CliRunner.asRoot(server, "webhook", "ls", "--json");
            assertThat(listed.exit()).as(listed.err()).isZero();
            List<JsonNode> rows = listed.out().lines().filter(l -> !l.isBlank()).map(WebhookApiTest::json).toList();
            assertThat(rows).hasSize(2);
            assertThat(rows).extracting(r -> r.get("enabled").asBoolean()).containsExactlyInAnyOrder(true, false);
            assertThat(listed.out()).doesNotContain(SECRET);
            String disabled = rows.stream().filter(r -> !r.get("enabled").asBoolean()).findFirst().orElseThrow().get("id").asText();
            Run enabled = CliRunner.asRoot(server, "webhook", "update", disabled, "--enable", "--event-type", "RULE_OK", "--json");
            assertThat(enabled.exit()).as(enabled.err()).isZero();
            assertThat(json(enabled.out().strip()).get("enabled").asBoolean()).isTrue();
            assertThat(json(enabled.out().strip()).get("event_types").get(0).asText()).isEqualTo("RULE_OK");
            assertThat(CliRunner.asRoot(server, "webhook", "update", disabled).exit()).as("nothing to change").isNotZero();
            Run table = CliRunner.asRoot(server, "webhook", "ls");
            assertThat(table.out()).contains(id, receiver.url());

            Run tested = CliRunner.asRoot(server, "webhook", "test", id, "--json");
            assertThat(tested.exit()).as(tested.err()).isZero();
            assertThat(json(tested.out().strip()).get("ok").asBoolean()).isTrue();
            receiver.failNext(1);
            Run failing = CliRunner.asRoot(server, "webhook", "test", id, "--json");
            assertThat(failing.exit()).as("a receiver that fails gives exit code 1").isEqualTo(1);
            assertThat(json(failing.out().strip()).get("status").asInt()).isEqualTo(500);

            receiver.failNext(1);
            server.createScope("clihook", "root");
            assertThat(server.root().post("/dids/clihook/ds", Map.of("type", "DATASET")).status()).isEqualTo(201);
            deliver(server);
            Run dead = CliRunner.asRoot(server, "webhook", "dead-letters", id, "--json");
            assertThat(dead.exit()).as(dead.err()).isZero();
            JsonNode letter = json(dead.out().lines().findFirst().orElseThrow());
            assertThat(letter.get("event_type").asText()).isEqualTo("CREATE_DTS");
            Run redeliver = CliRunner.asRoot(server, "webhook", "redeliver", id, letter.get("id").asText(), "--json");
            assertThat(redeliver.exit()).as(redeliver.err()).isZero();
            assertThat(json(redeliver.out().strip()).get("count").asInt()).isEqualTo(1);
            deliver(server);
            assertThat(receiver.accepted()).last().satisfies(r -> assertThat(r.eventType()).isEqualTo("create_dts"));

            Run bad = CliRunner.asRootWithInput(server, SECRET + "\n", "webhook", "add", "ftp://example.org/x", "--secret-stdin");
            assertThat(bad.exit()).isEqualTo(1);
            assertThat(bad.err()).contains("InvalidValueForKey");
            Run unknownType = CliRunner.asRootWithInput(server, SECRET + "\n", "webhook", "add", receiver.url(), "--event-type", "nope",
                    "--secret-stdin");
            assertThat(unknownType.exit()).isEqualTo(1);
            assertThat(unknownType.err()).contains("nope");

            Run removed = CliRunner.asRoot(server, "webhook", "rm", id, "--json");
            assertThat(removed.exit()).as(removed.err()).isZero();
            assertThat(json(removed.out().strip()).get("result").asText()).isEqualTo("removed");
            assertThat(CliRunner.asRoot(server, "webhook", "rm", id).exit()).isEqualTo(1);
        }
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
