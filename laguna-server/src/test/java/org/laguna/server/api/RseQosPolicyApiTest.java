package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

@ExtendWith(ServerPerClass.class)
class RseQosPolicyApiTest {
    private static Rest root;
    private static Rest ivan;

    @BeforeAll
    static void start(TestServer server) {
        root = server.root();
        ivan = server.createUser("ivan", "secret-ivan");
        assertThat(root.post("/rses/QOS_DISK", Map.of()).status()).isEqualTo(201);
    }

    @Test
    void administratorsAddAndDeletePoliciesThatEveryoneReads() {
        assertThat(root.post("/rses/QOS_DISK/qos_policy/FAST", Map.of()).status()).isEqualTo(201);
        assertThat(root.post("/rses/QOS_DISK/qos_policy/CHEAP", Map.of()).status()).isEqualTo(201);
        Rest.Response listed = ivan.get("/rses/QOS_DISK/qos_policy");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.header("Content-Type")).startsWith("application/json");
        assertThat(listed.json()).extracting(n -> n.asText()).containsExactly("CHEAP", "FAST");

        Rest.Response duplicate = root.post("/rses/QOS_DISK/qos_policy/FAST", Map.of());
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.exceptionClass()).isEqualTo("Duplicate");

        assertThat(root.delete("/rses/QOS_DISK/qos_policy/CHEAP").status()).isEqualTo(200);
        assertThat(root.delete("/rses/QOS_DISK/qos_policy/NEVER_ADDED").status()).as("as in Rucio").isEqualTo(200);
        assertThat(ivan.get("/rses/QOS_DISK/qos_policy").json()).extracting(n -> n.asText()).containsExactly("FAST");
    }

    @Test
    void otherAccountsCannotChangePolicies() {
        Rest.Response denied = ivan.post("/rses/QOS_DISK/qos_policy/MINE", Map.of());
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(ivan.delete("/rses/QOS_DISK/qos_policy/FAST").exceptionClass()).isEqualTo("AccessDenied");
    }

    @Test
    void unknownRsesAndOverlongPoliciesAreRefused() {
        assertThat(root.get("/rses/NO_SUCH_RSE/qos_policy").exceptionClass()).isEqualTo("RSENotFound");
        assertThat(root.post("/rses/NO_SUCH_RSE/qos_policy/FAST", Map.of()).exceptionClass()).isEqualTo("RSENotFound");
        assertThat(root.delete("/rses/NO_SUCH_RSE/qos_policy/FAST").status()).isEqualTo(404);
        Rest.Response tooLong = root.post("/rses/QOS_DISK/qos_policy/" + "X".repeat(65), Map.of());
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.exceptionClass()).isEqualTo("InvalidObject");
    }
}
