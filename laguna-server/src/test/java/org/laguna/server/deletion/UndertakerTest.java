package org.laguna.server.deletion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.rule.Undertaker;
import org.laguna.server.testing.AuditRows;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** Expired DIDs leaving the catalogue with their rules, their replicas handed to the reaper. */
@ExtendWith(ServerPerClass.class)
class UndertakerTest {
    private static TestServer server;
    private static Rest root;
    private static Undertaker undertaker;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        server.createScope("exp", "root");
        root.post("/rses/UT_DISK", Map.of());
        LagunaCore core = server.core();
        undertaker = new Undertaker(core.services().rules());
    }

    private static Map<String, String> ref(String name) {
        return Map.of("scope", "exp", "name", name);
    }

    private static void files(String... names) {
        List<Map<String, Object>> files = java.util.Arrays.stream(names)
                .<Map<String, Object>>map(n -> Map.of("scope", "exp", "name", n, "bytes", 10)).toList();
        Rest.Response added = root.post("/replicas", Map.of("rse", "UT_DISK", "files", files));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    private static String rule(String name) {
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(ref(name)), "copies", 1, "rse_expression", "UT_DISK"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return added.json().get(0).asText();
    }

    private static void expire(String name) {
        server.core().database().inTransactionVoid(tx -> tx.update("update dids set expired_at = now() - interval '1 minute' "
                + "where scope = 'exp' and name = ?", name));
    }

    private static long count(String sql, Object... params) {
        return server.core().database().readOnly(tx -> tx.count(sql, params));
    }

    private static void runUntilIdle() {
        for (int i = 0; i < 10 && undertaker.runOnce(WorkSlice.ALL) > 0; i++) {
            // until nothing is left
        }
    }

    @Test
    void anExpiredDatasetGoesWithItsRulesAndItsFilesReplicasGetTombstones() {
        files("ds.f1", "ds.f2");
        root.post("/dids", List.of(Map.of("scope", "exp", "name", "ds", "type", "DATASET"),
                Map.of("scope", "exp", "name", "ct", "type", "CONTAINER")));
        assertThat(root.post("/dids/exp/ds/dids", Map.of("dids", List.of(ref("ds.f1"), ref("ds.f2")))).status()).isEqualTo(201);
        assertThat(root.post("/dids/exp/ct/dids", Map.of("dids", List.of(ref("ds")))).status()).isEqualTo(201);
        String id = rule("ds");
        assertThat(count("select count(*) from replicas where name like 'ds.f%' and lock_cnt = 1 and tombstone is null")).isEqualTo(2);
        expire("ds");

        runUntilIdle();

        assertThat(root.get("/dids/exp/ds").status()).isEqualTo(404);
        assertThat(root.get("/rules/" + id).status()).isEqualTo(404);
        assertThat(count("select count(*) from locks where rule_id = ?::uuid", id)).isZero();
        assertThat(count("select count(*) from replicas where name like 'ds.f%' and lock_cnt = 0 and tombstone is not null"))
                .as("the reaper may take them now").isEqualTo(2);
        assertThat(root.get("/dids/exp/ds.f1").status()).as("the files stay").isEqualTo(200);
        assertThat(root.get("/dids/exp/ct/dids").lines()).as("detached from its container").isEmpty();
        assertThat(root.get("/dids/exp/ct").json().get("length").asLong()).isZero();
        assertThat(count("select count(*) from contents_history where scope = 'exp' and name = 'ct' and child_name = 'ds'")).isEqualTo(1);
        assertThat(new org.laguna.core.usage.UsageAudit(server.core().database(), server.core().clock()).differences())
                .as("account usage lost the rule's locks").isEmpty();
    }

    @Test
    void eachRuleItRemovesAndEachDidItErasesIsInTheAuditLogWithTheUndertakerAsActor() {
        files("audited.f1", "audited.lone");
        root.post("/dids/exp/audited_ds", Map.of("type", "DATASET"));
        assertThat(root.post("/dids/exp/audited_ds/dids", Map.of("dids", List.of(ref("audited.f1")))).status()).isEqualTo(201);
        String datasetRule = uuid(rule("audited_ds"));
        String fileRule = uuid(rule("audited.lone"));
        expire("audited_ds");
        expire("audited.lone");

        runUntilIdle();

        assertThat(AuditRows.of(server.core().database(), Undertaker.NAME, "del_rule", "did=exp:audited"))
                .extracting(AuditRows.Row::target, AuditRows.Row::identity, AuditRows.Row::authMethod, AuditRows.Row::outcome,
                        AuditRows.Row::detail)
                .containsExactlyInAnyOrder(
                        tuple("account=root,did=exp:audited_ds,rule=" + datasetRule, "undertaker", "daemon", "SUCCESS", "its DID expired"),
                        tuple("account=root,did=exp:audited.lone,rule=" + fileRule, "undertaker", "daemon", "SUCCESS", "its DID expired"));
        assertThat(AuditRows.of(server.core().database(), Undertaker.NAME, "erase_did", "did=exp:audited"))
                .extracting(AuditRows.Row::target, AuditRows.Row::outcome)
                .containsExactlyInAnyOrder(tuple("did=exp:audited_ds,type=DATASET", "SUCCESS"), tuple("did=exp:audited.lone,type=FILE", "SUCCESS"));
    }

    /** A rule id as the REST API gives it (hex, as Rucio's) in the UUID form the catalogue writes. */
    private static String uuid(String hex) {
        return hex.replaceFirst("^(\\p{XDigit}{8})(\\p{XDigit}{4})(\\p{XDigit}{4})(\\p{XDigit}{4})(\\p{XDigit}{12})$", "$1-$2-$3-$4-$5");
    }

    @Test
    void theUndertakerAndTheReaperAreBuiltInDaemons() {
        assertThat(org.laguna.core.Daemons.builtIn().names()).contains(Undertaker.NAME, org.laguna.core.transfer.Reaper.NAME);
    }

    @Test
    void anExpiredFileLosesItsRulesAndKeepsItsNameWithoutExpiry() {
        files("lone.f");
        String id = rule("lone.f");
        expire("lone.f");

        runUntilIdle();

        assertThat(root.get("/rules/" + id).status()).isEqualTo(404);
        assertThat(count("select count(*) from dids where name = 'lone.f' and expired_at is null")).isEqualTo(1);
        assertThat(count("select count(*) from replicas where name = 'lone.f' and lock_cnt = 0 and tombstone is not null")).isEqualTo(1);
    }

    @Test
    void aDidWhoseRuleIsLockedStaysAndDidsNotYetExpiredAreUntouched() {
        files("kept.f", "young.f");
        String id = rule("kept.f");
        server.core().database().inTransactionVoid(tx -> tx.update("update rules set locked = true where id = ?::uuid", id));
        expire("kept.f");
        server.core().database().inTransactionVoid(tx -> tx.update("update dids set expired_at = now() + interval '1 day' "
                + "where name = 'young.f'"));

        runUntilIdle();

        assertThat(root.get("/rules/" + id).status()).isEqualTo(200);
        assertThat(count("select count(*) from dids where name = 'kept.f' and expired_at is not null")).isEqualTo(1);
        assertThat(count("select count(*) from dids where name = 'young.f' and expired_at is not null")).isEqualTo(1);
    }

    @Test
    void aRuleWithMoreLocksThanOneBatchIsRemovedOverSeveralCycles() {
        Undertaker small = new Undertaker(server.core().database(), server.core().services().rules().engine(), 2);
        files("big.f1", "big.f2", "big.f3", "big.f4", "big.f5");
        root.post("/dids", List.of(Map.of("scope", "exp", "name", "big", "type", "DATASET")));
        root.post("/dids/exp/big/dids", Map.of("dids", List.of(ref("big.f1"), ref("big.f2"), ref("big.f3"), ref("big.f4"), ref("big.f5"))));
        String id = rule("big");
        expire("big");

        int cycles = 0;
        while (small.runOnce(WorkSlice.ALL) > 0) {
            cycles++;
        }

        assertThat(cycles).isGreaterThan(1);
        assertThat(root.get("/rules/" + id).status()).isEqualTo(404);
        assertThat(root.get("/dids/exp/big").status()).isEqualTo(404);
        assertThat(count("select count(*) from replicas where name like 'big.f%' and tombstone is not null")).isEqualTo(5);
    }
}
