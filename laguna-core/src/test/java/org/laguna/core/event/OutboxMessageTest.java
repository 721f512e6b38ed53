package org.laguna.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutboxMessageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OutboxMessage message(String eventType, String payload) {
        return new OutboxMessage(1, eventType, payload, "exp:f", List.of(), Instant.parse("2026-12-04T10:15:30.123456Z"), Optional.empty());
    }

    @Test
    void theBrokerBodyIsJsonWithTheLowerCasedTypeThePayloadAsItIsAndRuciosDate() throws Exception {
        JsonNode body = JSON.readTree(message("RULE_OK", "{\"rule_id\":\"r1\",\"name\":\"ds\"}").brokerBody());

        assertThat(body.get("event_type").asText()).isEqualTo("rule_ok");
        assertThat(body.get("payload")).isEqualTo(JSON.readTree("{\"rule_id\":\"r1\",\"name\":\"ds\"}"));
        assertThat(body.get("created_at").asText()).isEqualTo("2026-12-04 10:15:30.123456");
        assertThat(body.fieldNames()).toIterable().containsExactly("event_type", "payload", "created_at");
    }

    @Test
    void quotesBackslashesAndControlCharactersInTheTypeAreEscaped() throws Exception {
        String type = "odd\"type\\with\ncontrol\u0001chars and ü";

        JsonNode body = JSON.readTree(message(type, "{}").brokerBody());

        assertThat(body.get("event_type").asText()).isEqualTo("odd\"type\\with\ncontrol\u0001chars and ü");
    }
}
