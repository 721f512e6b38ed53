package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.subscription.Transmogrifier;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

@ExtendWith(ServerPerClass.class)
class SubscriptionApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest jdoe;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        jdoe = server.createUser("jdoe", "secret-jdoe");
        server.createScope("data", "root");
        assertThat(root.post("/rses/SITE_A", Map.of()).status()).isEqualTo(201);
    }

    private static Map<String, Object> options(Object filter, Object rules) {
        return Map.of("options", Map.of("filter", filter, "replication_rules", rules, "comments", "raw data",
                "lifetime", 30, "retroactive", false, "dry_run", false));
    }

    private static Map<String, Object> someRule() {
        return Map.of("copies", 1, "rse_expression", "SITE_A", "lifetime", 3600, "activity", "T0 Export");
    }

    @Test
    void anAddedSubscriptionIsListedByAccountNameAndIdAndCanBeChanged() {
        Rest.Response added = root.post("/subscriptions/root/raw", options(Map.of("scope", List.of("data"), "pattern", "raw\\..*"),
                List.of(someRule())));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String id = added.body();
        assertThat(id).matches("[0-9a-f]{32}");

        JsonNode listed = root.get("/subscriptions/root/raw").lines().getFirst();
        assertThat(listed.get("id").asText()).isEqualTo(id);
        assertThat(listed.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(listed.get("policyid").asInt()).isEqualTo(3);
        assertThat(listed.get("comments").asText()).isEqualTo("raw data");
        assertThat(listed.get("expired_at").asText()).endsWith("UTC");
        assertThat(parse(listed.get("filter").asText()).get("pattern").asText()).isEqualTo("raw\\..*");
        assertThat(parse(listed.get("replication_rules").asText()).get(0).get("rse_expression").asText()).isEqualTo("SITE_A");
        assertThat(root.get("/subscriptions/root").lines()).extracting(s -> s.get("name").asText()).contains("raw");
        assertThat(root.get("/subscriptions/").lines()).extracting(s -> s.get("id").asText()).contains(id);
        assertThat(root.get("/subscriptions/name/raw").lines()).hasSize(1);
        assertThat(root.get("/subscriptions/Id/" + id).json().get("name").asText()).isEqualTo("raw");
        assertThat(root.get("/subscriptions/id/" + id).json().get("account").asText()).isEqualTo("root");

        Rest.Response changed = root.put("/subscriptions/root/raw", Map.of("options", Map.of("comments", "all raw", "priority", 1)));
        assertThat(changed.status()).as(changed.body()).isEqualTo(201);
        JsonNode after = root.get("/subscriptions/root/raw").lines().getFirst();
        assertThat(after.get("comments").asText()).isEqualTo("all raw");
        assertThat(after.get("policyid").asInt()).isEqualTo(1);
        assertThat(after.get("state").asText()).isEqualTo("UPDATED");
    }

    @Test
    void theRulesOfASubscriptionAndTheirStatesAreListed() {
        server.createScope("listing", "root");
        root.post("/subscriptions/root/listed", options(Map.of("scope", List.of("listing"), "pattern", "listed_.*"), List.of(someRule())));
        assertThat(root.post("/dids/listing/listed_1", Map.of("type", "DATASET")).status()).isEqualTo(201);
        assertThat(root.post("/dids/listing/other_1", Map.of("type", "DATASET")).status()).isEqualTo(201);
        new Transmogrifier(server.core().database(), server.core().services().rules(), server.core().services().rses().resolver(),
                server.core().clock(), 100).runOnce(WorkSlice.ALL);

        List<JsonNode> rules = root.get("/subscriptions/root/listed/Rules").lines();
        assertThat(rules).as(rules.toString()).hasSize(1);
        assertThat(rules.getFirst().get("name").asText()).isEqualTo("listed_1");
        assertThat(rules.getFirst().get("activity").asText()).isEqualTo("T0 Export");
        assertThat(rules.getFirst().get("subscription_id").asText()).isEqualTo(root.get("/subscriptions/root/listed").lines()
                .getFirst().get("id").asText());
        assertThat(root.get("/subscriptions/root/listed/rules?state=OK").lines()).hasSize(1);
        assertThat(root.get("/subscriptions/root/listed/rules?state=STUCK").lines()).isEmpty();
        List<JsonNode> states = root.get("/subscriptions/root/listed/Rules/States").lines();
        assertThat(states).hasSize(1);
        assertThat(states.getFirst().toString()).isEqualTo("[\"root\",\"listed\",\"OK\",1]");
    }

    @Test
    void badSubscriptionsGetRucioErrors() {
        Map<String, Object> filter = Map.of("scope", List.of("data"));
        Rest.Response first = root.post("/subscriptions/root/twice", options(filter, List.of(someRule())));
        assertThat(first.status()).isEqualTo(201);
        Rest.Response twice = root.post("/subscriptions/root/twice", options(filter, List.of(someRule())));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.exceptionClass()).isEqualTo("SubscriptionDuplicate");

        assertInvalid(root.post("/subscriptions/root/norules", options(filter, List.of())));
        assertInvalid(root.post("/subscriptions/root/noexpr", options(filter, List.of(Map.of("copies", 1)))));
        assertInvalid(root.post("/subscriptions/root/badcopies", options(filter, List.of(Map.of("copies", 0, "rse_expression", "SITE_A")))));
        assertInvalid(root.post("/subscriptions/root/badregex", options(Map.of("pattern", "raw(("), List.of(someRule()))));
        assertInvalid(root.post("/subscriptions/root/files", options(Map.of("did_type", "FILE"), List.of(someRule()))));
        assertInvalid(root.post("/subscriptions/root/badkey", options(Map.of("run_number.between", 3), List.of(someRule()))));
        assertInvalid(root.post("/subscriptions/root/notalist", options(filter, "SITE_A")));
        assertInvalid(root.post("/subscriptions/root/nooptions", Map.of("filter", filter)));
        assertInvalid(root.put("/subscriptions/root/twice", Map.of("options", Map.of("state", "SLEEPING"))));
        assertThat(root.get("/subscriptions/root/badregex").status()).isEqualTo(404);

        Rest.Response missing = root.get("/subscriptions/root/nosuch");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.exceptionClass()).isEqualTo("SubscriptionNotFound");
        assertThat(root.get("/subscriptions/Id/notanid").exceptionClass()).isEqualTo("SubscriptionNotFound");
        assertThat(root.put("/subscriptions/root/nosuch", Map.of("options", Map.of("comments", "x"))).exceptionClass())
                .isEqualTo("SubscriptionNotFound");
        Rest.Response noAccount = root.post("/subscriptions/nobody/x", options(filter, List.of(someRule())));
        assertThat(noAccount.status()).isEqualTo(404);
        assertThat(noAccount.exceptionClass()).isEqualTo("AccountNotFound");
    }

    private static JsonNode parse(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertInvalid(Rest.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.exceptionClass()).as(response.body()).isIn("InvalidObject", "ValueError");
    }

    @Test
    void anAccountWritesOnlyItsOwnSubscriptions() {
        Map<String, Object> filter = Map.of("scope", List.of("data"));
        assertThat(jdoe.post("/subscriptions/jdoe/mine", options(filter, List.of(someRule()))).status()).isEqualTo(201);
        assertThat(jdoe.put("/subscriptions/jdoe/mine", Map.of("options", Map.of("comments", "ok"))).status()).isEqualTo(201);
        Rest.Response foreign = jdoe.post("/subscriptions/root/theirs", options(filter, List.of(someRule())));
        assertThat(foreign.status()).isEqualTo(401);
        assertThat(foreign.exceptionClass()).isEqualTo("AccessDenied");
        root.post("/subscriptions/root/roots", options(filter, List.of(someRule())));
        Rest.Response change = jdoe.put("/subscriptions/root/roots", Map.of("options", Map.of("comments", "mine now")));
        assertThat(change.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(root.get("/subscriptions/root/roots").lines().getFirst().get("comments").asText()).isEqualTo("raw data");
        assertThat(root.put("/subscriptions/jdoe/mine", Map.of("options", Map.of("state", "INACTIVE"))).status()).isEqualTo(201);
        assertThat(server.anonymous().get("/subscriptions/").status()).isEqualTo(401);
    }
}
