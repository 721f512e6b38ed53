package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

@ExtendWith(ServerPerClass.class)
class DidBulkMetaApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest jana;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        jana = server.createUser("jana", "secret-jana");
        server.createScope("bmt", "root");
        root.post("/dids/bmt/top.cont", Map.of("type", "CONTAINER", "meta", Map.of("season", "winter", "colour", "blue")));
        root.post("/dids/bmt/child.ds", Map.of("type", "DATASET", "meta", Map.of("colour", "red")));
        root.post("/dids/bmt/alone.ds", Map.of("type", "DATASET"));
        assertThat(root.post("/dids/bmt/top.cont/dids", Map.of("dids", List.of(Map.of("scope", "bmt", "name", "child.ds")))).status())
                .isEqualTo(201);
    }

    private static Map<String, JsonNode> byName(Rest.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> rows = new HashMap<>();
        response.lines().forEach(line -> rows.put(line.get("name").asText(), line));
        return rows;
    }

    @Test
    void listsTheMetadataOfTheDidsThatExist() {
        Map<String, JsonNode> rows = byName(jana.post("/dids/bulkmeta", Map.of("dids", List.of(Map.of("scope", "bmt", "name", "child.ds"),
                Map.of("scope", "bmt", "name", "alone.ds"), Map.of("scope", "bmt", "name", "missing.ds")), "plugin", "ALL")));
        assertThat(rows).containsOnlyKeys("child.ds", "alone.ds");
        assertThat(rows.get("child.ds").get("colour").asText()).isEqualTo("red");
        assertThat(rows.get("child.ds").get("scope").asText()).isEqualTo("bmt");
        assertThat(rows.get("child.ds").has("season")).isFalse();
        assertThat(rows.get("alone.ds").get("did_type").asText()).isEqualTo("DATASET");
    }

    @Test
    void inheritAddsTheKeysOfTheParentsThatTheDidLacks() {
        Map<String, JsonNode> rows = byName(jana.post("/dids/bulkmeta", Map.of("dids", List.of(Map.of("scope", "bmt", "name", "child.ds"),
                Map.of("scope", "bmt", "name", "missing.ds")), "inherit", true, "plugin", "JSON")));
        assertThat(rows.get("child.ds").get("colour").asText()).as("its own value wins").isEqualTo("red");
        assertThat(rows.get("child.ds").get("season").asText()).isEqualTo("winter");
        assertThat(rows.get("missing.ds").size()).as("only scope and name").isEqualTo(2);
    }

    @Test
    void badInputIsRefusedWithRucioErrors() {
        assertThat(root.post("/dids/bulkmeta", Map.of()).exceptionClass()).isEqualTo("ValueError");
        assertThat(root.post("/dids/bulkmeta", Map.of("dids", "bmt:child.ds")).exceptionClass()).isEqualTo("InvalidObject");
        assertThat(root.post("/dids/bulkmeta", Map.of("dids", List.of(1))).exceptionClass()).isEqualTo("InvalidObject");
        Rest.Response plugin = root.post("/dids/bulkmeta", Map.of("dids", List.of(Map.of("scope", "bmt", "name", "child.ds")),
                "plugin", "NO_PLUGIN"));
        assertThat(plugin.status()).isEqualTo(400);
        assertThat(root.post("/dids/bulkmeta", Map.of("dids", List.of(), "inherit", "maybe")).status()).isEqualTo(400);
        assertThat(server.anonymous().post("/dids/bulkmeta", Map.of("dids", List.of())).status()).isEqualTo(401);
    }
}
