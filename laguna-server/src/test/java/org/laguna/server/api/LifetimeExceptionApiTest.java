package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/** Rucio's lifetime exceptions: any account asks, administrators approve or reject. */
class LifetimeExceptionApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest user;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
        user = server.createUser("lteuser", "lteuser-password");
        server.createScope("lte", "lteuser");
        for (String name : List.of("ds1", "ds2", "ds3", "ds4")) {
            assertThat(user.post("/dids/lte/" + name, Map.of("type", "DATASET")).status()).isEqualTo(201);
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> request(String... names) {
        return Map.of("dids", java.util.Arrays.stream(names).map(n -> Map.of("scope", "lte", "name", n)).toList(),
                "pattern", "", "comments", "needed for the reprocessing", "expires_at", "Fri, 01 Jan 2100 00:00:00 UTC");
    }

    private static String add(String... names) {
        Rest.Response added = user.post("/lifetime_exceptions/", request(names));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get("exceptions").fieldNames().next();
    }

    @Test
    void anAccountAsksForAnExceptionAndUnknownDidsAreNamed() {
        Rest.Response added = user.post("/lifetime_exceptions/", request("ds1", "nowhere"));

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode answer = added.json();
        assertThat(answer.fieldNames()).toIterable().containsExactly("exceptions", "unknown", "not_affected");
        String id = answer.get("exceptions").fieldNames().next();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(answer.get("exceptions").get(id).get(0).get("name").asText()).isEqualTo("ds1");
        assertThat(answer.get("exceptions").get(id).get(0).get("did_type").asText()).isEqualTo("DATASET");
        assertThat(answer.get("unknown").get(0).get("name").asText()).isEqualTo("nowhere");

        List<JsonNode> shown = user.get("/lifetime_exceptions/" + id).lines();
        assertThat(shown).hasSize(1);
        JsonNode line = shown.get(0);
        assertThat(line.fieldNames()).toIterable().containsExactly("id", "scope", "name", "did_type", "account", "pattern", "comments",
                "state", "created_at", "expires_at");
        assertThat(line.get("account").asText()).isEqualTo("lteuser");
        assertThat(line.get("state").asText()).isEqualTo("WAITING");
        assertThat(line.get("comments").asText()).isEqualTo("needed for the reprocessing");
        assertThat(line.get("expires_at").asText()).isEqualTo("Fri, 01 Jan 2100 00:00:00 UTC");
        assertThat(user.get("/lifetime_exceptions/").lines()).extracting(l -> l.get("id").asText()).contains(id);
    }

    @Test
    void anAdministratorApprovesOrRejectsAndAnOrdinaryAccountMayNot() {
        String approved = add("ds2");
        String rejected = add("ds3");

        Rest.Response denied = user.put("/lifetime_exceptions/" + approved, Map.of("state", "A"));
        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.exceptionClass()).isEqualTo("AccessDenied");

        assertThat(root.put("/lifetime_exceptions/" + approved, Map.of("state", "A")).status()).isEqualTo(201);
        assertThat(root.put("/lifetime_exceptions/" + rejected, Map.of("state", "REJECTED")).status()).isEqualTo(201);
        assertThat(root.get("/lifetime_exceptions/" + approved).lines().get(0).get("state").asText()).isEqualTo("APPROVED");
        assertThat(root.get("/lifetime_exceptions/" + rejected).lines().get(0).get("state").asText()).isEqualTo("REJECTED");
        assertThat(root.get("/lifetime_exceptions/?states=A").lines()).extracting(l -> l.get("id").asText())
                .contains(approved).doesNotContain(rejected);
    }

    @Test
    void badInputIsRefusedWithRucioErrors() {
        String id = add("ds4");
        Rest.Response waiting = root.put("/lifetime_exceptions/" + id, Map.of("state", "W"));
        assertThat(waiting.status()).isBetween(400, 499);
        assertThat(waiting.exceptionClass()).isEqualTo("UnsupportedOperation");
        assertThat(root.put("/lifetime_exceptions/" + id, Map.of()).exceptionClass()).isEqualTo("UnsupportedOperation");

        Rest.Response unknown = root.put("/lifetime_exceptions/0123456789abcdef0123456789abcdef", Map.of("state", "A"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.exceptionClass()).isEqualTo("LifetimeExceptionNotFound");
        assertThat(user.get("/lifetime_exceptions/not-an-id").exceptionClass()).isEqualTo("LifetimeExceptionNotFound");

        Rest.Response badDate = user.post("/lifetime_exceptions/", Map.of("dids", List.of(Map.of("scope", "lte", "name", "ds4")),
                "expires_at", "next week"));
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.exceptionClass()).isEqualTo("InvalidObject");
        Rest.Response past = user.post("/lifetime_exceptions/", Map.of("dids", List.of(Map.of("scope", "lte", "name", "ds4")),
                "expires_at", "2001-01-01T00:00:00"));
        assertThat(past.exceptionClass()).isEqualTo("InvalidObject");
        assertThat(user.post("/lifetime_exceptions/", Map.of("dids", "lte:ds4")).exceptionClass()).isEqualTo("InvalidObject");
        assertThat(user.post("/lifetime_exceptions/", Map.of("dids", List.of(Map.of("scope", "lte")))).status()).isEqualTo(400);
        Rest.Response twice = user.post("/lifetime_exceptions/", request("ds4", "ds4"));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.exceptionClass()).isEqualTo("LifetimeExceptionDuplicate");
        assertThat(user.postRaw("/lifetime_exceptions/", "[1, 2").status()).isEqualTo(400);
    }

    @Test
    void theConfiguredLongestExtensionCapsTheExpiry() {
        assertThat(root.put("/config/lifetime_model/max_extension/30", null).status()).isEqualTo(201);
        try {
            Rest.Response added = user.post("/lifetime_exceptions/", Map.of("dids", List.of(Map.of("scope", "lte", "name", "ds1"))));
            String id = added.json().get("exceptions").fieldNames().next();
            String expiry = user.get("/lifetime_exceptions/" + id).lines().get(0).get("expires_at").asText();
            assertThat(expiry).isNotEqualTo("null").doesNotContain("2100");
        } finally {
            root.delete("/config/lifetime_model/max_extension");
        }
    }
}
