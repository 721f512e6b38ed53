package org.laguna.server.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.subscription.Transmogrifier;
import org.laguna.server.testing.AuditRows;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

@ExtendWith(ServerPerClass.class)
class TransmogrifierTest {
    private static TestServer server;
    private static Rest root;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        root = server.root();
        for (String rse : List.of("SUB_A", "SUB_B", "SUB_C")) {
            assertThat(root.post("/rses/" + rse, Map.of()).status()).isEqualTo(201);
            root.post("/rses/" + rse + "/attr/subs", Map.of("value", "yes"));
        }
    }

    private static Transmogrifier transmogrifier() {
        return new Transmogrifier(server.core().database(), server.core().services().rules(), server.core().services().rses().resolver(),
                server.core().clock(), 3);
    }

    private static void subscribe(String name, Map<String, Object> filter, List<Map<String, Object>> rules, boolean dryRun) {
        Rest.Response added = root.post("/subscriptions/root/" + name, Map.of("options", Map.of("filter", filter,
                "replication_rules", rules, "comments", name, "lifetime", 10, "retroactive", false, "dry_run", dryRun)));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
    }

    private static void dataset(String scope, String name, String type) {
        Rest.Response made = root.post("/dids/" + scope + "/" + name, Map.of("type", type));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
    }

    private static long rulesOf(String scope, String name) {
        return server.core().database().readOnly(tx -> tx.count(
                "select count(*) from rules where scope = ? and name = ? and subscription_id is not null", scope, name));
    }

    private static void drain(Transmogrifier daemon, WorkSlice slice) {
        for (int i = 0; i < 100 && daemon.runOnce(slice) > 0; i++) {
            // until no new DID is left in the slice
        }
    }

    @Test
    void theRulesItMakesAreInTheAuditLogWithTheDaemonAsActor() {
        server.createScope("audited", "root");
        subscribe("audited", Map.of("scope", List.of("audited"), "did_type", List.of("DATASET")),
                List.of(Map.of("copies", 1, "rse_expression", "SUB_A")), false);
        dataset("audited", "ds_0", "DATASET");
        dataset("audited", "ds_1", "DATASET");

        drain(transmogrifier(), WorkSlice.ALL);

        List<String> targets = server.core().database().readOnly(tx -> tx.query("select target from audit_log where account = ? "
                + "and auth_method = 'daemon' and action = 'add_rule' and outcome = 'SUCCESS' and target like '%did=audited:%' "
                + "order by target", rs -> rs.getString(1), Transmogrifier.NAME));
        assertThat(targets).hasSize(2);
        assertThat(targets.getFirst()).startsWith("account=root,did=audited:ds_0,rule=").endsWith(",subscription=audited");
    }

    @Test
    void aSubscriptionItRetiresForItsLifetimeIsInTheAuditLogWithTheDaemonAsActor() {
        server.createScope("lapsed", "root");
        subscribe("lapsed", Map.of("scope", List.of("lapsed")), List.of(Map.of("copies", 1, "rse_expression", "SUB_A")), false);
        server.core().database().inTransactionVoid(tx -> tx.update("update subscriptions set expired_at = now() - interval '1 minute' "
                + "where name = 'lapsed'"));

        transmogrifier().runOnce(WorkSlice.ALL);

        assertThat(AuditRows.of(server.core().database(), Transmogrifier.NAME, "update_subscription", "name=lapsed"))
                .extracting(AuditRows.Row::target, AuditRows.Row::identity, AuditRows.Row::authMethod, AuditRows.Row::outcome,
                        AuditRows.Row::detail)
                .containsExactly(tuple("account=root,name=lapsed", Transmogrifier.NAME, "daemon", "SUCCESS", "expired"));
    }

    @Test
    void everyMatchingNewDidGetsTheRulesOnceEvenWhenRunAgainOrByAnotherInstance() {
        server.createScope("once", "root");
        subscribe("once", Map.of("scope", List.of("once"), "pattern", "keep_.*", "did_type", List.of("DATASET")),
                List.of(Map.of("copies", 1, "rse_expression", "SUB_A", "lifetime", 600, "activity", "Data Consolidation")), false);
        for (int i = 0; i < 7; i++) {
            dataset("once", "keep_" + i, "DATASET");
        }
        dataset("once", "skip_0", "DATASET");
        dataset("once", "keep_container", "CONTAINER");

        drain(transmogrifier(), WorkSlice.ALL);
        drain(transmogrifier(), WorkSlice.ALL);

        for (int i = 0; i < 7; i++) {
            assertThat(rulesOf("once", "keep_" + i)).isEqualTo(1);
        }
        assertThat(rulesOf("once", "skip_0")).isZero();
        assertThat(rulesOf("once", "keep_container")).isZero();
        Map<String, Object> rule = server.core().database().readOnly(tx -> tx.queryOne(
                "select r.activity, r.account, r.expires_at is not null as expires, s.name from rules r join subscriptions s "
                        + "on s.id = r.subscription_id where r.scope = 'once' and r.name = 'keep_0'",
                rs -> Map.<String, Object>of("activity", rs.getString(1), "account", rs.getString(2), "expires", rs.getBoolean(3),
                        "subscription", rs.getString(4)))).orElseThrow();
        assertThat(rule).containsEntry("activity", "Data Consolidation").containsEntry("account", "root")
                .containsEntry("expires", true).containsEntry("subscription", "once");
        assertThat(root.get("/subscriptions/root/once").lines().getFirst().get("last_processed").isNull()).isFalse();
    }

    @Test
    void aCrashBeforeTheCommitLeavesTheBatchNewAndARestartMakesEachRuleOnce() {
        server.createScope("crash", "root");
        subscribe("crash", Map.of("scope", "crash"), List.of(Map.of("copies", 1, "rse_expression", "SUB_B")), false);
        for (int i = 0; i < 3; i++) {
            dataset("crash", "ds_" + i, "DATASET");
        }
        server.core().database().inTransactionVoid(tx -> {
            tx.update("create function crash_marking() returns trigger language plpgsql as $$ begin "
                    + "if new.scope = 'crash' then raise exception 'power cut'; end if; return new; end $$");
            tx.update("create trigger crash_marking before update of is_new on dids for each row execute function crash_marking()");
        });
        try {
            assertThatThrownBy(() -> transmogrifier().runOnce(WorkSlice.ALL)).hasMessageContaining("P0001");
            for (int i = 0; i < 3; i++) {
                assertThat(rulesOf("crash", "ds_" + i)).isZero();
            }
        } finally {
            server.core().database().inTransactionVoid(tx -> {
                tx.update("drop trigger crash_marking on dids");
                tx.update("drop function crash_marking()");
            });
        }
        drain(transmogrifier(), WorkSlice.ALL);
        drain(transmogrifier(), WorkSlice.ALL);
        for (int i = 0; i < 3; i++) {
            assertThat(rulesOf("crash", "ds_" + i)).isEqualTo(1);
        }
    }

    @Test
    void twoInstancesShareTheNewDidsWithoutOverlap() {
        server.createScope("halves", "root");
        subscribe("halves", Map.of("scope", "halves"), List.of(Map.of("copies", 1, "rse_expression", "SUB_C")), false);
        for (int i = 0; i < 20; i++) {
            dataset("halves", "ds_" + i, "DATASET");
        }
        drain(transmogrifier(), new WorkSlice(0, 2));
        long firstHalf = server.core().database().readOnly(tx -> tx.count(
                "select count(*) from rules where scope = 'halves' and subscription_id is not null"));
        assertThat(firstHalf).isBetween(1L, 19L);
        drain(transmogrifier(), new WorkSlice(1, 2));
        for (int i = 0; i < 20; i++) {
            assertThat(rulesOf("halves", "ds_" + i)).isEqualTo(1);
        }
    }

    @Test
    void metadataConditionsSplitRulesAndInactiveSubscriptionsAreHonoured() {
        server.createScope("meta", "root");
        subscribe("aod", Map.of("scope", "meta", "datatype", List.of("AOD", "DAOD")),
                List.of(Map.of("copies", 2, "rse_expression", "subs=yes", "split_rule", true)), false);
        subscribe("esd", Map.of("scope", "meta", "datatype", "ESD", "split_rule", true),
                List.of(Map.of("copies", 3, "rse_expression", "subs=yes")), false);
        subscribe("dry", Map.of("scope", "meta"), List.of(Map.of("copies", 1, "rse_expression", "SUB_A")), true);
        dataset("meta", "aod_1", "DATASET");
        dataset("meta", "esd_1", "DATASET");
        root.post("/dids/meta/aod_1/meta/datatype", Map.of("value", "AOD"));
        root.post("/dids/meta/esd_1/meta/datatype", Map.of("value", "ESD"));

        drain(transmogrifier(), WorkSlice.ALL);

        List<String> expressions = server.core().database().readOnly(tx -> tx.query(
                "select rse_expression || ':' || copies from rules where scope = 'meta' and name = 'aod_1' order by 1", rs -> rs.getString(1)));
        assertThat(expressions).hasSize(2).allSatisfy(e -> assertThat(e).matches("SUB_[ABC]:1"));
        List<String> esd = server.core().database().readOnly(tx -> tx.query(
                "select rse_expression || ':' || copies from rules where scope = 'meta' and name = 'esd_1' order by 1", rs -> rs.getString(1)));
        assertThat(esd).containsExactly("SUB_A:1", "SUB_B:1", "SUB_C:1");
        long dryRules = server.core().database().readOnly(tx -> tx.count(
                "select count(*) from rules r join subscriptions s on s.id = r.subscription_id where s.name = 'dry'"));
        assertThat(dryRules).isZero();
    }
}
