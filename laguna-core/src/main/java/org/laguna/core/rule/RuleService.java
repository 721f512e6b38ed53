package org.laguna.core.rule;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Database;
import org.laguna.core.db.JsonValues;
import org.laguna.core.db.Json;
import org.laguna.core.db.SqlErrors;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;
import org.laguna.core.event.EventTypes;
import org.laguna.core.event.Outbox;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.RseResolver;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/**
 * Replication rules: adding (with RSE selection, quotas and locks), reading, updating, deleting,
 * reducing, moving, approving and explaining them. Small rules are expanded into locks in the
 * request's transaction; rules over more files than the injection threshold, or asked to be
 * asynchronous, are stored in state INJECT and expanded by the injector in batches.
 */
public final class RuleService {
    /** Rules over more files than this are expanded by the injector. */
    public static final long DEFAULT_INJECT_THRESHOLD = 10_000;

    private final Database database;
    private final Permissions permissions;
    private final Clock clock;
    private final RuleEngine engine;
    private final RseResolver resolver;
    private final long injectThreshold;
    private final RuleQueries queries;
    private final RuleAnalyzer analyzer;
    private final RuleUpdater updater;
    private final RulePreviews previews;

    public RuleService(Database database, Permissions permissions, Clock clock, RseResolver resolver,
                       RandomGenerator random, long injectThreshold) {
        this(database, permissions, clock, resolver, random, injectThreshold, LockWaits.Settings.DEFAULTS);
    }

