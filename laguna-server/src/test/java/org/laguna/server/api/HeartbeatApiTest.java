package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.core.daemon.DaemonInstance;
import org.laguna.core.daemon.Heartbeats;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

@ExtendWith(ServerPerClass.class)
class HeartbeatApiTest {
    private static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        Heartbeats heartbeats = new Heartbeats();
        server.core().database().inTransactionVoid(tx -> {
            heartbeats.beat(tx, new DaemonInstance("token-cleaner", "node-1.example.org", 4242, 0), Duration.ofMinutes(1));
            heartbeats.beat(tx, new DaemonInstance("token-cleaner", "node-2.example.org", 77, 3), Duration.ofMinutes(1));
            heartbeats.beat(tx, new DaemonInstance("token-cleaner", "node-dead.example.org", 5, 0), Duration.ofMinutes(1));
            tx.update("update heartbeats set updated_at = now() - interval '1 day' where hostname = 'node-dead.example.org'");
        });
    }

    @Test
    void listsTheLiveInstancesWithRucioFields() {
        Rest.Response response = server.root().get("/heartbeats");

        assertThat(response.status()).isEqualTo(200);
        JsonNode list = response.json();
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(2);
        JsonNode first = list.get(0);
        assertThat(first.fieldNames()).toIterable()
                .containsExactly("readable", "hostname", "pid", "thread_name", "updated_at", "created_at", "payload");
        assertThat(first.get("readable").asText()).isEqualTo("token-cleaner");
        assertThat(first.get("hostname").asText()).isEqualTo("node-1.example.org");
        assertThat(first.get("pid").asLong()).isEqualTo(4242);
        assertThat(first.get("thread_name").asText()).isEqualTo("token-cleaner-0");
        assertThat(first.get("updated_at").asText()).matches("\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} UTC");
        assertThat(first.get("payload").isNull()).isTrue();
        assertThat(list.get(1).get("thread_name").asText()).isEqualTo("token-cleaner-3");
    }

    @Test
    void onlyAdministratorsMayListThem() {
        Rest user = server.createUser("jdoe", "jdoe-password");

        Rest.Response response = user.get("/heartbeats");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(response.header("ExceptionMessage")).contains("jdoe");
    }

    @Test
    void anonymousCallersAreRejected() {
        assertThat(server.anonymous().get("/heartbeats").status()).isIn(400, 401);
    }
}
