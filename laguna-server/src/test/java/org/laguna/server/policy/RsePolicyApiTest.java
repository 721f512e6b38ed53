package org.laguna.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/** A server running the RSE-based example policy: only tape operators make rules that reach a TAPE RSE. */
class RsePolicyApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest alice;

    @BeforeAll
    static void start() throws IOException {
        Path file = Files.createTempFile("rse-based", ".yaml");
        try (InputStream in = RsePolicyApiTest.class.getResourceAsStream("/org/laguna/core/permission/policies/rse-based.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        server = TestServer.start(Map.of("policy.file", file.toString()));
        root = server.root();
        assertThat(root.post("/rses/POL_TAPE", Map.of("rse_type", "TAPE")).status()).isEqualTo(201);
        assertThat(root.post("/rses/POL_DISK", Map.of("rse_type", "DISK")).status()).isEqualTo(201);
        server.createUser("olga", "secret-olga");
        alice = server.createUser("alice", "secret-alice");
        server.createScope("user.alice", "alice");
        assertThat(root.post("/accounts/olga/attr/group", Map.of("value", "tape-operators")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void onlyTapeOperatorsMakeRulesThatReachTape() {
        String ask = "/policy/explain?action=add_rule&locked=false&copies=1&account=";
        assertThat(root.get(ask + "alice&rse_expression=POL_TAPE").json().get("statement").asText()).isEqualTo("tape-needs-operators");
        assertThat(root.get(ask + "olga&rse_expression=rse_type%3DTAPE").json().get("statement").asText()).isEqualTo("tape-operators-on-tape");
        assertThat(root.get(ask + "alice&rse_expression=POL_DISK&source_replica_expression=POL_TAPE").json().get("decision").asText())
                .isEqualTo("deny");
        assertThat(root.get(ask + "alice&rse_expression=POL_DISK").json().get("statement").asText()).isEqualTo("own-unlocked-rule");

        assertThat(alice.post("/dids/user.alice/ds1", Map.of("type", "DATASET")).status()).isEqualTo(201);
        Rest.Response toTape = alice.post("/rules", Map.of("dids", List.of(Map.of("scope", "user.alice", "name", "ds1")),
                "copies", 1, "rse_expression", "POL_TAPE"));
        assertThat(toTape.status()).isEqualTo(401);
        assertThat(toTape.body()).contains("add_rule").contains("tape-needs-operators");
    }
}
