package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

@ExtendWith(ServerPerClass.class)
class RuleApiTest {
    private static TestServer server;
    private static Rest root;
    private static int counter;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        server.createScope("atlas", "root");
        for (String rse : List.of("CERN_DISK", "BNL_DISK", "FZK_DISK", "CERN_TAPE")) {
            assertThat(root.post("/rses/" + rse, Map.of()).status()).isEqualTo(201);
            root.post("/rses/" + rse + "/attr/tier", Map.of("value", rse.endsWith("TAPE") ? "0" : "1"));
        }
    }

    /** A dataset of n files with replicas on the given RSEs. */
    private static String dataset(int n, String... rses) {
        String ds = "ds" + (++counter);
        assertThat(root.post("/dids/atlas/" + ds, Map.of("type", "DATASET")).status()).isEqualTo(201);
        List<Map<String, Object>> files = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(Map.of("scope", "atlas", "name", ds + "_f" + i, "bytes", 1000, "adler32", "0000000" + i));
        }
        for (String rse : rses) {
            Rest.Response added = root.post("/replicas", Map.of("rse", rse, "files", files));
            assertThat(added.status()).as(added.body()).isEqualTo(201);
        }
        Rest.Response attached = root.post("/dids/atlas/" + ds + "/dids",
                Map.of("dids", files.stream().map(f -> Map.of("scope", "atlas", "name", f.get("name"))).toList()));
        assertThat(attached.status()).as(attached.body()).isEqualTo(201);
        return ds;
    }

    private static String addRule(Map<String, Object> body) {
        Rest.Response response = root.post("/rules/", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode ids = response.json();
        assertThat(ids.isArray()).isTrue();
        return ids.get(0).asText();
    }

    @Test
    void aDelayedInjectionWaitsInInjectWithItsCreationTimeAhead() {
        String ds = dataset(1, "CERN_DISK");
        String id = addRule(Map.of("dids", List.of(Map.of("scope", "atlas", "name", ds)), "copies", 1, "rse_expression", "BNL_DISK",
                "delay_injection", 3600));
        new org.laguna.core.rule.JudgeInjector(server.core().services().rules()).runOnce(org.laguna.core.daemon.WorkSlice.ALL);

        JsonNode rule = root.get("/rules/" + id).json();
        assertThat(rule.get("state").asText()).isEqualTo("INJECT");
        assertThat(rule.get("locks_replicating_cnt").asInt()).isZero();
        java.time.Instant createdAt = java.time.ZonedDateTime.parse(rule.get("created_at").asText(), java.time.format.DateTimeFormatter
                .ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", java.util.Locale.ROOT).withZone(java.time.ZoneOffset.UTC)).toInstant();
        assertThat(createdAt).isBetween(java.time.Instant.now().plusSeconds(3500), java.time.Instant.now().plusSeconds(3700));
        Rest.Response negative = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "atlas", "name", ds)), "copies", 1,
                "rse_expression", "FZK_DISK", "delay_injection", -5));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.header("ExceptionMessage")).contains("delay_injection");
    }

    @Test
    void aMoveTakesTheRuleIdOfRuciosClientAndRefusesAnotherOne() {
        String ds = dataset(1, "CERN_DISK");
        String id = addRule(Map.of("dids", List.of(Map.of("scope", "atlas", "name", ds)), "copies", 1, "rse_expression", "BNL_DISK"));
        Rest.Response other = root.post("/rules/" + id + "/move", Map.of("rule_id", "0123456789abcdef0123456789abcdef", "rse_expression",
                "FZK_DISK", "override", Map.of()));
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.header("ExceptionMessage")).contains("rule_id");
        Rest.Response moved = root.post("/rules/" + id + "/move", Map.of("rule_id", id, "rse_expression", "FZK_DISK", "override", Map.of()));
        assertThat(moved.status()).as(moved.body()).isEqualTo(201);
        assertThat(moved.json().isTextual()).as("one rule id, as Rucio answers").isTrue();
        assertThat(root.get("/rules/" + moved.json().asText()).json().get("rse_expression").asText()).isEqualTo("FZK_DISK");
    }

    @Test
    void aMoveOverrideOfTheWrongTypeIsRefusedAndNoRuleIsAdded() {
        String ds = dataset(1, "CERN_DISK");
        String id = addRule(Map.of("dids", List.of(Map.of("scope", "atlas", "name", ds)), "copies", 1, "rse_expression", "BNL_DISK"));
        for (Map<String, Object> override : List.<Map<String, Object>>of(Map.of("weight", 5), Map.of("comment", List.of("x")))) {
            Rest.Response refused = root.post("/rules/" + id + "/move", Map.of("rse_expression", "FZK_DISK", "override", override));
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.exceptionClass()).isEqualTo("InvalidValueForKey");
        }
        assertThat(root.get("/rules/" + id).json().get("child_rule_id").isNull()).isTrue();
    }

    @Test
    void aRuleForTwoCopiesOnDataAlreadyOnTwoRsesIsOk() {
        String ds = dataset(3, "CERN_DISK", "BNL_DISK");
        String id = addRule(Map.of("dids", List.of(Map.of("scope", "atlas", "name", ds)), "copies", 2, "rse_expression", "tier=1",
                "account", "root"));
        assertThat(id).matches("[0-9a-f]{32}");
        JsonNode rule = root.get("/rules/" + id).json();
        assertThat(rule.get("state").asText()).isEqualTo("OK");
        assertThat(rule.get("locks_ok_cnt").asLong()).isEqualTo(6);
        assertThat(rule.get("grouping").asText()).isEqualTo("DATASET");
        assertThat(rule.get("did_type").asText()).isEqualTo("DATASET");
        List<JsonNode> locks = root.get("/rules/" + id + "/locks").lines();
        assertThat(locks).hasSize(6).allSatisfy(lock -> assertThat(lock.get("rse").asText()).isIn("CERN_DISK", "BNL_DISK"));
        assertThat(root.get("/dids/atlas/" + ds + "/rules").lines()).extracting(r -> r.get("id").asText()).containsExactly(id);
        assertThat(root.get("/accounts/root/rules?state=OK").lines()).extracting(r -> r.get("id").asText()).contains(id);
        List<JsonNode> datasetLocks = root.get("/locks/atlas/" + ds + "?did_type=dataset").lines();
        assertThat(datasetLocks).hasSize(2).allSatisfy(lock -> assertThat(lock.get("state").asText()).isEqualTo("OK"));
        assertThat(root.get("/rules/" + id + "/history").lines()).isNotEmpty();
    }

    @Test
    void aRuleNeedingCopiesStaysReplicatingAndExplainsItself() {
        String ds = dataset(2, "CERN_TAPE");
        String id = addRule(Map.of("dids", List.of(Map.of("scope", "atlas", "name", ds)), "copies", 1, "rse_expression", "tier=1",
                "lifetime", 3600, "activity", "T0 Export"));
        JsonNode rule = root.get("/rules/" + id).json();
        assertThat(rule.get("state").asText()).isEqualTo("REPLICATING");
        assertThat(rule.get("locks_replicating_cnt").asLong()).isEqualTo(2);
        assertThat(rule.get("expires_at").asText()).endsWith("UTC");
        JsonNode analysis = root.get("/rules/" + id + "/analysis").json();
        assertThat(analysis.get("transfers")).hasSize(2);
        assertThat(analysis.get("transfers").get(0).get("request_state").asText()).isEqualTo("QUEUED");
        assertThat(analysis.get("transfers").get(0).get("sources").get(0).get("rse").asText()).isEqualTo("CERN_TAPE");
    }

    @Test
    void updatesAndDeletesARule() {
        String ds = dataset(1, "FZK_DISK");
        String id = addRule(Map.of("dids", List.of(Map.of("scope", "atlas", "name", ds)), "copies", 1, "rse_expression", "FZK_DISK"));
        assertThat(root.put("/rules/" + id, Map.of("options", Map.of("locked", true, "comment", "keep"))).status()).isEqualTo(200);
        JsonNode rule = root.get("/rules/" + id).json();
        assertThat(rule.get("locked").asBoolean()).isTrue();
        assertThat(rule.get("comments").asText()).isEqualTo("keep");
        Rest.Response refused = root.delete("/rules/" + id, Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.exceptionClass()).isEqualTo("UnsupportedOperation");
        Rest.Response badOption = root.put("/rules/" + id, Map.of("options", Map.of("colour", "red")));
        assertThat(badOption.status()).isEqualTo(400);
        assertThat(badOption.exceptionClass()).isEqualTo("InvalidValueForKey");
        root.put("/rules/" + id, Map.of("options", Map.of("locked", false)));
        Instant before = Instant.now();
        assertThat(root.delete("/rules/" + id, Map.of("purge_replicas", true)).status()).isEqualTo(200);
        JsonNode deleted = root.get("/rules/" + id).json();
        assertThat(deleted.get("purge_replicas").asBoolean()).isTrue();
        Instant expires = LocalDateTime.parse(deleted.get("expires_at").asText(),
                DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT)).toInstant(ZoneOffset.UTC);
        assertThat(expires).as("expires within the hour").isBetween(before.plus(Duration.ofMinutes(59)), before.plus(Duration.ofMinutes(61)));
        assertThat(root.get("/rules/" + id + "/history").lines()).isNotEmpty();

        Rest.Response badFlag = root.delete("/rules/" + id, Map.of("immediate", "soon"));
        assertThat(badFlag.status()).isEqualTo(400);
        assertThat(root.delete("/rules/" + id, Map.of("immediate", true)).status()).isEqualTo(200);
        Rest.Response gone = root.get("/rules/" + id);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.exceptionClass()).isEqualTo("RuleNotFound");
    }

    @Test
    void badRulesGetRucioErrorsAndNothingIsCreated() {
        String ds = dataset(1, "FZK_DISK");
        Map<String, Object> did = Map.of("scope", "atlas", "name", ds);
        record Case(Map<String, Object> body, int status, String exception) {
        }
        List<Case> cases = List.of(
                new Case(Map.of("dids", List.of(did), "copies", 1, "rse_expression", "tier=7"), 400, "InvalidRSEExpression"),
                new Case(Map.of("dids", List.of(did), "copies", 4, "rse_expression", "tier=1"), 409, "InsufficientTargetRSEs"),
                new Case(Map.of("dids", List.of(Map.of("scope", "atlas", "name", "nope")), "copies", 1, "rse_expression", "tier=1"), 404,
                        "DataIdentifierNotFound"),
                new Case(Map.of("dids", List.of(did), "copies", 0, "rse_expression", "tier=1"), 400, "InvalidObject"),
                new Case(Map.of("dids", List.of(did), "copies", "two", "rse_expression", "tier=1"), 400, "InvalidObject"),
                new Case(Map.of("dids", List.of(did), "copies", 1, "rse_expression", "tier=1", "grouping", "SOME"), 400, "InvalidObject"),
                new Case(Map.of("dids", List.of(did), "copies", 1, "rse_expression", "tier=1", "colour", "red"), 400, "InvalidObject"),
                new Case(Map.of("dids", "atlas:" + ds, "copies", 1, "rse_expression", "tier=1"), 400, "InvalidObject"));
        long before = root.get("/rules").lines().size();
        for (Case c : cases) {
            Rest.Response response = root.post("/rules", c.body());
            assertThat(response.status()).as(c.body() + " -> " + response.body()).isEqualTo(c.status());
            assertThat(response.exceptionClass()).as(response.body()).isEqualTo(c.exception());
        }
        assertThat(root.get("/rules").lines()).hasSize((int) before);
        addRule(Map.of("dids", List.of(did), "copies", 1, "rse_expression", "FZK_DISK"));
        Rest.Response duplicate = root.post("/rules", Map.of("dids", List.of(did), "copies", 1, "rse_expression", "FZK_DISK"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.exceptionClass()).isEqualTo("DuplicateRule");
        assertThat(root.get("/rules/0123").status()).isEqualTo(404);
    }

    @Test
    void anAccountWithoutQuotaGetsInsufficientAccountLimit() {
        Rest bob = server.createUser("bob", "bobpass");
        server.createScope("user.bob", "bob");
        assertThat(bob.post("/dids/user.bob/mine", Map.of("type", "DATASET")).status()).isEqualTo(201);
        Rest.Response response = bob.post("/rules", Map.of("dids", List.of(Map.of("scope", "user.bob", "name", "mine")), "copies", 1,
                "rse_expression", "CERN_DISK"));
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.exceptionClass()).isEqualTo("InsufficientAccountLimit");
        root.post("/accounts/bob/limits/local/CERN_DISK", Map.of("bytes", 1_000_000));
        Rest.Response ok = bob.post("/rules", Map.of("dids", List.of(Map.of("scope", "user.bob", "name", "mine")), "copies", 1,
                "rse_expression", "CERN_DISK"));
        assertThat(ok.status()).as(ok.body()).isEqualTo(201);
        // bob deletes his rule as Rucio does, but only administrators remove a rule at once
        String bobs = ok.json().get(0).asText();
        Rest.Response now = bob.delete("/rules/" + bobs, Map.of("immediate", true));
        assertThat(now.status()).isEqualTo(401);
        assertThat(now.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(bob.delete("/rules/" + bobs, Map.of()).status()).isEqualTo(200);
        assertThat(bob.get("/rules/" + bobs).json().get("expires_at").isNull()).isFalse();
        Rest.Response forRoot = bob.post("/rules", Map.of("dids", List.of(Map.of("scope", "user.bob", "name", "mine")), "copies", 1,
                "rse_expression", "BNL_DISK", "account", "root"));
        assertThat(forRoot.status()).isEqualTo(401);
        assertThat(forRoot.exceptionClass()).isEqualTo("AccessDenied");
    }
}