    /** As above, with the conveyor's settings that {@link #analysis} uses to say what locks wait for. */
    public RuleService(Database database, Permissions permissions, Clock clock, RseResolver resolver,
                       RandomGenerator random, long injectThreshold, LockWaits.Settings waitSettings) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.resolver = Objects.requireNonNull(resolver, "resolver is null");
        this.engine = new RuleEngine(new TargetPlanner(resolver, random), permissions, clock);
        this.injectThreshold = injectThreshold;
        this.queries = new RuleQueries(database, engine);
        this.analyzer = new RuleAnalyzer(database, engine, new LockWaits(waitSettings), clock);
        this.previews = new RulePreviews(permissions, resolver, engine);
        this.updater = new RuleUpdater(this, database, permissions, clock, engine, resolver, previews);
    }

    public RuleEngine engine() {
        return engine;
    }

    public Database database() {
        return database;
    }

    // ---------------------------------------------------------------- add

    /** Adds one rule per DID, all or nothing; answers their ids in the order of the DIDs. */
    public List<UUID> add(Caller caller, NewRule spec) {
        String account = spec.account() == null ? caller.account() : spec.account();
        return database.inTransaction(tx -> {
            if (!tx.exists("select 1 from accounts where account = ? and status <> 'DELETED'", account)) {
                throw new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account with ID '" + account + "' cannot be found");
            }
            permissions.check(tx, caller, Actions.ADD_RULE, addArguments(spec, account));
            if (spec.ignoreAccountLimit() && !permissions.isAdmin(tx, caller)) {
                throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not ignore account limits");
            }
            List<UUID> ids = new ArrayList<>();
            for (DidKey did : new LinkedHashSet<>(spec.dids())) {
                ids.add(addInTx(tx, caller.vo(), spec.withAccount(account), did, null, null));
            }
            return ids;
        });
    }

    /** The arguments the policy decides add_rule on. */
    private static String[] addArguments(NewRule spec, String account) {
        return new String[] {"account", account, "locked", String.valueOf(spec.locked()),
                "rse_expression", spec.rseExpression(), "copies", String.valueOf(spec.copies()),
                "source_replica_expression", spec.sourceReplicaExpression(), "activity", spec.activity(),
                "lifetime", spec.lifetime() == null ? null : String.valueOf(spec.lifetime().toSeconds()),
                "ask_approval", String.valueOf(spec.askApproval())};
    }

    // ---------------------------------------------------------------- before adding

    /**
     * The RSEs an expression matches (InvalidRSEExpression when none), each with whether it takes
     * writes, its space left, the caller's quota and usage there and its approvers.
     */
    public List<RulePreview.RseOption> rseOptions(Caller caller, String expression) {
        return database.readOnly(tx -> previews.options(tx, caller, expression));
    }

    /**
     * What adding the caller's rules would do, found by adding them in a transaction that is rolled
     * back, so nothing is written: whether the policy allows them (or only with approval), and what
     * they would lock and transfer on each RSE. An error the adding would meet (an expression that
     * matches no RSE, too little quota, a duplicate rule, an unknown DID) is thrown as it would be.
     */
    public RulePreview.Cost preview(Caller caller, NewRule spec) {
        String account = caller.account();
        NewRule asked = spec.withAccount(account);
        try {
            database.inTransactionVoid(tx -> {
                boolean allowed = permissions.allows(tx, caller, Actions.ADD_RULE, addArguments(asked.withAskApproval(false), account));
                boolean needsApproval = !allowed && permissions.allows(tx, caller, Actions.ADD_RULE, addArguments(asked.withAskApproval(true), account));
                if (!allowed && !needsApproval) {
                    String explanation = permissions.explain(tx, caller, Actions.ADD_RULE, addArguments(asked, account)).explanation();
                    throw new DryRun(RulePreview.Cost.denied("Account " + account + " can not add_rule: " + explanation));
                }
                NewRule planned = new NewRule(asked.dids(), account, asked.copies(), asked.rseExpression(), asked.grouping(), asked.weight(),
                        asked.lifetime(), asked.locked(), asked.sourceReplicaExpression(), asked.activity(), asked.notification(),
                        asked.purgeReplicas(), asked.ignoreAvailability(), asked.ignoreAccountLimit(), asked.comment(), false, false,
                        asked.priority(), asked.splitContainer(), asked.meta(), Duration.ZERO);
                List<UUID> ids = new ArrayList<>();
                for (DidKey did : new LinkedHashSet<>(planned.dids())) {
                    ids.add(addInTx(tx, caller.vo(), planned, did, null, null));
                }
                throw new DryRun(previews.measure(tx, ids, allowed, needsApproval));
            });
        } catch (DryRun done) {
            return done.cost;
        }
        throw new IllegalStateException("a preview must roll back its transaction");
    }

    /** Ends a preview's transaction, rolling it back, with what it found. */
    private static final class DryRun extends RuntimeException {
        private final transient RulePreview.Cost cost;

        DryRun(RulePreview.Cost cost) {
            super(null, null, false, false);
            this.cost = cost;
        }
    }

    /**
     * The rules waiting for approval that the caller may approve or deny (as approve_rule decides for
     * each), oldest first: at most {@code max} go to the sink; answers how many there are.
     */
    public int pendingApprovals(Caller caller, int max, Consumer<Rule> sink) {
        return database.readOnly(tx -> {
            int count = 0;
            for (Rule rule : tx.query("select " + Rule.COLUMNS + " from rules r where r.state = 'WAITING_APPROVAL' and r.vo = ? "
                    + "order by r.created_at, r.id", Rule::from, caller.vo())) {
                if (previews.mayApprove(tx, caller, rule) && count++ < max) {
                    sink.accept(rule);
                }
            }
            return count;
        });
    }

    /** The accounts that may approve the rule besides administrators (its RSEs' {@code rule_approvers}), comma-separated. */
    public String approvers(UUID id) {
        return database.readOnly(tx -> previews.approvers(tx, engine.require(tx, id, false)));
    }

    /** True for administrators and the accounts an RSE names in its {@code rule_approvers}. */
    public boolean approves(Caller caller) {
        return database.readOnly(tx -> previews.approves(tx, caller));
    }

    /** What the caller may do to the rule, as the policy decides each change. */
    public RuleActions actions(Caller caller, UUID id) {
        return database.readOnly(tx -> previews.actions(tx, caller, engine.require(tx, id, false)));
    }

    /**
     * Adds the rule of a subscription on one DID inside the caller's transaction, with no permission
     * check (the subscription's owner was checked when it was written); DuplicateRule if the DID
     * already has the same rule.
     */
    public UUID addForSubscription(Tx tx, String vo, NewRule spec, DidKey did, UUID subscriptionId) {
        return addInTx(tx, vo, spec, did, null, Objects.requireNonNull(subscriptionId, "subscriptionId is null"));
    }

    /**
     * Adds a rule of the spec's account on one DID inside the caller's transaction, with no permission
     * check: for use cases that make rules on what the caller registers (DIRAC's bulk add), as Rucio's
     * core does. DuplicateRule if the DID already has the same rule.
     */
    public UUID addInTransaction(Tx tx, String vo, NewRule spec, DidKey did) {
        Objects.requireNonNull(spec.account(), "account is null");
        return addInTx(tx, vo, spec, did, null, null);
    }

    private UUID addInTx(Tx tx, String vo, NewRule spec, DidKey did, Instant expiresAt, UUID subscriptionId) {
        DidType type = tx.queryOne("select did_type from dids where scope = ? and name = ? for share",
                rs -> DidType.valueOf(rs.getString(1)), did.scope(), did.name())
                .orElseThrow(() -> new LagunaException(ErrorCode.DATA_IDENTIFIER_NOT_FOUND, "Data identifier '" + did + "' not found"));
        if (tx.exists("select 1 from rules where scope = ? and name = ? and account = ? and rse_expression = ? and copies = ?",
                did.scope(), did.name(), spec.account(), spec.rseExpression(), spec.copies())) {
            throw duplicate(did, spec);
        }
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        Instant expires = expiresAt != null ? expiresAt : spec.lifetime() == null ? null : clock.instant().plus(spec.lifetime());
        RuleState initial = spec.askApproval() ? RuleState.WAITING_APPROVAL : RuleState.REPLICATING;
        try {
            tx.update("insert into rules (id, vo, account, scope, name, did_type, state, rse_expression, copies, expires_at, weight, locked, "
                            + "source_replica_expression, activity, grouping, notification, purge_replicas, ignore_availability, "
                            + "ignore_account_limit, priority, comments, split_container, meta, created_at, updated_at, subscription_id) "
                            + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, vo, spec.account(), did.scope(), did.name(), type.name(), initial.name(), spec.rseExpression(), spec.copies(),
                    expires == null ? null : Timestamp.from(expires), spec.weight(), spec.locked(), spec.sourceReplicaExpression(),
                    spec.activity(), spec.grouping().name(), spec.notification().name(), spec.purgeReplicas(), spec.ignoreAvailability(),
                    spec.ignoreAccountLimit(), spec.priority(), spec.comment(), spec.splitContainer(),
                    spec.meta() == null ? null : new Json(JsonValues.write(spec.meta())),
                    Timestamp.from(now.toInstant().plus(spec.delayInjection())), now, subscriptionId);
        } catch (LagunaException e) {
            if (SqlErrors.isDuplicate(e)) {
                throw duplicate(did, spec);
            }
            throw e;
        }
        Rule rule = engine.require(tx, id, true);
        if (spec.sourceReplicaExpression() != null) {
            resolver.resolve(tx, vo, spec.sourceReplicaExpression());
        }
        TargetPlanner.Plan plan = engine.plan(tx, rule);
        if (spec.askApproval()) {
            Map<String, Object> payload = approvalPayload(rule);
            payload.put("approvers", List.copyOf(RuleUpdater.approvers(tx, resolver, rule)));
            Outbox.emit(tx, EventTypes.RULE_APPROVAL_REQUESTED, Outbox.didKey(did.scope(), did.name()), payload, clock.instant());
            engine.history(tx, id);
            return id;
        }
        engine.chooseTargets(tx, rule, plan);
        place(tx, rule, spec.asynchronous() || !spec.delayInjection().isZero());
        engine.history(tx, id);
        return id;
    }

    /** The payload of the approval events: the rule, its account, expression and copies. */
    static Map<String, Object> approvalPayload(Rule rule) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("scope", rule.scope());
        payload.put("name", rule.name());
        payload.put("rule_id", rule.id().toString().replace("-", ""));
        payload.put("account", rule.account());
        payload.put("rse_expression", rule.rseExpression());
        payload.put("copies", rule.copies());
        return payload;
    }

    /** Expands a rule now, or leaves it to the injector when asked or when it covers more files than the threshold. */
    void place(Tx tx, Rule rule, boolean asynchronous) {
        FileSource source = FileSource.of(rule.scope(), rule.name(), rule.didType());
        if (asynchronous || engine.planner().files(tx, source) > injectThreshold) {
            engine.toInject(tx, rule);
        } else {
            engine.expandAll(tx, rule, source);
            engine.settle(tx, rule.id());
        }
    }

    private static LagunaException duplicate(DidKey did, NewRule spec) {
        return new LagunaException(ErrorCode.DUPLICATE_RULE, "A duplicate rule for this account, did, rse_expression, copies already exists: "
                + spec.account() + ", " + did + ", " + spec.rseExpression() + ", " + spec.copies());
    }

    // ---------------------------------------------------------------- read

    public Rule get(UUID id) {
        return database.readOnly(tx -> engine.require(tx, id, false));
    }

    public static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw RuleEngine.notFound(id);
        }
    }

    /** A lock as the API shows it. */
    public record LockView(String scope, String name, UUID rseId, String rse, UUID ruleId, String account, String state, long bytes,
                           Instant createdAt, Instant updatedAt) {
    }

    /** A dataset lock: a rule's hold on a dataset's files on one RSE, summed up. */
    public record DatasetLock(String scope, String name, UUID rseId, String rse, UUID ruleId, String account, String state, long length,
                              long bytes, Instant updatedAt) {
    }

    /** Rules matching Rucio's list filters (column = value; name may use * wildcards; state by name or code). */
    public void list(Map<String, String> filters, Consumer<Rule> sink) {
        queries.list(filters, sink);
    }

    /** Rules on exactly this DID. */
    public void listForDid(DidKey did, Consumer<Rule> sink) {
        queries.listForDid(did, sink);
    }

    /** Rules on the DID and on every collection above it. */
    public void listAssociated(DidKey did, Consumer<Rule> sink) {
        queries.listAssociated(did, sink);
    }

    public void locks(UUID ruleId, Consumer<LockView> sink) {
        queries.locks(ruleId, sink);
    }

    /** The file locks of a file DID. */
    public void locksOfFile(DidKey file, Consumer<LockView> sink) {
        queries.locksOfFile(file, sink);
    }

    public void datasetLocks(DidKey dataset, Consumer<DatasetLock> sink) {
        queries.datasetLocks(dataset, sink);
    }

    public void datasetLocksOnRse(String vo, String rse, Consumer<DatasetLock> sink) {
        queries.datasetLocksOnRse(vo, rse, sink);
    }

    /**
     * The rules of the caller's VO waiting for approval that the caller may approve (as an update with
     * {@code approve} would decide), oldest first; at most {@code limit} of the first {@code scanned}
     * waiting rules are looked at.
     */
    public void awaitingApprovalBy(Caller caller, int scanned, int limit, Consumer<Rule> sink) {
        List<Rule> mine = database.readOnly(tx -> {
            List<Rule> allowed = new ArrayList<>();
            for (Rule rule : tx.query("select " + Rule.COLUMNS + " from rules r where state = 'WAITING_APPROVAL' and vo = ? "
                    + "order by created_at, id limit ?", Rule::from, caller.vo(), scanned)) {
                if (allowed.size() < limit && updater.mayApprove(tx, caller, rule)) {
                    allowed.add(rule);
                }
            }
            return allowed;
        });
        mine.forEach(sink);
    }

    /** A rule's history, oldest first. */
    public void history(UUID ruleId, Consumer<RuleHistoryEntry> sink) {
        queries.history(ruleId, sink);
    }

    /** The history of every rule on a DID. */
    public void historyOfDid(DidKey did, Consumer<RuleHistoryEntry> sink) {
        queries.historyOfDid(did, sink);
    }

    /**
     * Why a rule is not OK: its error and, per stuck or replicating lock, the transfer's state, the
     * sources and what the lock waits for (a {@link LockWait}).
     */
    public RuleAnalysis analysis(UUID id) {
        return analyzer.analysis(id);
    }

    // ---------------------------------------------------------------- change

    /** Rucio's rule update: an approval, then each change in turn, all in one transaction. */
    public void update(Caller caller, UUID id, RuleUpdate update) {
        updater.update(caller, id, update);
    }

    /** How long a deleted rule stays, readable, before the judge-cleaner removes it (Rucio's soft delete). */
    public static final Duration SOFT_DELETE_GRACE = Duration.ofHours(1);

    /**
     * Deletes a rule as Rucio does: the rule expires within the hour (at the earlier of an hour
     * from now and its own expiry), {@code purgeReplicas} is kept when given, and the change goes
     * to the rule's history. The rule stays readable, with its locks, until the judge-cleaner
     * removes it once it has expired.
     */
    public void delete(Caller caller, UUID id, Boolean purgeReplicas) {
        delete(caller, id, purgeReplicas, false);
    }

    /**
     * Deletes a rule; {@code now} (for administrators only) removes it at once instead: its locks
     * are released (replicas left without locks get a tombstone) and the rule removed. A rule with
     * more locks than the injection threshold is then marked expired and removed by the cleaner in
     * batches.
     */
    public void delete(Caller caller, UUID id, Boolean purgeReplicas, boolean now) {
        database.inTransactionVoid(tx -> {
            Rule rule = engine.require(tx, id, true);
            permissions.check(tx, caller, Actions.DEL_RULE, "rule_account", rule.account(), "locked", String.valueOf(rule.locked()));
            if (now && !permissions.isAdmin(tx, caller)) {
                throw new LagunaException(ErrorCode.ACCESS_DENIED,
                        "Account " + caller.account() + " can not remove a replication rule at once; only administrators can");
            }
            if (rule.locked()) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                        "The replication rule is locked and has to be unlocked before it can be deleted");
            }
            if (purgeReplicas != null && purgeReplicas != rule.purgeReplicas()) {
                tx.update("update rules set purge_replicas = ? where id = ?", purgeReplicas, id);
                rule = engine.require(tx, id, true);
            }
            Instant at = clock.instant();
            if (!now) {
                Instant expires = at.plus(SOFT_DELETE_GRACE);
                if (rule.expiresAt() != null && rule.expiresAt().isBefore(expires)) {
                    expires = rule.expiresAt();
                }
                tx.update("update rules set expires_at = ?, updated_at = ? where id = ?", Timestamp.from(expires), Timestamp.from(at), id);
                engine.history(tx, id);
                return;
            }
            if (rule.locksOk() + rule.locksReplicating() + rule.locksStuck() > injectThreshold) {
                tx.update("update rules set expires_at = ?, locked = false, updated_at = ? where id = ?",
                        Timestamp.from(at), Timestamp.from(at), id);
                engine.history(tx, id);
                return;
            }
            while (!engine.removeStep(tx, rule, LockWriter.BATCH)) {
                // more locks to release
            }
        });
    }

    /** Replaces a rule by one with fewer copies, keeping the copies that exist where possible. */
    public List<UUID> reduce(Caller caller, UUID id, int copies, String excludeExpression) {
        return database.inTransaction(tx -> {
            Rule rule = engine.require(tx, id, true);
            permissions.check(tx, caller, Actions.REDUCE_RULE, "rule_account", rule.account(), "locked", String.valueOf(rule.locked()));
            if (copies >= rule.copies()) {
                throw new LagunaException(ErrorCode.RULE_REPLACE_FAILED, "Copies of the new rule must be smaller than the old rule");
            }
            if (rule.state() != RuleState.OK) {
                throw new LagunaException(ErrorCode.RULE_REPLACE_FAILED, "The source rule must be in state OK");
            }
            String expression = excludeExpression == null ? rule.rseExpression()
                    : "(" + rule.rseExpression() + ")\\(" + excludeExpression + ")";
            UUID newId = addInTx(tx, rule.vo(), replacement(rule, copies, expression), new DidKey(rule.scope(), rule.name()), rule.expiresAt(), null);
            Rule replacement = engine.require(tx, newId, false);
            if (replacement.state() == RuleState.OK) {
                while (!engine.removeStep(tx, rule, LockWriter.BATCH)) {
                    // more locks to release
                }
            } else {
                tx.update("update rules set child_rule_id = ? where id = ?", newId, id);
            }
            return List.of(newId);
        });
    }

    /** Creates a copy of a rule on other RSEs, with the overrides; the old rule goes once the new one is OK. */
    public List<UUID> move(Caller caller, UUID id, String rseExpression, List<MoveOverride> overrides) {
        return database.inTransaction(tx -> {
            Rule rule = engine.require(tx, id, true);
            permissions.check(tx, caller, Actions.MOVE_RULE, "rule_account", rule.account(), "locked", String.valueOf(rule.locked()));
            if (rule.childRuleId() != null) {
                throw new LagunaException(ErrorCode.RULE_REPLACE_FAILED, "The rule already has a child rule " + rule.childRuleId());
            }
            NewRule spec = replacement(rule, rule.copies(), rseExpression);
            if (overrides != null && !overrides.isEmpty()) {
                spec = overridden(spec, overrides);
            }
            UUID newId = addInTx(tx, rule.vo(), spec, new DidKey(rule.scope(), rule.name()), rule.expiresAt(), null);
            tx.update("update rules set child_rule_id = ?, updated_at = ? where id = ?", newId, Timestamp.from(clock.instant()), id);
            engine.history(tx, id);
            return List.of(newId);
        });
    }

    private static NewRule overridden(NewRule spec, List<MoveOverride> overrides) {
        Grouping grouping = spec.grouping();
        String weight = spec.weight();
        String source = spec.sourceReplicaExpression();
        String activity = spec.activity();
        String comment = spec.comment();
        int priority = spec.priority();
        for (MoveOverride override : overrides) {
            switch (override) {
                case MoveOverride.GroupingOf o -> grouping = o.grouping();
                case MoveOverride.Weight o -> weight = o.weight();
                case MoveOverride.SourceReplicaExpression o -> source = o.expression();
                case MoveOverride.Activity o -> activity = o.activity();
                case MoveOverride.Comment o -> comment = o.comment();
                case MoveOverride.Priority o -> priority = o.priority();
            }
        }
        return new NewRule(spec.dids(), spec.account(), spec.copies(), spec.rseExpression(), grouping, weight, spec.lifetime(),
                spec.locked(), source, activity, spec.notification(), spec.purgeReplicas(), spec.ignoreAvailability(),
                spec.ignoreAccountLimit(), comment, false, spec.asynchronous(), priority, spec.splitContainer(), spec.meta());
    }

    private static NewRule replacement(Rule rule, int copies, String expression) {
        return new NewRule(List.of(new DidKey(rule.scope(), rule.name())), rule.account(), copies, expression, rule.grouping(), rule.weight(),
                null, rule.locked(), rule.sourceReplicaExpression(), rule.activity(), rule.notification(), rule.purgeReplicas(),
                rule.ignoreAvailability(), rule.ignoreAccountLimit(), rule.comments(), false, false, rule.priority(), rule.splitContainer(),
                rule.metaJson() == null ? null : (Map<String, Object>) castMap(JsonValues.read(rule.metaJson())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
    }
}
