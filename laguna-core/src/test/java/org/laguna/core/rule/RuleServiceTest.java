package org.laguna.core.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.DidType;
import org.laguna.core.common.ReplicaState;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.DidRecords.Attachment;
import org.laguna.core.did.DidRecords.Child;
import org.laguna.core.did.DidRecords.NewDid;
import org.laguna.core.replica.NewReplica;
import org.laguna.core.testing.TestCore;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

class RuleServiceTest {
    private static LagunaCore core;
    private static final Caller ROOT = TestCore.root();
    private static int counter;

    @BeforeAll
    static void start() {
        core = TestCore.start();
        core.services().scopes().add(ROOT, "root", "data");
        for (String rse : List.of("T1_DE", "T1_FR", "T1_IT", "T2_ES")) {
            core.services().rses().addRse(ROOT, rse, List.of());
            core.services().rses().setAttribute(ROOT, rse, "tier", rse.startsWith("T1") ? "1" : "2");
        }
        core.services().accounts().add(ROOT, "alice", "USER", "alice@example.org");
        core.services().scopes().add(ROOT, "alice", "user.alice");
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    private static RuleService rules() {
        return core.services().rules();
    }

    /** A new open dataset with n files of 100 bytes, each with a replica on the given RSEs. */
    private static DidKey dataset(int files, String... rses) {
        String name = "ds" + (++counter);
        core.services().dids().namespace().addDids(ROOT, List.of(new NewDid(new DidKey("data", name), DidType.DATASET, false, null, null, List.of(), null, null)));
        List<Child> children = new ArrayList<>();
        List<NewReplica> replicas = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            String file = name + ".f" + i;
            replicas.add(new NewReplica("data", file, 100, "0000000" + (i % 10), null, null, ReplicaState.AVAILABLE));
            children.add(new Child(new DidKey("data", file), null, null, null));
        }
        if (rses.length == 0) {
            core.services().replicas().addReplicas(ROOT, "T2_ES", replicas, false);
            core.services().replicas().deleteReplicas(ROOT, "T2_ES", replicas.stream().map(r -> new DidKey(r.scope(), r.name())).toList());
        }
        for (String rse : rses) {
            core.services().replicas().addReplicas(ROOT, rse, replicas, false);
        }
        if (files > 0) {
            core.services().dids().attachments().attach(ROOT, List.of(new Attachment(new DidKey("data", name), children, null)), false);
        }
        return new DidKey("data", name);
    }

    private static long count(String sql, Object... params) {
        return core.database().readOnly(tx -> tx.count(sql, params));
    }

    /** The audit log rows the daemon wrote for the action on targets containing the text: target, detail, method, outcome. */
    private static List<String> audited(String daemon, String action, String targetPart) {
        return core.database().readOnly(tx -> tx.query("select target || ' | ' || coalesce(detail, '') || ' | ' || identity || ' ' "
                + "|| auth_method || ' ' || outcome from audit_log where account = ? and action = ? and strpos(target, ?) > 0 order by id",
                rs -> rs.getString(1), daemon, action, targetPart));
    }

    private static ErrorCode codeOf(Runnable action) {
        try {
            action.run();
        } catch (LagunaException e) {
            return e.code();
        }
        throw new AssertionError("no exception");
    }

