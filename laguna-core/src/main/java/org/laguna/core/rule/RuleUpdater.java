package org.laguna.core.rule;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.db.Json;
import org.laguna.core.db.Tx;
import org.laguna.core.event.EventTypes;
import org.laguna.core.event.Outbox;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.RseResolver;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/** Rucio's rule update and approval: each change in turn, all in one transaction. */
final class RuleUpdater {
    private final RuleService rules;
    private final Database database;
    private final Permissions permissions;
    private final Clock clock;
    private final RuleEngine engine;
    private final RseResolver resolver;
    private final RulePreviews previews;

    RuleUpdater(RuleService rules, Database database, Permissions permissions, Clock clock, RuleEngine engine, RseResolver resolver,
            RulePreviews previews) {
        this.previews = previews;
        this.rules = rules;
        this.database = database;
        this.permissions = permissions;
        this.clock = clock;
        this.engine = engine;
        this.resolver = resolver;
    }

    void update(Caller caller, UUID id, RuleUpdate update) {
        database.inTransactionVoid(tx -> {
            Rule rule = engine.require(tx, id, true);
            List<RuleChange> changes = update.changes();
            if (update.approve().isPresent()) {
                // as in Rucio, the comment of an approval or a denial is its reason, told to the rule's account
                String reason = changes.stream().filter(RuleChange.Comment.class::isInstance).map(c -> ((RuleChange.Comment) c).comment())
                        .filter(Objects::nonNull).reduce((first, second) -> second).orElse(null);
                changes = changes.stream().filter(c -> !(c instanceof RuleChange.Comment)).toList();
                approve(tx, caller, rule, update.approve().get(), reason);
                if (changes.isEmpty() || !update.approve().get()) {
                    return;
                }
            }
            permissions.check(tx, caller, Actions.UPDATE_RULE, "rule_account", rule.account(),
                    "options", String.join(",", changes.stream().map(RuleChange::option).sorted().toList()));
            Timestamp now = Timestamp.from(clock.instant());
            for (RuleChange change : changes) {
                apply(tx, rule, change);
            }
            tx.update("update rules set version = version + 1, updated_at = ? where id = ?", now, id);
            engine.history(tx, id);
        });
    }

    private void apply(Tx tx, Rule rule, RuleChange change) {
        UUID id = rule.id();
        switch (change) {
            case RuleChange.Lifetime c -> tx.update("update rules set expires_at = ? where id = ?",
                    c.lifetime() == null ? null : Timestamp.from(clock.instant().plus(c.lifetime())), id);
            case RuleChange.Locked c -> tx.update("update rules set locked = ? where id = ?", c.locked(), id);
            case RuleChange.Comment c -> tx.update("update rules set comments = ? where id = ?", c.comment(), id);
            case RuleChange.Activity c -> {
                String activity = c.activity() == null ? NewRule.DEFAULT_ACTIVITY : c.activity();
                tx.update("update rules set activity = ? where id = ?", activity, id);
                tx.update("update requests set activity = ? where rule_id = ? and state = 'QUEUED'", activity, id);
            }
            case RuleChange.Priority c -> {
                tx.update("update rules set priority = ? where id = ?", c.priority(), id);
                tx.update("update requests set priority = ? where rule_id = ? and state = 'QUEUED'", c.priority(), id);
            }
            case RuleChange.SourceReplicaExpression c -> {
                if (c.expression() != null) {
                    resolver.resolve(tx, rule.vo(), c.expression());
                }
                tx.update("update rules set source_replica_expression = ? where id = ?", c.expression(), id);
            }
            case RuleChange.PurgeReplicas c -> tx.update("update rules set purge_replicas = ? where id = ?", c.purgeReplicas(), id);
            case RuleChange.EolAt c -> tx.update("update rules set eol_at = ?::timestamptz where id = ?", c.eolAt(), id);
            case RuleChange.Meta c -> tx.update("update rules set meta = ? where id = ?", c.json() == null ? null : new Json(c.json()), id);
            case RuleChange.ChildRule c -> changeChild(tx, rule, c.childRuleId());
            case RuleChange.Account c -> changeAccount(tx, rule, c.account());
            case RuleChange.State c -> changeState(tx, rule, c.state());
            case RuleChange.BoostRule c -> {
                if (c.boost()) {
                    JudgeRepairer.boost(tx, database, engine, id);
                }
            }
            case RuleChange.CancelRequests c -> {
                // cancelling acts on transfers; nothing is queued differently here
            }
        }
    }

    private void changeChild(Tx tx, Rule rule, UUID child) {
        if (child != null) {
            Rule childRule = engine.require(tx, child, false);
            if (child.equals(rule.id()) || !childRule.scope().equals(rule.scope()) || !childRule.name().equals(rule.name())) {
                throw new LagunaException(ErrorCode.INPUT_VALIDATION_ERROR, "The child rule must be another rule on the same DID");
            }
        }
        tx.update("update rules set child_rule_id = ? where id = ?", child, rule.id());
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

    private void changeState(Tx tx, Rule rule, RuleState state) {
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

    /** Whether the caller may approve or deny the rule, as {@link #approve} would decide (nothing is recorded). */
    boolean mayApprove(Tx tx, Caller caller, Rule rule) {
        return permissions.allows(tx, caller, Actions.APPROVE_RULE, "rule_account", rule.account(), "rule_approvers", previews.approvers(tx, rule));
    }

    private void approve(Tx tx, Caller caller, Rule rule, boolean approve, String reason) {
        if (rule.state() != RuleState.WAITING_APPROVAL) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Rule " + rule.id() + " is not waiting for approval");
        }
        permissions.check(tx, caller, Actions.APPROVE_RULE, "rule_account", rule.account(), "rule_approvers", previews.approvers(tx, rule));
        Map<String, Object> payload = RuleService.approvalPayload(rule);
        payload.put("approver", caller.account());
        payload.put("reason", reason);
        Outbox.emit(tx, approve ? EventTypes.RULE_APPROVAL_GRANTED : EventTypes.RULE_APPROVAL_DENIED, Outbox.didKey(rule.scope(), rule.name()), payload,
                clock.instant());
        if (!approve) {
            engine.history(tx, rule.id());
            tx.update("delete from rules where id = ?", rule.id());
            return;
        }
        tx.update("update rules set state = 'REPLICATING', updated_at = ? where id = ?", Timestamp.from(clock.instant()), rule.id());
        Rule approved = engine.require(tx, rule.id(), true);
        engine.chooseTargets(tx, approved, engine.plan(tx, approved));
        rules.place(tx, approved, false);
        engine.history(tx, rule.id());
    }

    /** The accounts named by the {@code rule_approvers} attribute of the RSEs of a rule's expression. */
    static Set<String> approvers(Tx tx, RseResolver resolver, Rule rule) {
        Set<String> approvers = new LinkedHashSet<>();
        for (RseCandidate rse : resolver.resolveOrEmpty(tx, rule.vo(), rule.rseExpression())) {
            Object list = rse.attributes().get("rule_approvers");
            if (list != null) {
                for (String approver : String.valueOf(list).split(",")) {
                    if (!approver.isBlank()) {
                        approvers.add(approver.trim());
                    }
                }
            }
        }
        return approvers;
    }
}
