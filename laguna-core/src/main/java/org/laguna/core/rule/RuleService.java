package org.laguna.core.rule;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Database;
import org.laguna.core.db.JsonValues;
import org.laguna.core.db.Json;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.RseResolver;
import org.laguna.core.rse.expression.RseCandidate;
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
    private final LockWaits waits;
    private final Permissions permissions;
    private final Clock clock;
    private final RuleEngine engine;
    private final RseResolver resolver;
    private final long injectThreshold;

    public RuleService(Database database, Permissions permissions, Clock clock, RseResolver resolver,
                       java.util.random.RandomGenerator random, long injectThreshold) {
        this(database, permissions, clock, resolver, random, injectThreshold, LockWaits.Settings.DEFAULTS);
    }

    /** As above, with the conveyor's settings that {@link #analysis} uses to say what locks wait for. */
    public RuleService(Database database, Permissions permissions, Clock clock, RseResolver resolver,
                       java.util.random.RandomGenerator random, long injectThreshold, LockWaits.Settings waitSettings) {
        this.waits = new LockWaits(waitSettings);
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.resolver = Objects.requireNonNull(resolver, "resolver is null");
        this.engine = new RuleEngine(new TargetPlanner(resolver, random), permissions, clock);
        this.injectThreshold = injectThreshold;
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
            permissions.check(tx, caller, Actions.ADD_RULE, "account", account, "locked", String.valueOf(spec.locked()),
                    "rse_expression", spec.rseExpression(), "copies", String.valueOf(spec.copies()));
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

    /**
     * Adds the rule of a subscription on one DID inside the caller's transaction, with no permission
     * check (the subscription's owner was checked when it was written); DuplicateRule if the DID
     * already has the same rule.
     */
    public UUID addForSubscription(Tx tx, String vo, NewRule spec, DidKey did, UUID subscriptionId) {
        return addInTx(tx, vo, spec, did, null, Objects.requireNonNull(subscriptionId, "subscriptionId is null"));
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
            if (org.laguna.core.db.SqlErrors.isDuplicate(e)) {
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
            engine.history(tx, id);
            return id;
        }
        engine.chooseTargets(tx, rule, plan);
        place(tx, rule, spec.asynchronous() || !spec.delayInjection().isZero());
        engine.history(tx, id);
        return id;
    }

    /** Expands a rule now, or leaves it to the injector when asked or when it covers more files than the threshold. */
    private void place(Tx tx, Rule rule, boolean asynchronous) {
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

    private static final Map<String, String> FILTERS = Map.ofEntries(
            Map.entry("id", "id = ?::uuid"), Map.entry("scope", "scope = ?"), Map.entry("account", "account = ?"),
            Map.entry("rse_expression", "rse_expression = ?"), Map.entry("did_type", "did_type = ?"),
            Map.entry("grouping", "grouping = ?"), Map.entry("activity", "activity = ?"),
            Map.entry("subscription_id", "subscription_id = ?::uuid"), Map.entry("child_rule_id", "child_rule_id = ?::uuid"),
            Map.entry("locked", "locked = ?::boolean"), Map.entry("created_before", "created_at <= ?::timestamptz"),
            Map.entry("created_after", "created_at >= ?::timestamptz"), Map.entry("updated_before", "updated_at <= ?::timestamptz"),
            Map.entry("updated_after", "updated_at >= ?::timestamptz"));

    /** Rules matching Rucio's list filters (column = value; name may use * wildcards; state by name or code). */
    public void list(Map<String, String> filters, Consumer<Rule> sink) {
        StringBuilder where = new StringBuilder("true");
        List<Object> params = new ArrayList<>();
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            String key = filter.getKey();
            String value = filter.getValue();
            switch (key) {
                case "name" -> {
                    if (value.contains("*")) {
                        where.append(" and name like ?");
                        params.add(value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%'));
                    } else {
                        where.append(" and name = ?");
                        params.add(value);
                    }
                }
                case "state" -> {
                    where.append(" and state = ?");
                    params.add(RuleState.parse(value).name());
                }
                default -> {
                    String condition = FILTERS.get(key);
                    if (condition == null) {
                        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "Rules cannot be filtered by '" + key + "'");
                    }
                    where.append(" and ").append(condition);
                    params.add(key.equals("did_type") || key.equals("grouping") ? value.toUpperCase(java.util.Locale.ROOT) : value);
                }
            }
        }
        database.readOnly(tx -> {
            tx.stream("select " + Rule.COLUMNS + " from rules r where " + where + " order by created_at, id", Rule::from, sink, params.toArray());
            return null;
        });
    }

    /** Rules on exactly this DID. */
    public void listForDid(DidKey did, Consumer<Rule> sink) {
        database.readOnly(tx -> {
            requireDid(tx, did);
            tx.stream("select " + Rule.COLUMNS + " from rules r where r.scope = ? and r.name = ? order by r.created_at, r.id", Rule::from, sink,
                    did.scope(), did.name());
            return null;
        });
    }

    /** Rules on the DID and on every collection above it. */
    public void listAssociated(DidKey did, Consumer<Rule> sink) {
        database.readOnly(tx -> {
            requireDid(tx, did);
            tx.stream("with recursive up(s, n) as (select ?::text, ?::text union select c.scope::text, c.name::text from contents c "
                    + "join up on c.child_scope = up.s and c.child_name = up.n) select " + Rule.COLUMNS
                    + " from rules r join up on r.scope = up.s and r.name = up.n order by r.created_at, r.id", Rule::from, sink,
                    did.scope(), did.name());
            return null;
        });
    }

    private static void requireDid(Tx tx, DidKey did) {
        if (!tx.exists("select 1 from dids where scope = ? and name = ?", did.scope(), did.name())) {
            throw new LagunaException(ErrorCode.DATA_IDENTIFIER_NOT_FOUND, "Data identifier '" + did + "' not found");
        }
    }

    /** A lock as the API shows it. */
    public record LockView(String scope, String name, UUID rseId, String rse, UUID ruleId, String account, String state, long bytes,
                           Instant createdAt, Instant updatedAt) {
    }

    private static final String LOCK_SELECT = "select l.scope, l.name, l.rse_id, s.rse, l.rule_id, l.account, l.state, l.bytes, "
            + "l.created_at, l.updated_at from locks l join rses s on s.id = l.rse_id ";

    private static LockView lock(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new LockView(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getObject(5, UUID.class),
                rs.getString(6), rs.getString(7), rs.getLong(8), Tx.instant(rs, "created_at"), Tx.instant(rs, "updated_at"));
    }

    public void locks(UUID ruleId, Consumer<LockView> sink) {
        database.readOnly(tx -> {
            engine.require(tx, ruleId, false);
            tx.stream(LOCK_SELECT + "where l.rule_id = ? order by l.scope, l.name, s.rse", RuleService::lock, sink, ruleId);
            return null;
        });
    }

    /** The file locks of a file DID. */
    public void locksOfFile(DidKey file, Consumer<LockView> sink) {
        database.readOnly(tx -> {
            requireDid(tx, file);
            tx.stream(LOCK_SELECT + "where l.scope = ? and l.name = ? order by s.rse, l.rule_id", RuleService::lock, sink,
                    file.scope(), file.name());
            return null;
        });
    }

    /** A dataset lock: a rule's hold on a dataset's files on one RSE, summed up. */
    public record DatasetLock(String scope, String name, UUID rseId, String rse, UUID ruleId, String account, String state, long length,
                              long bytes, Instant updatedAt) {
    }

    private static final String DATASET_LOCKS = "select c.scope, c.name, l.rse_id, s.rse, l.rule_id, min(l.account), "
            + "case when bool_or(l.state = 'STUCK') then 'STUCK' when bool_and(l.state = 'OK') then 'OK' else 'REPLICATING' end, "
            + "count(*), coalesce(sum(l.bytes), 0), max(l.updated_at) "
            + "from contents c join locks l on l.scope = c.child_scope and l.name = c.child_name join rses s on s.id = l.rse_id ";

    private static DatasetLock datasetLock(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DatasetLock(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), Tx.instant(rs, "max"));
    }

    public void datasetLocks(DidKey dataset, Consumer<DatasetLock> sink) {
        database.readOnly(tx -> {
            requireDid(tx, dataset);
            tx.stream(DATASET_LOCKS + "where c.scope = ? and c.name = ? group by c.scope, c.name, l.rse_id, s.rse, l.rule_id "
                    + "order by s.rse, l.rule_id", RuleService::datasetLock, sink, dataset.scope(), dataset.name());
            return null;
        });
    }

    public void datasetLocksOnRse(String vo, String rse, Consumer<DatasetLock> sink) {
        database.readOnly(tx -> {
            UUID rseId = new org.laguna.core.rse.RseRepository().require(tx, vo, rse).id();
            tx.stream(DATASET_LOCKS + "where l.rse_id = ? and c.did_type = 'DATASET' group by c.scope, c.name, l.rse_id, s.rse, l.rule_id "
                    + "order by c.scope, c.name", RuleService::datasetLock, sink, rseId);
            return null;
        });
    }

    /** A rule's history, oldest first. */
    public void history(UUID ruleId, Consumer<Map<String, Object>> sink) {
        database.readOnly(tx -> {
            if (!tx.exists("select 1 from rules_history where id = ?", ruleId) && engine.find(tx, ruleId, false).isEmpty()) {
                throw RuleEngine.notFound(ruleId);
            }
            tx.stream("select * from rules_history where id = ? order by updated_at", RuleService::historyRow, sink, ruleId);
            return null;
        });
    }

    /** The history of every rule on a DID. */
    public void historyOfDid(DidKey did, Consumer<Map<String, Object>> sink) {
        database.readOnly(tx -> {
            tx.stream("select * from rules_history where scope = ? and name = ? order by updated_at", RuleService::historyRow, sink,
                    did.scope(), did.name());
            return null;
        });
    }

    private static Map<String, Object> historyRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("rule_id", rs.getObject("id", UUID.class));
        row.put("account", rs.getString("account"));
        row.put("scope", rs.getString("scope"));
        row.put("name", rs.getString("name"));
        row.put("did_type", rs.getString("did_type"));
        row.put("state", rs.getString("state"));
        row.put("error", rs.getString("error"));
        row.put("rse_expression", rs.getString("rse_expression"));
        row.put("copies", rs.getInt("copies"));
        row.put("expires_at", Tx.instant(rs, "expires_at"));
        row.put("locked", rs.getBoolean("locked"));
        row.put("locks_ok_cnt", rs.getLong("locks_ok_cnt"));
        row.put("locks_replicating_cnt", rs.getLong("locks_replicating_cnt"));
        row.put("locks_stuck_cnt", rs.getLong("locks_stuck_cnt"));
        row.put("activity", rs.getString("activity"));
        row.put("grouping", rs.getString("grouping"));
        row.put("created_at", Tx.instant(rs, "created_at"));
        row.put("updated_at", Tx.instant(rs, "updated_at"));
        return row;
    }

    // ---------------------------------------------------------------- change

    private static final Set<String> OPTIONS = Set.of("lifetime", "locked", "comment", "account", "state", "activity",
            "source_replica_expression", "priority", "child_rule_id", "meta", "eol_at", "purge_replicas", "boost_rule",
            "cancel_requests", "approve");

    /** Rucio's rule update: each option one change, all in one transaction. */
    public void update(Caller caller, UUID id, Map<String, Object> options) {
        for (String key : options.keySet()) {
            if (!OPTIONS.contains(key)) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " is not a valid option to set");
            }
        }
        database.inTransactionVoid(tx -> {
            Rule rule = engine.require(tx, id, true);
            if (options.containsKey("approve")) {
                approveInTx(tx, caller, rule, asBool("approve", options.get("approve")));
                if (options.size() == 1) {
                    return;
                }
            }
            permissions.check(tx, caller, Actions.UPDATE_RULE, "rule_account", rule.account(),
                    "options", String.join(",", options.keySet().stream().filter(k -> !k.equals("approve")).sorted().toList()));
            Timestamp now = Timestamp.from(clock.instant());
            for (Map.Entry<String, Object> option : options.entrySet()) {
                Object value = option.getValue();
                switch (option.getKey()) {
                    case "lifetime" -> {
                        Long seconds = asLong("lifetime", value);
                        if (seconds != null && seconds < 0) {
                            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "lifetime must not be negative");
                        }
                        tx.update("update rules set expires_at = ? where id = ?",
                                seconds == null ? null : Timestamp.from(clock.instant().plusSeconds(seconds)), id);
                    }
                    case "locked" -> tx.update("update rules set locked = ? where id = ?", asBool("locked", value), id);
                    case "comment" -> tx.update("update rules set comments = ? where id = ?", value == null ? null : String.valueOf(value), id);
                    case "activity" -> {
                        String activity = value == null ? NewRule.DEFAULT_ACTIVITY : String.valueOf(value);
                        tx.update("update rules set activity = ? where id = ?", activity, id);
                        tx.update("update requests set activity = ? where rule_id = ? and state = 'QUEUED'", activity, id);
                    }
                    case "priority" -> {
                        Long priority = asLong("priority", value);
                        if (priority == null || priority < 0 || priority > 5) {
                            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "priority must be 0..5");
                        }
                        tx.update("update rules set priority = ? where id = ?", priority.intValue(), id);
                        tx.update("update requests set priority = ? where rule_id = ? and state = 'QUEUED'", priority.intValue(), id);
                    }
                    case "source_replica_expression" -> {
                        if (value != null) {
                            resolver.resolve(tx, rule.vo(), String.valueOf(value));
                        }
                        tx.update("update rules set source_replica_expression = ? where id = ?", value == null ? null : String.valueOf(value), id);
                    }
                    case "purge_replicas" -> tx.update("update rules set purge_replicas = ? where id = ?", asBool("purge_replicas", value), id);
                    case "eol_at" -> tx.update("update rules set eol_at = ?::timestamptz where id = ?", value == null ? null : String.valueOf(value), id);
                    case "meta" -> tx.update("update rules set meta = ? where id = ?", value == null ? null : new Json(JsonValues.write(value)), id);
                    case "child_rule_id" -> {
                        UUID child = value == null ? null : parseId(String.valueOf(value));
                        if (child != null) {
                            Rule childRule = engine.require(tx, child, false);
                            if (child.equals(id) || !childRule.scope().equals(rule.scope()) || !childRule.name().equals(rule.name())) {
                                throw new LagunaException(ErrorCode.INPUT_VALIDATION_ERROR, "The child rule must be another rule on the same DID");
                            }
                        }
                        tx.update("update rules set child_rule_id = ? where id = ?", child, id);
                    }
                    case "account" -> changeAccount(tx, rule, String.valueOf(value));
                    case "state" -> changeState(tx, rule, String.valueOf(value), options);
                    case "boost_rule" -> {
                        if (asBool("boost_rule", value)) {
                            JudgeRepairer.boost(tx, database, engine, id);
                        }
                    }
                    case "cancel_requests", "approve" -> {
                        // cancelling acts on transfers; nothing is queued differently here
                    }
                    default -> throw new IllegalStateException(option.getKey());
                }
            }
            tx.update("update rules set version = version + 1, updated_at = ? where id = ?", now, id);
            engine.history(tx, id);
        });
    }

    private void changeAccount(Tx tx, Rule rule, String account) {
        if (!tx.exists("select 1 from accounts where account = ? and status <> 'DELETED'", account)) {
            throw new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account with ID '" + account + "' cannot be found");
        }
        if (account.equals(rule.account())) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        tx.update("with moved as (select rse_id, count(*) as cnt, coalesce(sum(bytes), 0) as b from locks where rule_id = ? group by rse_id), "
                + "old as (update account_usage u set files = greatest(u.files - m.cnt, 0), bytes = greatest(u.bytes - m.b, 0), updated_at = ? "
                + "from moved m where u.account = ? and u.rse_id = m.rse_id returning 1) "
                + "insert into account_usage (account, rse_id, files, bytes, updated_at) select ?, rse_id, cnt, b, ? from moved "
                + "on conflict (account, rse_id) do update set files = account_usage.files + excluded.files, "
                + "bytes = account_usage.bytes + excluded.bytes, updated_at = excluded.updated_at", rule.id(), now, rule.account(), account, now);
        tx.update("update locks set account = ? where rule_id = ?", account, rule.id());
        tx.update("update requests set account = ? where rule_id = ?", account, rule.id());
        tx.update("update rules set account = ? where id = ?", account, rule.id());
    }

    private void changeState(Tx tx, Rule rule, String value, Map<String, Object> options) {
        RuleState state = RuleState.parse(value);
        switch (state) {
            case SUSPENDED -> tx.update("update rules set state = 'SUSPENDED' where id = ?", rule.id());
            case STUCK -> tx.update("update rules set state = 'STUCK', stuck_at = ? where id = ?", Timestamp.from(clock.instant()), rule.id());
            case REPLICATING, OK -> {
                if (rule.state() == RuleState.SUSPENDED || rule.state() == RuleState.STUCK) {
                    tx.update("update rules set state = 'REPLICATING' where id = ?", rule.id());
                    engine.settle(tx, rule.id());
                }
            }
            default -> throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "The state of a rule cannot be set to " + state);
        }
    }

    private void approveInTx(Tx tx, Caller caller, Rule rule, boolean approve) {
        if (rule.state() != RuleState.WAITING_APPROVAL) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Rule " + rule.id() + " is not waiting for approval");
        }
        Set<String> approvers = new LinkedHashSet<>();
        for (RseCandidate rse : resolver.resolveOrEmpty(tx, rule.vo(), rule.rseExpression())) {
            Object list = rse.attributes().get("rule_approvers");
            if (list != null) {
                for (String approver : String.valueOf(list).split(",")) {
                    approvers.add(approver.trim());
                }
            }
        }
        permissions.check(tx, caller, Actions.APPROVE_RULE, "rule_account", rule.account(), "rule_approvers", String.join(",", approvers));
        if (!approve) {
            engine.history(tx, rule.id());
            tx.update("delete from rules where id = ?", rule.id());
            return;
        }
        tx.update("update rules set state = 'REPLICATING', updated_at = ? where id = ?", Timestamp.from(clock.instant()), rule.id());
        Rule approved = engine.require(tx, rule.id(), true);
        engine.chooseTargets(tx, approved, engine.plan(tx, approved));
        place(tx, approved, false);
        engine.history(tx, rule.id());
    }

    /**
     * Deletes a rule: its locks are released (replicas left without locks get a tombstone) and
     * the rule removed. A rule with more locks than the injection threshold is marked expired
     * and removed by the cleaner in batches.
     */
    public void delete(Caller caller, UUID id, Boolean purgeReplicas) {
        database.inTransactionVoid(tx -> {
            Rule rule = engine.require(tx, id, true);
            permissions.check(tx, caller, Actions.DEL_RULE, "rule_account", rule.account(), "locked", String.valueOf(rule.locked()));
            if (rule.locked()) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                        "The replication rule is locked and has to be unlocked before it can be deleted");
            }
            if (purgeReplicas != null && purgeReplicas != rule.purgeReplicas()) {
                tx.update("update rules set purge_replicas = ? where id = ?", purgeReplicas, id);
                rule = engine.require(tx, id, true);
            }
            if (rule.locksOk() + rule.locksReplicating() + rule.locksStuck() > injectThreshold) {
                tx.update("update rules set expires_at = ?, locked = false, updated_at = ? where id = ?",
                        Timestamp.from(clock.instant()), Timestamp.from(clock.instant()), id);
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

    /** Creates a copy of a rule on other RSEs; the old rule goes once the new one is OK. */
    public List<UUID> move(Caller caller, UUID id, String rseExpression, Map<String, Object> override) {
        return database.inTransaction(tx -> {
            Rule rule = engine.require(tx, id, true);
            permissions.check(tx, caller, Actions.MOVE_RULE, "rule_account", rule.account(), "locked", String.valueOf(rule.locked()));
            if (rule.childRuleId() != null) {
                throw new LagunaException(ErrorCode.RULE_REPLACE_FAILED, "The rule already has a child rule " + rule.childRuleId());
            }
            NewRule spec = replacement(rule, rule.copies(), rseExpression);
            if (override != null) {
                for (String key : override.keySet()) {
                    if (!Set.of("activity", "comment", "priority", "source_replica_expression", "grouping", "weight").contains(key)) {
                        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " cannot be overridden when moving a rule");
                    }
                }
                spec = new NewRule(spec.dids(), spec.account(), spec.copies(), spec.rseExpression(),
                        override.containsKey("grouping") ? Grouping.parse(String.valueOf(override.get("grouping"))) : spec.grouping(),
                        override.containsKey("weight") ? (String) override.get("weight") : spec.weight(), spec.lifetime(), spec.locked(),
                        override.containsKey("source_replica_expression") ? (String) override.get("source_replica_expression")
                                : spec.sourceReplicaExpression(),
                        override.containsKey("activity") ? (String) override.get("activity") : spec.activity(), spec.notification(),
                        spec.purgeReplicas(), spec.ignoreAvailability(), spec.ignoreAccountLimit(),
                        override.containsKey("comment") ? (String) override.get("comment") : spec.comment(), false, spec.asynchronous(),
                        override.containsKey("priority") ? asLong("priority", override.get("priority")).intValue() : spec.priority(),
                        spec.splitContainer(), spec.meta());
            }
            UUID newId = addInTx(tx, rule.vo(), spec, new DidKey(rule.scope(), rule.name()), rule.expiresAt(), null);
            tx.update("update rules set child_rule_id = ?, updated_at = ? where id = ?", newId, Timestamp.from(clock.instant()), id);
            engine.history(tx, id);
            return List.of(newId);
        });
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

    /**
     * Why a rule is not OK: its error and, per stuck or replicating lock, the transfer's state, the
     * sources and what the lock waits for ({@code waiting_for}, a {@link LockWait}).
     */
    public Map<String, Object> analysis(UUID id) {
        return database.readOnly(tx -> {
            Rule rule = engine.require(tx, id, false);
            Map<String, LockWaits.Engine> engines = waits.engines(tx);
            java.time.Instant now = clock.instant();
            Optional<java.time.Instant> stuckAt = tx.queryOne("select stuck_at from rules where id = ?",
                    rs -> Optional.ofNullable(Tx.instant(rs, "stuck_at")), id).flatMap(at -> at);
            List<Map<String, Object>> transfers = tx.query("select l.scope, l.name, l.rse_id, s.rse, l.state, q.state, q.retry_count, q.err_msg, "
                            + "q.updated_at, src.rse, array(select x.rse from replicas r join rses x on x.id = r.rse_id where r.scope = l.scope "
                            + "and r.name = l.name and r.state = 'AVAILABLE' order by x.rse), "
                            + "q.submitted_at, q.transferred_at, q.transfertool, q.external_id, q.external_host "
                            + "from locks l join rses s on s.id = l.rse_id left join requests q on q.scope = l.scope and q.name = l.name "
                            + "and q.dest_rse_id = l.rse_id left join rses src on src.id = q.source_rse_id "
                            + "where l.rule_id = ? and l.state <> 'OK' order by l.state desc, l.scope, l.name limit 1000",
                    rs -> {
                        Map<String, Object> t = new LinkedHashMap<>();
                        t.put("scope", rs.getString(1));
                        t.put("name", rs.getString(2));
                        t.put("rse_id", rs.getObject(3, UUID.class));
                        t.put("rse", rs.getString(4));
                        t.put("lock_state", rs.getString(5));
                        t.put("request_state", rs.getString(6));
                        t.put("attempts", rs.getObject(7) == null ? 0 : rs.getInt(7));
                        t.put("last_error", rs.getString(8));
                        t.put("last_time", Tx.instant(rs, "updated_at"));
                        t.put("last_source", rs.getString(10));
                        List<Map<String, Object>> sources = new ArrayList<>();
                        for (String source : (String[]) rs.getArray(11).getArray()) {
                            sources.add(Map.of("rse", source));
                        }
                        t.put("sources", sources);
                        t.put("waiting_for", waits.describe(new LockWaits.Row(rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8),
                                Tx.instant(rs, "updated_at"), Tx.instant(rs, "submitted_at"), Tx.instant(rs, "transferred_at"),
                                rs.getString(14), rs.getString(15), rs.getString(16), !sources.isEmpty()), now, engines, stuckAt));
                        return t;
                    }, id);
            Map<String, Object> analysis = new LinkedHashMap<>();
            analysis.put("rule_id", rule.id());
            analysis.put("state", rule.state().name());
            analysis.put("rule_error", rule.error());
            analysis.put("transfers", transfers);
            return analysis;
        });
    }

    // ---------------------------------------------------------------- helpers

    private static boolean asBool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be true or false, got " + value);
    }

    private static Long asLong(String key, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be an integer, got " + value);
        }
    }
}
