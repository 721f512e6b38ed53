package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.core.usage.UsageHistory;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

@ExtendWith(ServerPerClass.class)
class UsageReportsApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest ursula;
    private static Rest victor;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        ursula = server.createUser("ursula", "secret-ursula");
        victor = server.createUser("victor", "secret-victor");
        server.createScope("usg", "root");
        for (String rse : List.of("USAGE_A", "USAGE_B")) {
            assertThat(root.post("/rses/" + rse, Map.of()).status()).isEqualTo(201);
        }
        assertThat(root.post("/accounts/ursula/limits/local/USAGE_A", Map.of("bytes", 5000)).status()).isEqualTo(201);
        Rest.Response added = root.post("/replicas", Map.of("rse", "USAGE_A", "files", List.of(
                Map.of("scope", "usg", "name", "u1", "bytes", 100, "adler32", "00000001"),
                Map.of("scope", "usg", "name", "u2", "bytes", 200, "adler32", "00000002"))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(root.post("/replicas", Map.of("rse", "USAGE_B", "files", List.of(
                Map.of("scope", "usg", "name", "u1", "bytes", 100, "adler32", "00000001")))).status()).isEqualTo(201);
        root.post("/dids/usg/usage.ds", Map.of("type", "DATASET"));
        root.post("/dids/usg/usage.ds/dids", Map.of("dids", List.of(Map.of("scope", "usg", "name", "u1"), Map.of("scope", "usg", "name", "u2"))));
        root.post("/dids/usg/other.ds", Map.of("type", "DATASET"));
        root.post("/dids/usg/other.ds/dids", Map.of("dids", List.of(Map.of("scope", "usg", "name", "u1"))));
    }

    private static UsageHistory history() {
        return server.core().services().usageHistory();
    }

    @Test
    void rseAccountUsageListsEveryAccountForAdministratorsAndTheCallersOwnRowOtherwise() {
        Rest.Response all = root.get("/rses/USAGE_A/accounts/usage");
        assertThat(all.status()).as(all.body()).isEqualTo(200);
        Map<String, JsonNode> byAccount = new java.util.HashMap<>();
        all.lines().forEach(line -> byAccount.put(line.get("account").asText(), line));
        assertThat(byAccount).containsKeys("root", "ursula", "victor");
        JsonNode row = byAccount.get("ursula");
        assertThat(row.get("rse").asText()).isEqualTo("USAGE_A");
        assertThat(row.get("quota_bytes").asLong()).isEqualTo(5000);
        assertThat(row.get("used_bytes").asLong()).isZero();
        assertThat(row.get("used_files").asLong()).isZero();
        assertThat(byAccount.get("victor").get("quota_bytes").isNull()).isTrue();

        List<JsonNode> own = ursula.get("/rses/USAGE_A/accounts/usage").lines();
        assertThat(own).extracting(line -> line.get("account").asText()).containsExactly("ursula");

        Rest.Response unknown = root.get("/rses/NO_SUCH_RSE/accounts/usage");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.exceptionClass()).isEqualTo("RSENotFound");
    }

    @Test
    void theDaemonSnapshotsChangedUsageAndTheRseHistoryListsIt() {
        assertThat(history().snapshot(Duration.ZERO)).isPositive();
        assertThat(history().snapshot(Duration.ZERO)).as("nothing changed since").isZero();
        assertThat(history().snapshot(Duration.ofHours(1))).as("a snapshot was taken within the hour").isZero();

        Rest.Response response = victor.get("/rses/USAGE_A/usage/history?source=rucio");
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> rows = response.lines();
        assertThat(rows).isNotEmpty();
        JsonNode newest = rows.getFirst();
        assertThat(newest.get("rse").asText()).isEqualTo("USAGE_A");
        assertThat(newest.get("source").asText()).isEqualTo("rucio");
        assertThat(newest.get("used").asLong()).isEqualTo(300);
        assertThat(newest.has("total")).isTrue();
        assertThat(newest.has("updated_at")).isTrue();
        assertThat(root.get("/rses/USAGE_A/usage/history?source=storage").lines()).isEmpty();
        assertThat(root.get("/rses/NO_SUCH_RSE/usage/history").exceptionClass()).isEqualTo("RSENotFound");
    }

    @Test
    void accountUsageHistoryIsForTheAccountAndAdministrators() {
        server.core().database().inTransactionVoid(tx -> tx.update("insert into account_usage (account, rse_id, files, bytes, updated_at) "
                + "select 'ursula', id, 2, 300, now() from rses where rse = 'USAGE_B' on conflict (account, rse_id) do update "
                + "set files = 2, bytes = 300, updated_at = now()"));
        history().snapshot(Duration.ZERO);

        Rest.Response own = ursula.get("/accounts/ursula/usage/history/USAGE_B");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.header("Content-Type")).startsWith("application/json");
        JsonNode first = own.json().get(0);
        assertThat(first.get("bytes").asLong()).isEqualTo(300);
        assertThat(first.get("files").asLong()).isEqualTo(2);
        assertThat(first.get("updated_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
        assertThat(root.get("/accounts/ursula/usage/history/USAGE_B").status()).isEqualTo(200);

        Rest.Response other = victor.get("/accounts/ursula/usage/history/USAGE_B");
        assertThat(other.status()).isEqualTo(401);
        assertThat(other.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(root.get("/accounts/victor/usage/history/USAGE_B").json()).isEmpty();
        assertThat(root.get("/accounts/nobody/usage/history/USAGE_B").exceptionClass()).isEqualTo("AccountNotFound");
        assertThat(root.get("/accounts/ursula/usage/history/NO_SUCH_RSE").exceptionClass()).isEqualTo("RSENotFound");
    }

    @Test
    void datasetsBulkListsTheReplicasOfTheDatasetsThatExist() {
        Rest.Response response = victor.post("/replicas/datasets_bulk", Map.of("dids", List.of(
                Map.of("scope", "usg", "name", "usage.ds"), Map.of("scope", "usg", "name", "other.ds"),
                Map.of("scope", "usg", "name", "missing.ds"), Map.of("scope", "usg", "name", "u1"))));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<JsonNode> rows = response.lines();
        assertThat(rows).extracting(r -> r.get("name").asText() + "@" + r.get("rse").asText())
                .containsExactlyInAnyOrder("usage.ds@USAGE_A", "usage.ds@USAGE_B", "other.ds@USAGE_A", "other.ds@USAGE_B");
        JsonNode full = rows.stream().filter(r -> r.get("name").asText().equals("usage.ds") && r.get("rse").asText().equals("USAGE_A"))
                .findFirst().orElseThrow();
        assertThat(full.get("state").asText()).isEqualTo("AVAILABLE");
        assertThat(full.get("available_length").asLong()).isEqualTo(2);
    }

    @Test
    void datasetsBulkRefusesAMissingOrMalformedList() {
        Rest.Response empty = root.post("/replicas/datasets_bulk", Map.of("dids", List.of()));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.exceptionClass()).isEqualTo("ValueError");
        assertThat(root.post("/replicas/datasets_bulk", Map.of()).exceptionClass()).isEqualTo("ValueError");
        assertThat(root.post("/replicas/datasets_bulk", Map.of("dids", "usg:usage.ds")).exceptionClass()).isEqualTo("InvalidObject");
        assertThat(root.post("/replicas/datasets_bulk", Map.of("dids", List.of("usg:usage.ds"))).exceptionClass()).isEqualTo("InvalidObject");
        assertThat(root.post("/replicas/datasets_bulk", Map.of("dids", List.of(Map.of("scope", "usg")))).status()).isEqualTo(400);
        assertThat(server.anonymous().post("/replicas/datasets_bulk", Map.of("dids", List.of())).status()).isEqualTo(401);
    }
}
