package org.laguna.server.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** Usage counters, their consistency check, dataset replica counts and the transfer matrix, through REST and the CLI. */
@ExtendWith(ServerPerClass.class)
class UsageAndMatrixTest {
    private static TestServer server;
    private static Rest root;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        server.createScope("exp", "root");
        for (String rse : List.of("SITE_A", "SITE_B", "SITE_C")) {
            assertThat(root.post("/rses/" + rse, Map.of()).status()).isEqualTo(201);
        }
    }

    private static void files(String rse, String... names) {
        List<Map<String, Object>> files = java.util.Arrays.stream(names)
                .<Map<String, Object>>map(n -> Map.of("scope", "exp", "name", n, "bytes", 100)).toList();
        Rest.Response added = root.post("/replicas", Map.of("rse", rse, "files", files));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    private static void sql(String sql, Object... params) {
        server.core().database().inTransactionVoid(tx -> tx.update(sql, params));
    }

    private static Run checkUsage(String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("admin", "check-usage", "--database-url",
                server.core().config().databaseUrl().orElseThrow()));
        args.addAll(List.of(more));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void rseAndAccountUsageFollowReplicasAndLocks() {
        files("SITE_C", "use.1", "use.2", "use.3");
        JsonNode usage = root.get("/rses/SITE_C/usage").lines().stream().filter(u -> u.get("source").asText().equals("rucio"))
                .findFirst().orElseThrow();
        assertThat(usage.get("used").asLong()).isEqualTo(300);
        assertThat(usage.get("files").asLong()).isEqualTo(3);
        Rest.Response rule = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", "use.1"),
                Map.of("scope", "exp", "name", "use.2")), "copies", 1, "rse_expression", "SITE_C"));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        JsonNode account = root.get("/accounts/root/usage/local/SITE_C").lines().getFirst();
        assertThat(account.get("bytes").asLong()).isEqualTo(200);
        assertThat(account.get("files").asLong()).isEqualTo(2);
        for (JsonNode id : rule.json()) {
            assertThat(root.delete("/rules/" + id.asText(), Map.of("immediate", true)).status()).isEqualTo(200);
        }
        assertThat(root.get("/accounts/root/usage/local/SITE_C").lines().getFirst().get("bytes").asLong()).isZero();
        assertThat(checkUsage().exit()).as("the counters agree with a recount").isZero();
    }

    @Test
    void checkUsageFindsADriftAndFixesIt() {
        files("SITE_B", "drift.1");
        sql("update rse_usage set used = used + 5000, files = files + 7 where source = 'rucio' "
                + "and rse_id = (select id from rses where rse = 'SITE_B')");
        sql("insert into account_usage (account, rse_id, files, bytes) select 'root', id, 1, 42 from rses where rse = 'SITE_A' "
                + "on conflict (account, rse_id) do update set files = account_usage.files + 1, bytes = account_usage.bytes + 42");

        Run found = checkUsage();
        assertThat(found.exit()).as(found.err()).isEqualTo(1);
        assertThat(found.out()).contains("SITE_B").contains("SITE_A").contains("2 counters differ");

        Run fixed = checkUsage("--fix");
        assertThat(fixed.exit()).as(fixed.err()).isZero();
        assertThat(fixed.out()).contains("Corrected 2 counters");

        Run again = checkUsage();
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("agree");
    }

    @Test
    void checkUsageWithoutADatabaseIsAUsageError() {
        Run run = CliRunner.run("admin", "check-usage", "--home", System.getProperty("java.io.tmpdir") + "/laguna-no-home");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("database.url");
    }

    @Test
    void datasetReplicasCountAvailableFilesPerRse() {
        files("SITE_A", "ds.1", "ds.2");
        files("SITE_B", "ds.1");
        sql("update replicas set state = 'UNAVAILABLE' where name = 'ds.1' and rse_id = (select id from rses where rse = 'SITE_B')");
        files("SITE_C", "ds.2");
        root.post("/dids", List.of(Map.of("scope", "exp", "name", "ds", "type", "DATASET")));
        assertThat(root.post("/dids/exp/ds/dids", Map.of("dids", List.of(Map.of("scope", "exp", "name", "ds.1"),
                Map.of("scope", "exp", "name", "ds.2")))).status()).isEqualTo(201);

        List<JsonNode> replicas = root.get("/replicas/exp/ds/datasets").lines();

        assertThat(replicas).extracting(r -> r.get("rse").asText() + " " + r.get("available_length").asLong() + "/"
                        + r.get("length").asLong() + " " + r.get("available_bytes").asLong() + "/" + r.get("bytes").asLong() + " "
                        + r.get("state").asText())
                .containsExactly("SITE_A 2/2 200/200 AVAILABLE", "SITE_B 0/2 0/200 UNAVAILABLE", "SITE_C 1/2 100/200 UNAVAILABLE");
        Rest.Response missing = root.get("/replicas/exp/nothing/datasets");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.exceptionClass()).isEqualTo("DataIdentifierNotFound");
    }

    @Test
    void theTransferMatrixCountsDoneAndFailedTransfersOfTheWindow() {
        String history = "insert into requests_history (id, request_type, scope, name, dest_rse_id, source_rse_id, state, bytes, "
                + "created_at, updated_at) select gen_random_uuid(), 'TRANSFER', 'exp', ?, d.id, s.id, ?, ?, now(), now() - ? * interval '1 hour' "
                + "from rses d, rses s where d.rse = ? and s.rse = ?";
        sql(history, "m.1", "DONE", 10, 1, "SITE_B", "SITE_A");
        sql(history, "m.2", "DONE", 20, 2, "SITE_B", "SITE_A");
        sql(history, "m.3", "FAILED", 40, 3, "SITE_B", "SITE_A");
        sql(history, "m.4", "DONE", 80, 48, "SITE_B", "SITE_A");
        sql(history, "m.5", "CANCELLED", 160, 1, "SITE_B", "SITE_A");
        sql("insert into requests (scope, name, dest_rse_id, source_rse_id, state, bytes) select 'exp', 'm.6', d.id, s.id, 'FAILED', 5 "
                + "from rses d, rses s where d.rse = 'SITE_A' and s.rse = 'SITE_C'");

        JsonNode day = root.get("/requests/matrix?hours=24").json();
        assertThat(day.get("links")).extracting(l -> l.get("source_rse").asText() + ">" + l.get("dest_rse").asText() + " "
                        + l.get("done").asLong() + " " + l.get("failed").asLong() + " " + l.get("bytes").asLong())
                .containsExactly("SITE_A>SITE_B 2 1 30", "SITE_C>SITE_A 0 1 0");
        JsonNode week = root.get("/requests/matrix?hours=168").json();
        assertThat(week.at("/links/0/done").asLong()).isEqualTo(3);
        assertThat(root.get("/requests/matrix?hours=0").status()).isEqualTo(400);
        assertThat(root.get("/requests/matrix?hours=abc").exceptionClass()).isEqualTo("ValueError");
        assertThat(root.get("/requests/matrix?since=yesterday").status()).isEqualTo(400);

        Run table = CliRunner.asRoot(server, "transfers", "matrix", "--hours", "24");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("SITE_A\\s+SITE_B\\s+2\\s+1\\s+30").containsPattern("SITE_C\\s+SITE_A\\s+0\\s+1\\s+0");
        Run json = CliRunner.asRoot(server, "transfers", "matrix", "--hours", "24", "--json");
        assertThat(json.exit()).isZero();
        assertThat(json.out()).contains("\"links\"");
        Run bad = CliRunner.asRoot(server, "transfers", "matrix", "--hours", "0");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("--hours");
    }
}
