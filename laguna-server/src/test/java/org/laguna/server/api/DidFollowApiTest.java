package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

@ExtendWith(ServerPerClass.class)
class DidFollowApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest fiona;
    private static Rest gus;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        fiona = server.createUser("fiona", "secret-fiona");
        gus = server.createUser("gus", "secret-gus");
        server.createScope("flw", "root");
        assertThat(root.post("/dids/flw/followed.ds", Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(root.post("/dids/flw/second.ds", Map.of("type", "DATASET")).status()).isEqualTo(201);
    }

    private static List<String> followers(String name) {
        Rest.Response response = gus.get("/dids/flw/" + name + "/follow");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.lines().stream().map(line -> line.get("user").asText()).toList();
    }

    @Test
    void anAccountFollowsAndStopsFollowingADid() {
        Rest.Response followed = fiona.post("/dids/flw/followed.ds/follow", Map.of("account", "fiona"));
        assertThat(followed.status()).as(followed.body()).isEqualTo(200);
        assertThat(fiona.post("/dids/flw/followed.ds/follow", Map.of("account", "fiona")).status()).as("again").isEqualTo(200);
        assertThat(root.post("/dids/flw/followed.ds/follow", Map.of("account", "gus")).status()).as("an administrator for another")
                .isEqualTo(200);
        assertThat(followers("followed.ds")).containsExactly("fiona", "gus");

        assertThat(fiona.delete("/dids/flw/followed.ds/follow", Map.of("account", "fiona")).status()).isEqualTo(200);
        assertThat(followers("followed.ds")).containsExactly("gus");
        Rest.Response notFollowing = fiona.delete("/dids/flw/followed.ds/follow", Map.of("account", "fiona"));
        assertThat(notFollowing.status()).isEqualTo(404);
        assertThat(notFollowing.exceptionClass()).isEqualTo("DataIdentifierNotFound");
    }

    @Test
    void anAccountCannotMakeAnotherFollowOrStop() {
        Rest.Response denied = gus.post("/dids/flw/second.ds/follow", Map.of("account", "fiona"));
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.exceptionClass()).isEqualTo("AccessDenied");
        root.post("/dids/flw/second.ds/follow", Map.of("account", "fiona"));
        assertThat(gus.delete("/dids/flw/second.ds/follow", Map.of("account", "fiona")).exceptionClass()).isEqualTo("AccessDenied");
        assertThat(followers("second.ds")).containsExactly("fiona");
    }

    @Test
    void badInputIsRefusedWithRucioErrors() {
        Rest.Response unknownDid = fiona.post("/dids/flw/missing.ds/follow", Map.of("account", "fiona"));
        assertThat(unknownDid.status()).isEqualTo(404);
        assertThat(unknownDid.exceptionClass()).isEqualTo("DataIdentifierNotFound");
        assertThat(gus.get("/dids/flw/missing.ds/follow").exceptionClass()).isEqualTo("DataIdentifierNotFound");
        assertThat(root.post("/dids/flw/followed.ds/follow", Map.of("account", "nobody")).exceptionClass()).isEqualTo("AccountNotFound");
        for (Object body : List.of(Map.of(), Map.of("account", 5), Map.of("account", "fiona", "extra", 1), List.of("fiona"))) {
            Rest.Response bad = fiona.post("/dids/flw/followed.ds/follow", body);
            assertThat(bad.status()).as(String.valueOf(body)).isEqualTo(400);
            JsonNode error = bad.json();
            assertThat(error.has("ExceptionClass")).isTrue();
        }
        assertThat(server.anonymous().get("/dids/flw/followed.ds/follow").status()).isEqualTo(401);
    }
}
