package org.laguna.server.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/** Changes of the catalogue write their events with them, and a refused change writes none. */
class CatalogueEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;
    private static Rest root;

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start();
        root = server.root();
        server.createScope("exp", "root");
        PosixRses.addUnder(root, "EVENTS_DISK", Files.createTempDirectory("laguna-events"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The payloads of the pending events of a type about a key, oldest first. */
    private static List<JsonNode> events(String type, String key) {
        return server.core().database().readOnly(tx -> tx.query("select payload::text from messages where event_type = ? and ordering_key = ? "
                + "order by id", rs -> read(rs.getString(1)), type, key));
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void addingAnAccountWritesAccountRegistered() {
        assertThat(root.post("/accounts/evuser", Map.of("type", "USER", "email", "evuser@example.org")).status()).isEqualTo(201);

        List<JsonNode> events = events("ACCOUNT_REGISTERED", "account:evuser");
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().get("email").asText()).isEqualTo("evuser@example.org");
        assertThat(events.getFirst().get("issuer").asText()).isEqualTo("root");
    }

    @Test
    void creatingAndClosingADatasetWritesCreateDtsThenClose() {
        assertThat(root.post("/dids/exp/evds", Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(root.put("/dids/exp/evds/status", Map.of("open", false)).status()).isEqualTo(200);

        assertThat(events("CREATE_DTS", "exp:evds")).singleElement().satisfies(p -> {
            assertThat(p.get("account").asText()).isEqualTo("root");
            assertThat(p.get("scope").asText()).isEqualTo("exp");
        });
        assertThat(events("CLOSE", "exp:evds")).singleElement().satisfies(p -> assertThat(p.get("length").asLong()).isZero());
        List<String> order = server.core().database().readOnly(tx -> tx.query("select event_type from messages where ordering_key = 'exp:evds' "
                + "order by id", rs -> rs.getString(1)));
        assertThat(order).containsExactly("CREATE_DTS", "CLOSE");
    }

    @Test
    void aRuleAskingForApprovalWritesRuleApprovalRequested() {
        assertThat(root.post("/dids/exp/evapproval", Map.of("type", "DATASET")).status()).isEqualTo(201);
        Rest.Response rule = root.post("/rules", Map.of("dids", List.of(Map.of("scope", "exp", "name", "evapproval")), "copies", 1,
                "rse_expression", "EVENTS_DISK", "ask_approval", true));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);

        assertThat(events("RULE_APPROVAL_REQUESTED", "exp:evapproval")).singleElement()
                .satisfies(p -> assertThat(p.get("rule_id").asText()).isEqualTo(rule.json().get(0).asText()));
    }

    @Test
    void aRefusedChangeWritesNoEvent() {
        long before = server.core().database().readOnly(tx -> tx.count("select count(*) from messages"));

        assertThat(root.post("/dids/exp/evbad", Map.of("type", "DATASET", "lifetime", "not a number")).status()).isBetween(400, 499);
        assertThat(root.post("/dids/nosuchscope/evbad", Map.of("type", "DATASET")).status()).isBetween(400, 499);

        long after = server.core().database().readOnly(tx -> tx.count("select count(*) from messages"));
        assertThat(after).isEqualTo(before);
    }
}
