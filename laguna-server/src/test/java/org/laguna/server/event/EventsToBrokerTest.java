package org.laguna.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.event.EmbeddedStompBroker;
import org.laguna.core.event.Hermes;
import org.laguna.core.event.HermesConfig;
import org.laguna.core.event.StompReader;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * A rule between two POSIX RSEs, with hermes delivering to a real STOMP broker that is down at
 * first: the events wait in the outbox (and show in {@code /metrics}), then arrive on the broker
 * once it is up: transfer-queued, -submitted, -done and rule_ok with Rucio's payloads; the
 * administrators see them in {@code /messages} and {@code laguna events ls}.
 */
class EventsToBrokerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DESTINATION = "/queue/laguna.events";

    @TempDir
    Path work;

    @Test
    void aRuleBetweenTwoRsesSendsTransferAndRuleEventsToTheBrokerOnceItIsUp() throws Exception {
        try (EmbeddedStompBroker broker = EmbeddedStompBroker.onFreePort();
             TestServer server = TestServer.start(Map.of("hermes.stomp.brokers", "127.0.0.1:" + broker.port(),
                     "hermes.stomp.username", EmbeddedStompBroker.USER, "hermes.stomp.password", EmbeddedStompBroker.PASSWORD,
                     "hermes.stomp.destination", DESTINATION, "hermes.stomp.reconnect-delay", "PT0.1S"))) {
            Rest root = server.root();
            server.createScope("exp", "root");
            Path storage = Files.createDirectories(work.resolve("storage"));
            PosixRses.addUnder(root, "SOURCE", storage);
            PosixRses.addUnder(root, "TARGET", storage);
            Path dir = Files.createDirectories(work.resolve("files"));
            for (int i = 0; i < 3; i++) {
                Files.writeString(dir.resolve("f" + i + ".dat"), "content " + i);
            }
            Run upload = CliRunner.asRoot(server, "upload", "--rse", "SOURCE", "--scope", "exp", "--dataset", "exp:ds", dir.toString());
            assertThat(upload.exit()).as(upload.err()).isZero();
            Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", "ds")), "copies", 1,
                    "rse_expression", "TARGET", "notify", "Y"));
            assertThat(added.status()).as(added.body()).isEqualTo(201);
            String rule = added.json().get(0).asText();
            server.drainTransfers();
            assertThat(root.get("/rules/" + rule).json().get("state").asText()).isEqualTo("OK");

            Hermes hermes = Hermes.create(server.core().database(), server.core().clock(), HermesConfig.from(server.core().config().source()));
            try (hermes) {
                assertThat(hermes.runOnce(WorkSlice.ALL)).as("the broker is down").isZero();
                long pending = server.core().database().readOnly(tx -> tx.count("select count(*) from messages"));
                assertThat(pending).isGreaterThanOrEqualTo(10);
                assertThat(root.get("/metrics").body()).contains("laguna_outbox_backlog{destination=\"stomp\"} " + pending + ".0");

                broker.start();
                Thread.sleep(300);
                for (int i = 0; i < 20 && hermes.runOnce(WorkSlice.ALL) > 0; i++) {
                    // until the outbox is empty
                }
            }
            // the backlog gauge counts at most once a second: the emptied outbox shows at the next count
            assertThat(metricsWithin(root, "laguna_outbox_backlog{destination=\"stomp\"} 0.0", Duration.ofSeconds(5)))
                    .contains("laguna_outbox_backlog{destination=\"stomp\"} 0.0");

            try (StompReader reader = StompReader.subscribe(broker.broker(), DESTINATION)) {
                List<StompReader.Received> got = reader.await(m -> "rule_ok".equals(m.eventType()), 1, Duration.ofSeconds(20));
                Set<String> types = got.stream().map(StompReader.Received::eventType).collect(Collectors.toSet());
                assertThat(types).contains("transfer-queued", "transfer-submitted", "transfer-done", "rule_ok", "create_dts", "register_dts");
                assertThat(got.stream().filter(m -> m.eventType().equals("transfer-done"))).hasSize(3);
                JsonNode done = JSON.readTree(got.stream().filter(m -> m.eventType().equals("transfer-done")).findFirst().orElseThrow().body());
                assertThat(done.get("payload").get("scope").asText()).isEqualTo("exp");
                assertThat(done.get("payload").get("src-rse").asText()).isEqualTo("SOURCE");
                assertThat(done.get("payload").get("dst-rse").asText()).isEqualTo("TARGET");
                assertThat(done.get("payload").get("file-size").asLong()).isPositive();
                assertThat(done.get("payload").has("checksum-adler")).isTrue();
                JsonNode ok = JSON.readTree(got.stream().filter(m -> m.eventType().equals("rule_ok")).findFirst().orElseThrow().body());
                assertThat(ok.get("payload").get("rule_id").asText()).isEqualTo(rule);
                assertThat(ok.get("payload").get("name").asText()).isEqualTo("ds");
            }

            Rest.Response sent = root.get("/messages?sent=true&event_type=RULE_OK");
            assertThat(sent.status()).isEqualTo(200);
            assertThat(sent.json()).hasSize(1);
            assertThat(sent.json().get(0).get("delivered_to").get(0).asText()).isEqualTo("stomp");
            Run listed = CliRunner.asRoot(server, "events", "ls", "--sent", "--type", "transfer-done", "--json");
            assertThat(listed.exit()).as(listed.err()).isZero();
            assertThat(listed.out().lines().filter(l -> !l.isBlank())).hasSize(3).allMatch(l -> l.contains("\"transfer-done\""));
        }
    }

    @Test
    void onlyAdministratorsListMessagesAndBadFiltersAreRefused() {
        try (TestServer server = TestServer.start()) {
            Rest user = server.createUser("jdoe", "jdoe-password");
            assertThat(user.get("/messages").status()).isEqualTo(401);
            assertThat(server.root().get("/messages?limit=0").status()).isEqualTo(400);
            assertThat(server.root().get("/messages?event_type=no%20spaces").status()).isEqualTo(400);
            assertThat(server.root().get("/messages?before_id=x").status()).isEqualTo(400);
            assertThat(server.root().get("/messages").status()).isEqualTo(200);
        }
    }

    /** The metrics once they contain the text, or the last ones read when the time is up. */
    private static String metricsWithin(Rest root, String text, Duration limit) throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        String body = root.get("/metrics").body();
        while (!body.contains(text) && System.nanoTime() < end) {
            Thread.sleep(200);
            body = root.get("/metrics").body();
        }
        return body;
    }
}