    @Test
    void aRuleOnDataAlreadyOnTwoMatchingRsesIsOkAndChoosesThem() {
        DidKey ds = dataset(5, "T1_DE", "T1_IT");
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 2, "tier=1")).getFirst();
        Rule rule = rules().get(id);
        assertThat(rule.state()).isEqualTo(RuleState.OK);
        assertThat(rule.locksOk()).isEqualTo(10);
        assertThat(count("select count(*) from locks l join rses r on r.id = l.rse_id where l.rule_id = ? and r.rse in ('T1_DE', 'T1_IT')", id))
                .isEqualTo(10);
        assertThat(count("select count(*) from requests where rule_id = ?", id)).isZero();
        assertThat(count("select count(*) from replicas where scope = 'data' and name like ? and lock_cnt = 1 and tombstone is null",
                ds.name() + ".%")).isEqualTo(10);
    }

    @Test
    void aRuleNeedingCopiesReplicatesWithQueuedRequestsAndCopyingReplicas() {
        DidKey ds = dataset(4, "T2_ES");
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 2, "tier=1")).getFirst();
        Rule rule = rules().get(id);
        assertThat(rule.state()).isEqualTo(RuleState.REPLICATING);
        assertThat(rule.locksReplicating()).isEqualTo(8);
        assertThat(count("select count(*) from requests where rule_id = ? and state = 'QUEUED'", id)).isEqualTo(8);
        assertThat(count("select count(*) from replicas r join locks l on l.scope = r.scope and l.name = r.name and l.rse_id = r.rse_id "
                + "where l.rule_id = ? and r.state = 'COPYING'", id)).isEqualTo(8);
        // the 2 copies of grouping DATASET are on the same 2 RSEs for every file
        assertThat(count("select count(distinct rse_id) from locks where rule_id = ?", id)).isEqualTo(2);
    }

    @Test
    void aReplicaReportedAvailableMakesItsLocksAndTheRuleOk() {
        DidKey ds = dataset(2, "T2_ES");
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 1, "T1_FR")).getFirst();
        assertThat(rules().get(id).state()).isEqualTo(RuleState.REPLICATING);
        core.services().replicas().updateStates(ROOT, "T1_FR", Map.of(new DidKey("data", ds.name() + ".f0"), ReplicaState.AVAILABLE));
        Rule rule = rules().get(id);
        assertThat(rule.locksOk()).isEqualTo(1);
        assertThat(rule.locksReplicating()).isEqualTo(1);
        assertThat(rule.state()).isEqualTo(RuleState.REPLICATING);
        assertThat(count("select count(*) from requests where rule_id = ?", id)).isEqualTo(1);
        core.services().replicas().updateStates(ROOT, "T1_FR", Map.of(new DidKey("data", ds.name() + ".f1"), ReplicaState.AVAILABLE));
        rule = rules().get(id);
        assertThat(rule.state()).isEqualTo(RuleState.OK);
        assertThat(rule.locksOk()).isEqualTo(2);
        assertThat(count("select count(*) from requests where rule_id = ?", id)).isZero();
        assertThat(count("select count(*) from requests_history where rule_id = ? and state = 'DONE'", id)).isEqualTo(2);
    }

    @Test
    void groupingNoneSpreadsFilesAndKeepsCopiesDistinct() {
        DidKey ds = dataset(30);
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 2, "tier=1").withGrouping(Grouping.NONE)).getFirst();
        assertThat(count("select count(*) from locks where rule_id = ?", id)).isEqualTo(60);
        assertThat(count("select count(*) from (select scope, name from locks where rule_id = ? group by 1, 2 having count(distinct rse_id) = 2) x",
                id)).isEqualTo(30);
        assertThat(count("select count(distinct rse_id) from locks where rule_id = ?", id)).isEqualTo(3);
    }

    @Test
    void badInputIsRejectedWithRucioErrorsAndCreatesNothing() {
        DidKey ds = dataset(2, "T1_DE");
        long before = count("select count(*) from rules");
        assertThat(codeOf(() -> rules().add(ROOT, NewRule.of(List.of(ds), 1, "tier=9")))).isEqualTo(ErrorCode.INVALID_RSE_EXPRESSION);
        assertThat(codeOf(() -> rules().add(ROOT, NewRule.of(List.of(ds), 1, "tier=1&(")))).isEqualTo(ErrorCode.INVALID_RSE_EXPRESSION);
        assertThat(codeOf(() -> rules().add(ROOT, NewRule.of(List.of(ds), 4, "tier=1")))).isEqualTo(ErrorCode.INSUFFICIENT_TARGET_RSES);
        assertThat(codeOf(() -> rules().add(ROOT, NewRule.of(List.of(new DidKey("data", "missing")), 1, "tier=1"))))
                .isEqualTo(ErrorCode.DATA_IDENTIFIER_NOT_FOUND);
        // the second DID fails: the first one's rule is not kept either
        assertThat(codeOf(() -> rules().add(ROOT, NewRule.of(List.of(ds, new DidKey("data", "missing")), 1, "T1_DE"))))
                .isEqualTo(ErrorCode.DATA_IDENTIFIER_NOT_FOUND);
        assertThat(count("select count(*) from rules")).isEqualTo(before);
        rules().add(ROOT, NewRule.of(List.of(ds), 1, "T1_DE"));
        assertThat(codeOf(() -> rules().add(ROOT, NewRule.of(List.of(ds), 1, "T1_DE")))).isEqualTo(ErrorCode.DUPLICATE_RULE);
        assertThat(codeOf(() -> rules().add(ROOT, new NewRule(List.of(ds), null, 1, "tier=1", Grouping.ALL, "nosuchweight", null, false,
                null, null, null, false, false, false, null, false, false, 3, false, null)))).isEqualTo(ErrorCode.INSUFFICIENT_TARGET_RSES);
    }

    @Test
    void quotasAreEnforcedForOrdinaryAccounts() {
        Caller alice = new Caller("alice", "def", "alice", "", java.time.Instant.MAX);
        core.services().dids().namespace().addDids(alice, List.of(new NewDid(new DidKey("user.alice", "q" + (++counter)), DidType.DATASET, false, null,
                null, List.of(), null, null)));
        String name = "q" + counter;
        core.services().replicas().addReplicas(alice, "T2_ES",
                List.of(new NewReplica("user.alice", name + ".f", 1000, null, null, null, ReplicaState.AVAILABLE)), false);
        core.services().dids().attachments().attach(alice, List.of(new Attachment(new DidKey("user.alice", name),
                List.of(new Child(new DidKey("user.alice", name + ".f"), null, null, null)), null)), false);
        DidKey ds = new DidKey("user.alice", name);
        assertThat(codeOf(() -> rules().add(alice, NewRule.of(List.of(ds), 1, "T1_DE")))).isEqualTo(ErrorCode.INSUFFICIENT_ACCOUNT_LIMIT);
        core.services().accounts().setLocalLimit(ROOT, "alice", "T1_DE", 500);
        assertThat(codeOf(() -> rules().add(alice, NewRule.of(List.of(ds), 1, "T1_DE")))).isEqualTo(ErrorCode.INSUFFICIENT_ACCOUNT_LIMIT);
        core.services().accounts().setLocalLimit(ROOT, "alice", "T1_DE", 5000);
        UUID id = rules().add(alice, NewRule.of(List.of(ds), 1, "T1_DE")).getFirst();
        assertThat(count("select bytes from account_usage a join rses r on r.id = a.rse_id where a.account = 'alice' and r.rse = 'T1_DE'"))
                .isEqualTo(1000);
        // alice may not add rules for root, nor locked ones
        assertThat(codeOf(() -> rules().add(alice, NewRule.of(List.of(ds), 1, "T1_FR").withAccount("root")))).isEqualTo(ErrorCode.ACCESS_DENIED);
        // the rule's usage stays while the deleted rule waits to expire, and goes when the rule does
        rules().delete(alice, id, null);
        assertThat(codeOf(() -> rules().delete(alice, id, null, true))).as("only administrators remove at once").isEqualTo(ErrorCode.ACCESS_DENIED);
        assertThat(count("select bytes from account_usage a join rses r on r.id = a.rse_id where a.account = 'alice' and r.rse = 'T1_DE'"))
                .isEqualTo(1000);
        rules().delete(ROOT, id, null, true);
        assertThat(count("select bytes from account_usage a join rses r on r.id = a.rse_id where a.account = 'alice' and r.rse = 'T1_DE'"))
                .isZero();
    }

    @Test
    void deletingARuleMakesItExpireWithinTheHourAndTheCleanerRemovesItThen() {
        DidKey ds = dataset(2, "T1_FR");
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 1, "T1_FR")).getFirst();
        UUID soon = rules().add(ROOT, NewRule.of(List.of(dataset(1, "T1_FR")), 1, "T1_FR").withLifetime(Duration.ofMinutes(10))).getFirst();
        Instant before = Instant.now();
        rules().delete(ROOT, id, true);
        rules().delete(ROOT, soon, null);
        Rule deleted = rules().get(id);
        assertThat(deleted.expiresAt()).isBetween(before.plus(Duration.ofMinutes(59)), before.plus(Duration.ofMinutes(61)));
        assertThat(deleted.purgeReplicas()).isTrue();
        assertThat(rules().get(soon).expiresAt()).as("an earlier expiry stays").isBefore(before.plus(Duration.ofMinutes(11)));
        assertThat(count("select count(*) from locks where rule_id = ?", id)).as("the locks stay until the rule goes").isEqualTo(2);
        assertThat(count("select count(*) from rules_history where id = ? and expires_at is not null", id)).isEqualTo(1);

        core.database().inTransactionVoid(tx -> tx.update("update rules set expires_at = now() - interval '1 second' where id in (?, ?)", id, soon));
        JudgeCleaner cleaner = new JudgeCleaner(rules());
        while (cleaner.runOnce(WorkSlice.ALL) > 0) {
            // drain
        }
        assertThat(codeOf(() -> rules().get(id))).isEqualTo(ErrorCode.RULE_NOT_FOUND);
        assertThat(count("select count(*) from replicas where name like ? and lock_cnt = 0 and tombstone is not null", ds.name() + ".%"))
                .isEqualTo(2);
    }

    @Test
    void deletingARuleAtOnceReleasesLocksAndTombstonesUnlockedReplicas() {
        DidKey ds = dataset(3, "T1_FR");
        UUID keep = rules().add(ROOT, NewRule.of(List.of(ds), 1, "T1_FR")).getFirst();
        UUID drop = rules().add(ROOT, NewRule.of(List.of(ds), 1, "T1_FR|T1_DE").withGrouping(Grouping.ALL)).getFirst();
        assertThat(count("select count(*) from replicas where name like ? and lock_cnt = 2", ds.name() + ".%")).isEqualTo(3);
        rules().delete(ROOT, drop, null, true);
        assertThat(count("select count(*) from replicas where name like ? and lock_cnt = 1 and tombstone is null", ds.name() + ".%")).isEqualTo(3);
        rules().delete(ROOT, keep, null, true);
        assertThat(count("select count(*) from replicas where name like ? and lock_cnt = 0 and tombstone is not null", ds.name() + ".%"))
                .isEqualTo(3);
        assertThat(codeOf(() -> rules().get(keep))).isEqualTo(ErrorCode.RULE_NOT_FOUND);
    }

    @Test
    void aLockedRuleCannotBeDeleted() {
        DidKey ds = dataset(1, "T1_FR");
        NewRule spec = NewRule.of(List.of(ds), 1, "T1_FR");
        UUID id = rules().add(ROOT, new NewRule(spec.dids(), null, 1, "T1_FR", Grouping.DATASET, null, null, true, null, null, null,
                false, false, false, null, false, false, 3, false, null)).getFirst();
        assertThat(codeOf(() -> rules().delete(ROOT, id, null))).isEqualTo(ErrorCode.UNSUPPORTED_OPERATION);
        rules().update(ROOT, id, RuleUpdate.of(new RuleChange.Locked(false)));
        rules().delete(ROOT, id, null);
    }

    @Test
    void attachingFilesExtendsTheRulesAboveThroughTheEvaluator() {
        DidKey ds = dataset(2, "T1_DE");
        String container = "cont" + (++counter);
        core.services().dids().namespace().addDids(ROOT, List.of(new NewDid(new DidKey("data", container), DidType.CONTAINER, false, null, null, List.of(), null, null)));
        core.services().dids().attachments().attach(ROOT, List.of(new Attachment(new DidKey("data", container),
                List.of(new Child(new DidKey("data", ds.name()), null, null, null)), null)), false);
        UUID id = rules().add(ROOT, NewRule.of(List.of(new DidKey("data", container)), 1, "T1_DE")).getFirst();
        assertThat(rules().get(id).locksOk()).isEqualTo(2);
        // a new file in the dataset, with a replica elsewhere
        core.services().replicas().addReplicas(ROOT, "T2_ES", List.of(new NewReplica("data", ds.name() + ".new", 100, null, null, null,
                ReplicaState.AVAILABLE)), false);
        core.services().dids().attachments().attach(ROOT, List.of(new Attachment(new DidKey("data", ds.name()),
                List.of(new Child(new DidKey("data", ds.name() + ".new"), null, null, null)), null)), false);
        JudgeEvaluator evaluator = new JudgeEvaluator(rules());
        while (evaluator.runOnce(WorkSlice.ALL) > 0) {
            // drain
        }
        Rule rule = rules().get(id);
        assertThat(rule.locksOk()).isEqualTo(2);
        assertThat(rule.locksReplicating()).isEqualTo(1);
        assertThat(rule.state()).isEqualTo(RuleState.REPLICATING);
        assertThat(count("select count(*) from requests where rule_id = ? and name = ?", id, ds.name() + ".new")).isEqualTo(1);
        // detaching it releases the lock and cancels the queued request
        core.services().dids().attachments().detach(ROOT, new DidKey("data", ds.name()), List.of(new DidKey("data", ds.name() + ".new")));
        while (evaluator.runOnce(WorkSlice.ALL) > 0) {
            // drain
        }
        rule = rules().get(id);
        assertThat(rule.locksReplicating()).isZero();
        assertThat(rule.state()).isEqualTo(RuleState.OK);
        assertThat(count("select count(*) from requests where rule_id = ?", id)).isZero();
    }

    private static String container(DidKey... datasets) {
        String container = "cont" + (++counter);
        core.services().dids().namespace().addDids(ROOT, List.of(new NewDid(new DidKey("data", container), DidType.CONTAINER, false, null, null, List.of(), null, null)));
        if (datasets.length > 0) {
            attach(container, datasets);
        }
        return container;
    }

    private static void attach(String container, DidKey... datasets) {
        core.services().dids().attachments().attach(ROOT, List.of(new Attachment(new DidKey("data", container),
                java.util.Arrays.stream(datasets).map(d -> new Child(new DidKey("data", d.name()), null, null, null)).toList(), null)), false);
    }

    private static void drain(JudgeEvaluator evaluator) {
        while (evaluator.runOnce(WorkSlice.ALL) > 0) {
            // until nothing is left to apply now
        }
    }

    @Test
    void anAttachmentUnderARuleStillBeingInjectedWaitsForTheInjectionAndIsThenApplied() {
        String container = container(dataset(3, "T1_DE"));
        UUID id = rules().add(ROOT, NewRule.of(List.of(new DidKey("data", container)), 1, "T1_DE").withAsynchronous(true)).getFirst();
        assertThat(rules().get(id).state()).isEqualTo(RuleState.INJECT);
        attach(container, dataset(2, "T1_DE"));
        JudgeEvaluator evaluator = new JudgeEvaluator(rules());

        drain(evaluator);

        assertThat(count("select count(*) from locks where rule_id = ?", id)).as("locks made by the evaluator during the injection").isZero();
        assertThat(count("select count(*) from updated_dids where scope = 'data' and name = ?", container)).as("the attachment waits").isPositive();
        JudgeInjector injector = new JudgeInjector(core.database(), rules().engine(), 1000);
        while (injector.runOnce(WorkSlice.ALL) > 0) {
            // drain
        }
        assertThat(rules().get(id).state()).isEqualTo(RuleState.OK);
        drain(evaluator);
        assertThat(count("select count(*) from updated_dids where scope = 'data' and name = ?", container)).isZero();
        assertThat(count("select count(*) from locks where rule_id = ?", id)).isEqualTo(5);
        assertThat(rules().get(id).locksOk()).isEqualTo(5);
    }

    @Test
    void manyDatasetsAttachedToAContainerWithARuleAreAppliedAGroupPerTransaction() {
        DidKey[] datasets = IntStream.range(0, 25).mapToObj(i -> dataset(1, "T1_DE")).toArray(DidKey[]::new);
        JudgeEvaluator evaluator = new JudgeEvaluator(core.database(), rules().engine(), 10);
        drain(evaluator); // the datasets' own attachments, under no rule
        String container = container();
        UUID id = rules().add(ROOT, NewRule.of(List.of(new DidKey("data", container)), 1, "T1_DE")).getFirst();
        attach(container, datasets);

        evaluator.runOnce(WorkSlice.ALL);

        assertThat(count("select count(*) from locks where rule_id = ?", id)).as("after one transaction").isEqualTo(10);
        assertThat(count("select count(*) from updated_dids where scope = 'data' and name = ?", container)).as("the rest waits").isEqualTo(1);
        drain(evaluator);
        assertThat(count("select count(*) from locks where rule_id = ?", id)).isEqualTo(25);
        assertThat(rules().get(id).locksOk()).isEqualTo(25);
        assertThat(rules().get(id).state()).isEqualTo(RuleState.OK);
        assertThat(count("select count(*) from updated_dids where scope = 'data' and name = ?", container)).isZero();
        assertThat(count("select count(*) from contents where scope = 'data' and name = ? and rule_evaluation", container)).isZero();
    }

    @Test
    void bigAndAsynchronousRulesAreInjectedInBatchesByTheInjector() {
        DidKey ds = dataset(25, "T1_IT");
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 2, "tier=1").withAsynchronous(true)).getFirst();
        assertThat(rules().get(id).state()).isEqualTo(RuleState.INJECT);
        assertThat(count("select count(*) from locks where rule_id = ?", id)).isZero();
        JudgeInjector injector = new JudgeInjector(core.database(), rules().engine(), 3);
        // a few batches of at most 3 files: some locks, not all
        int first = injector.runOnce(WorkSlice.ALL);
        assertThat(first).isPositive();
        assertThat(count("select count(*) from locks where rule_id = ?", id)).isBetween(1L, 2L * 12);
        assertThat(rules().get(id).state()).isEqualTo(RuleState.INJECT);
        while (injector.runOnce(WorkSlice.ALL) > 0) {
            // drain
        }
        Rule rule = rules().get(id);
        assertThat(rule.state()).isEqualTo(RuleState.REPLICATING);
        assertThat(rule.locksOk()).isEqualTo(25);
        assertThat(rule.locksReplicating()).isEqualTo(25);
        assertThat(count("select count(*) from rule_inject_parts where rule_id = ?", id)).isZero();
    }

    @Test
    void injectorThreadsShareTheParts() throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(rules().add(ROOT, NewRule.of(List.of(dataset(20, "T1_IT")), 1, "T1_IT|T1_DE").withAsynchronous(true)).getFirst());
        }
        JudgeInjector injector = new JudgeInjector(core.database(), rules().engine(), 2);
        java.util.concurrent.atomic.AtomicInteger[] handled = {new java.util.concurrent.atomic.AtomicInteger(),
                new java.util.concurrent.atomic.AtomicInteger()};
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                int thread = t;
                jobs.add(pool.submit(() -> {
                    int n;
                    while ((n = injector.runOnce(WorkSlice.ALL)) > 0) {
                        handled[thread].addAndGet(n);
                    }
                    return null;
                }));
            }
            for (var job : jobs) {
                job.get();
            }
        }
        assertThat(handled[0].get()).as("first thread").isPositive();
        assertThat(handled[1].get()).as("second thread").isPositive();
        for (UUID id : ids) {
            Rule rule = rules().get(id);
            assertThat(rule.state()).isEqualTo(RuleState.OK);
            assertThat(rule.locksOk()).isEqualTo(20);
            assertThat(count("select count(*) from locks where rule_id = ?", id)).isEqualTo(20);
        }
        assertThat(count("select count(*) from rule_inject_parts")).isZero();
    }

    @Test
    void expiredRulesAreRemovedByTheCleaner() {
        DidKey ds = dataset(3, "T1_DE");
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 1, "T1_DE").withLifetime(Duration.ZERO)).getFirst();
        JudgeCleaner cleaner = new JudgeCleaner(rules());
        while (cleaner.runOnce(WorkSlice.ALL) > 0) {
            // drain
        }
        assertThat(codeOf(() -> rules().get(id))).isEqualTo(ErrorCode.RULE_NOT_FOUND);
        assertThat(count("select count(*) from replicas where name like ? and tombstone is not null", ds.name() + ".%")).isEqualTo(3);
        assertThat(audited(JudgeCleaner.NAME, "del_rule", "rule=" + id))
                .containsExactly("account=root,did=data:" + ds.name() + ",rule=" + id + " | expired | judge-cleaner daemon SUCCESS");
        List<RuleHistoryEntry> history = new ArrayList<>();
        rules().history(id, history::add);
        assertThat(history).isNotEmpty();
    }

    @Test
    void aBadReplicaIsReplacedFromAnotherCopyAndWithoutOneTheRuleIsStuck() {
        DidKey ds = dataset(2, "T1_DE", "T2_ES");
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 1, "T1_DE")).getFirst();
        core.services().replicas().declareBad(ROOT, "lost disk", List.of(), List.of(Map.entry("T1_DE", new DidKey("data", ds.name() + ".f0"))));
        JudgeRepairer repairer = new JudgeRepairer(rules(), TransferConfig.DEFAULTS.stuckRetryDelay());
        repairer.runOnce(WorkSlice.ALL);
        Rule rule = rules().get(id);
        assertThat(rule.state()).isEqualTo(RuleState.REPLICATING);
        assertThat(rule.locksReplicating()).isEqualTo(1);
        assertThat(count("select count(*) from requests where rule_id = ? and name = ? and state = 'QUEUED'", id, ds.name() + ".f0")).isEqualTo(1);

        DidKey alone = dataset(1, "T1_FR");
        UUID lonely = rules().add(ROOT, NewRule.of(List.of(alone), 1, "T1_FR")).getFirst();
        core.services().replicas().declareBad(ROOT, "lost disk", List.of(), List.of(Map.entry("T1_FR", new DidKey("data", alone.name() + ".f0"))));
        repairer.runOnce(WorkSlice.ALL);
        assertThat(rules().get(lonely).state()).isEqualTo(RuleState.STUCK);
        assertThat(rules().analysis(lonely).ruleError()).contains("No available source");
        assertThat(audited(JudgeRepairer.NAME, "repair_bad_replica", ".f0,rse=T1_")).containsSubsequence(
                "name=" + ds.name() + ".f0,rse=T1_DE,scope=data | RECOVERED: copied anew from another replica | judge-repairer daemon SUCCESS",
                "name=" + alone.name() + ".f0,rse=T1_FR,scope=data | LOST: no other available copy | judge-repairer daemon SUCCESS");
    }

    /** Makes every lock of a rule STUCK as if its transfers had failed for good, an hour ago. */
    private static void failForGood(UUID rule) {
        core.database().inTransactionVoid(tx -> {
            long locks = tx.count("select count(*) from locks where rule_id = ?", rule);
            tx.update("update locks set state = 'STUCK' where rule_id = ?", rule);
            tx.update("update requests set state = 'FAILED', err_msg = 'destination refused the file' where rule_id = ?", rule);
            tx.update("update rules set state = 'STUCK', locks_ok_cnt = 0, locks_replicating_cnt = 0, locks_stuck_cnt = ?, "
                    + "stuck_at = ?, error = 'transfers failed' where id = ?", locks, java.sql.Timestamp.from(java.time.Instant.now().minusSeconds(3600)), rule);
        });
    }

    private static UUID rseId(String rse) {
        return core.database().readOnly(tx -> tx.queryOne("select id from rses where rse = ?", rs -> rs.getObject(1, UUID.class), rse))
                .orElseThrow();
    }

    @Test
    void stuckLocksOnAnRseThatNoLongerTakesWritesMoveToAnotherRseOfTheExpression() {
        for (String rse : List.of("MOVE_A", "MOVE_B")) {
            core.services().rses().addRse(ROOT, rse, List.of());
            core.services().rses().setAttribute(ROOT, rse, "mover", "1");
        }
        DidKey ds = dataset(3, "T2_ES");
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 1, "mover=1")).getFirst();
        UUID first = core.database().readOnly(tx -> tx.queryOne("select distinct rse_id from locks where rule_id = ?",
                rs -> rs.getObject(1, UUID.class), id)).orElseThrow();
        String firstName = first.equals(rseId("MOVE_A")) ? "MOVE_A" : "MOVE_B";
        UUID other = firstName.equals("MOVE_A") ? rseId("MOVE_B") : rseId("MOVE_A");
        failForGood(id);
        core.services().rses().updateRse(ROOT, firstName, List.of(new org.laguna.core.rse.RseSetting.Flag(org.laguna.core.rse.RseField.AVAILABILITY_WRITE, false)));

        new JudgeRepairer(rules(), TransferConfig.DEFAULTS.stuckRetryDelay()).runOnce(WorkSlice.ALL);

        Rule rule = rules().get(id);
        assertThat(rule.state()).isEqualTo(RuleState.REPLICATING);
        assertThat(rule.locksReplicating()).isEqualTo(3);
        assertThat(rule.locksStuck()).isZero();
        assertThat(count("select count(*) from locks where rule_id = ? and rse_id = ? and state = 'REPLICATING'", id, other)).isEqualTo(3);
        assertThat(count("select count(*) from locks where rule_id = ? and rse_id = ?", id, first)).isZero();
        assertThat(count("select count(*) from requests where rule_id = ? and dest_rse_id = ? and state = 'QUEUED'", id, other)).isEqualTo(3);
        assertThat(count("select count(*) from requests where dest_rse_id = ?", first)).isZero();
        assertThat(count("select count(*) from requests_history where rule_id = ? and dest_rse_id = ? and state = 'FAILED'", id, first))
                .isEqualTo(3);
        assertThat(count("select count(*) from replicas where rse_id = ? and lock_cnt = 0 and tombstone is not null", first)).isEqualTo(3);
        assertThat(count("select count(*) from rule_targets where rule_id = ? and rse_id = ?", id, other)).isEqualTo(1);
        assertThat(audited(JudgeRepairer.NAME, "move_stuck_locks", "rule=" + id)).containsExactly("account=root,did=data:" + ds.name()
                + ",from=" + firstName + ",rule=" + id + ",to=" + (firstName.equals("MOVE_A") ? "MOVE_B" : "MOVE_A")
                + " | 3 stuck locks moved | judge-repairer daemon SUCCESS");
    }

    @Test
    void aStuckRuleIsRetriedOnItsOwnRsesWhenTheyTakeWritesAndASourceExists() {
        DidKey ds = dataset(2, "T2_ES");
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 1, "T1_IT")).getFirst();
        failForGood(id);

        new JudgeRepairer(rules(), TransferConfig.DEFAULTS.stuckRetryDelay()).runOnce(WorkSlice.ALL);

        Rule rule = rules().get(id);
        assertThat(rule.state()).isEqualTo(RuleState.REPLICATING);
        assertThat(rule.locksReplicating()).isEqualTo(2);
        assertThat(count("select count(*) from locks where rule_id = ? and rse_id = ? and repair_cnt = 1", id, rseId("T1_IT"))).isEqualTo(2);
        assertThat(count("select count(*) from requests where rule_id = ? and state = 'QUEUED'", id)).isEqualTo(2);
    }

    @Test
    void stuckLocksWithNowhereElseToGoStayStuckAndTheRuleSaysWhy() {
        core.services().rses().addRse(ROOT, "MOVE_ONLY", List.of());
        DidKey ds = dataset(2, "T2_ES");
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 1, "MOVE_ONLY")).getFirst();
        failForGood(id);
        core.services().rses().updateRse(ROOT, "MOVE_ONLY", List.of(new org.laguna.core.rse.RseSetting.Flag(org.laguna.core.rse.RseField.AVAILABILITY_WRITE, false)));

        new JudgeRepairer(rules(), TransferConfig.DEFAULTS.stuckRetryDelay()).runOnce(WorkSlice.ALL);

        Rule rule = rules().get(id);
        assertThat(rule.state()).isEqualTo(RuleState.STUCK);
        assertThat(rule.locksStuck()).isEqualTo(2);
        assertThat(rules().analysis(id).ruleError()).contains("no other RSE");
    }

    @Test
    void reduceKeepsExistingCopiesAndMoveHandsOverWhenTheNewRuleIsOk() {
        DidKey ds = dataset(2, "T1_DE", "T1_FR");
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 2, "T1_DE|T1_FR|T1_IT")).getFirst();
        UUID reduced = rules().reduce(ROOT, id, 1, "T1_FR").getFirst();
        assertThat(codeOf(() -> rules().get(id))).isEqualTo(ErrorCode.RULE_NOT_FOUND);
        assertThat(rules().get(reduced).state()).isEqualTo(RuleState.OK);
        assertThat(count("select count(*) from locks l join rses r on r.id = l.rse_id where l.rule_id = ? and r.rse = 'T1_DE'", reduced))
                .isEqualTo(2);
        UUID moved = rules().move(ROOT, reduced, "T1_FR", null).getFirst();
        assertThat(rules().get(reduced).childRuleId()).isEqualTo(moved);
        new JudgeCleaner(rules()).runOnce(WorkSlice.ALL);
        assertThat(codeOf(() -> rules().get(reduced))).isEqualTo(ErrorCode.RULE_NOT_FOUND);
    }

    @Test
    void askApprovalWaitsUntilApproved() {
        DidKey ds = dataset(2, "T1_DE");
        UUID id = rules().add(ROOT, NewRule.of(List.of(ds), 1, "T1_DE").withAskApproval(true)).getFirst();
        assertThat(rules().get(id).state()).isEqualTo(RuleState.WAITING_APPROVAL);
        assertThat(count("select count(*) from locks where rule_id = ?", id)).isZero();
        rules().update(ROOT, id, RuleUpdate.approval(true));
        assertThat(rules().get(id).state()).isEqualTo(RuleState.OK);
    }

    @Test
    void aDenialWithACommentRemovesTheRuleAndTellsTheReasonAndAnApprovalKeepsTheRulesComment() {
        DidKey denied = dataset(1, "T1_DE");
        DidKey approved = dataset(1, "T1_DE");
        UUID deny = rules().add(ROOT, NewRule.of(List.of(denied), 1, "T1_FR").withAskApproval(true)).getFirst();
        UUID approve = rules().add(ROOT, NewRule.of(List.of(approved), 1, "T1_FR").withAskApproval(true)).getFirst();

        rules().update(ROOT, deny, new RuleUpdate(Optional.of(false), List.of(new RuleChange.Comment("T1_FR is full"))));
        rules().update(ROOT, approve, new RuleUpdate(Optional.of(true), List.of(new RuleChange.Comment("go ahead"))));

        assertThat(codeOf(() -> rules().get(deny))).isEqualTo(ErrorCode.RULE_NOT_FOUND);
        assertThat(rules().get(approve).state()).isEqualTo(RuleState.REPLICATING);
        assertThat(rules().get(approve).comments()).isNull();
        assertThat(count("select count(*) from messages where event_type = 'RULE_APPROVAL_DENIED' and payload->>'reason' = 'T1_FR is full' "
                + "and payload->>'approver' = 'root' and payload->>'rule_id' = ?", deny.toString().replace("-", ""))).isEqualTo(1);
        assertThat(count("select count(*) from messages where event_type = 'RULE_APPROVAL_GRANTED' and payload->>'reason' = 'go ahead' "
                + "and payload->>'rule_id' = ?", approve.toString().replace("-", ""))).isEqualTo(1);
    }

    @Test
    void aPreviewSaysWhatARuleWouldLockAndTransferAndWritesNothing() {
        DidKey ds = dataset(3, "T1_DE");
        long rulesBefore = count("select count(*) from rules");
        long messagesBefore = count("select count(*) from messages");

        RulePreview.Cost cost = rules().preview(ROOT, NewRule.of(List.of(ds), 2, "T1_DE|T1_FR"));
        List<RulePreview.RseOption> options = rules().rseOptions(ROOT, "tier=1");

        assertThat(cost.allowed()).isTrue();
        assertThat(cost.needsApproval()).isFalse();
        assertThat(cost.files()).isEqualTo(3);
        assertThat(cost.bytes()).isEqualTo(300);
        assertThat(cost.rses()).containsExactly(new RulePreview.RseCost("T1_DE", 3, 300, 0, 0), new RulePreview.RseCost("T1_FR", 3, 300, 3, 300));
        assertThat(cost.bytesToTransfer()).isEqualTo(300);
        assertThat(count("select count(*) from rules")).isEqualTo(rulesBefore);
        assertThat(count("select count(*) from messages")).isEqualTo(messagesBefore);
        assertThat(options).extracting(RulePreview.RseOption::rse).containsExactlyInAnyOrder("T1_DE", "T1_FR", "T1_IT");
        assertThat(options).allSatisfy(option -> assertThat(option.quota()).isEqualTo(-1L));
        assertThat(codeOf(() -> rules().preview(ROOT, NewRule.of(List.of(ds), 4, "tier=1")))).isEqualTo(ErrorCode.INSUFFICIENT_TARGET_RSES);
        assertThat(codeOf(() -> rules().rseOptions(ROOT, "tier=9"))).isEqualTo(ErrorCode.INVALID_RSE_EXPRESSION);
    }

    @Test
    void containerRulesWithDatasetGroupingKeepEachDatasetTogether() {
        String container = "big" + (++counter);
        core.services().dids().namespace().addDids(ROOT, List.of(new NewDid(new DidKey("data", container), DidType.CONTAINER, false, null, null, List.of(), null, null)));
        List<Child> datasets = IntStream.range(0, 6).mapToObj(i -> new Child(new DidKey("data", dataset(3).name()), null, null, null)).toList();
        core.services().dids().attachments().attach(ROOT, List.of(new Attachment(new DidKey("data", container), datasets, null)), false);
        UUID id = rules().add(ROOT, NewRule.of(List.of(new DidKey("data", container)), 1, "tier=1")).getFirst();
        assertThat(count("select count(*) from locks where rule_id = ?", id)).isEqualTo(18);
        assertThat(count("select count(*) from (select c.scope, c.name from locks l join contents c on c.child_scope = l.scope "
                + "and c.child_name = l.name where l.rule_id = ? group by 1, 2 having count(distinct l.rse_id) = 1) x", id)).isEqualTo(6);
    }
}
