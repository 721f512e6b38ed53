package org.laguna.core.rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.RseResolver;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.spi.policy.Actions;

/**
 * The read side of a rule before it exists and of who may act on rules: the RSEs an expression
 * matches with the account's quota there, what a rule added (and rolled back) locked, the approvers
 * of a rule, and the actions the policy allows an account on a rule.
 */
final class RulePreviews {
    private final Permissions permissions;
    private final RseResolver resolver;
    private final RuleEngine engine;

    RulePreviews(Permissions permissions, RseResolver resolver, RuleEngine engine) {
        this.permissions = permissions;
        this.resolver = resolver;
        this.engine = engine;
    }

    private record Facts(Long spaceLeft, Long storageFree, Long quota, long used) {
    }

    /** The RSEs of the expression (InvalidRSEExpression when it matches none) with the account's quota and usage there. */
    List<RulePreview.RseOption> options(Tx tx, Caller caller, String expression) {
        List<RseCandidate> matching = resolver.resolve(tx, caller.vo(), expression);
        boolean unlimited = permissions.isAdmin(tx, caller);
        Map<UUID, Facts> facts = new HashMap<>();
        tx.query("select r.id, (select l.value - coalesce((select u.used from rse_usage u where u.rse_id = r.id and u.source = 'rucio'), 0) "
                        + "from rse_limits l where l.rse_id = r.id and l.name = 'MaxSpaceAvailable' and l.value >= 0) as space_left, "
                        + "(select max(u.free) from rse_usage u where u.rse_id = r.id and u.source <> 'rucio') as storage_free, "
                        + "(select a.bytes from account_limits a where a.account = ? and a.rse_id = r.id) as quota, "
                        + "(select a.bytes from account_usage a where a.account = ? and a.rse_id = r.id) as used "
                        + "from rses r where r.id = any(?)",
                rs -> facts.put(rs.getObject(1, UUID.class), new Facts(Tx.longOrNull(rs, "space_left"), Tx.longOrNull(rs, "storage_free"),
                        Tx.longOrNull(rs, "quota"), rs.getLong("used"))),
                caller.account(), caller.account(), tx.array("uuid", matching.stream().map(RseCandidate::id).toArray()));
        List<RulePreview.RseOption> options = new ArrayList<>();
        for (RseCandidate rse : matching) {
            Facts fact = facts.getOrDefault(rse.id(), new Facts(null, null, null, 0));
            options.add(new RulePreview.RseOption(rse.name(), !Boolean.FALSE.equals(rse.attributes().get("availability_write")),
                    fact.spaceLeft() != null ? fact.spaceLeft() : fact.storageFree(), unlimited ? Long.valueOf(-1) : fact.quota(),
                    fact.used(), String.join(",", approvers(rse))));
        }
        return options;
    }

    /** What the rules just added in this transaction lock on each RSE, for a transaction that is then rolled back. */
    RulePreview.Cost measure(Tx tx, List<UUID> ids, boolean allowed, boolean needsApproval) {
        Map<String, long[]> perRse = new TreeMap<>();
        long files = 0;
        long bytes = 0;
        boolean estimated = false;
        boolean perFile = false;
        for (UUID id : ids) {
            Rule rule = engine.require(tx, id, false);
            FileSource source = FileSource.of(rule.scope(), rule.name(), rule.didType());
            long ruleBytes = engine.planner().bytes(tx, source);
            files += engine.planner().files(tx, source);
            bytes += ruleBytes;
            if (rule.state() == RuleState.INJECT) {
                estimated = true;
                List<UUID> targets = tx.query("select distinct rse_id from rule_targets where rule_id = ?", rs -> rs.getObject(1, UUID.class), id);
                perFile |= targets.isEmpty();
                Map<UUID, Long> there = targets.isEmpty() ? Map.of() : engine.planner().coverage(tx, source, targets);
                for (UUID target : targets) {
                    String name = tx.queryOne("select rse from rses where id = ?", rs -> rs.getString(1), target).orElse(target.toString());
                    long[] sums = perRse.computeIfAbsent(name, k -> new long[4]);
                    sums[1] += ruleBytes;
                    sums[2] = -1;
                    sums[3] += Math.max(0, ruleBytes - there.getOrDefault(target, 0L));
                }
                continue;
            }
            tx.query("select s.rse, count(*), coalesce(sum(l.bytes), 0), count(*) filter (where l.state <> 'OK'), "
                    + "coalesce(sum(l.bytes) filter (where l.state <> 'OK'), 0) from locks l join rses s on s.id = l.rse_id "
                    + "where l.rule_id = ? group by s.rse", rs -> {
                        long[] sums = perRse.computeIfAbsent(rs.getString(1), k -> new long[4]);
                        sums[0] += rs.getLong(2);
                        sums[1] += rs.getLong(3);
                        sums[2] = sums[2] < 0 ? -1 : sums[2] + rs.getLong(4);
                        sums[3] += rs.getLong(5);
                        return null;
                    }, id);
        }
        List<RulePreview.RseCost> costs = new ArrayList<>();
        perRse.forEach((rse, sums) -> costs.add(new RulePreview.RseCost(rse, sums[0], sums[1], sums[2], sums[3])));
        return new RulePreview.Cost(allowed, needsApproval, "", costs, files, bytes, estimated, perFile);
    }

    /** The accounts named in the {@code rule_approvers} attribute of the RSEs the rule's expression matches, comma-separated. */
    String approvers(Tx tx, Rule rule) {
        Set<String> approvers = new LinkedHashSet<>();
        for (RseCandidate rse : resolver.resolveOrEmpty(tx, rule.vo(), rule.rseExpression())) {
            approvers.addAll(approvers(rse));
        }
        return String.join(",", approvers);
    }

    private static List<String> approvers(RseCandidate rse) {
        Object list = rse.attributes().get("rule_approvers");
        List<String> approvers = new ArrayList<>();
        if (list != null) {
            for (String approver : String.valueOf(list).split(",")) {
                if (!approver.isBlank()) {
                    approvers.add(approver.trim());
                }
            }
        }
        return approvers;
    }

    /** Whether the caller may approve or deny the rule (approve_rule, with the same arguments as the approval). */
    boolean mayApprove(Tx tx, Caller caller, Rule rule) {
        return permissions.allows(tx, caller, Actions.APPROVE_RULE, "rule_account", rule.account(), "rule_approvers", approvers(tx, rule));
    }

    /** True for administrators and the accounts some RSE names as an approver. */
    boolean approves(Tx tx, Caller caller) {
        return permissions.isAdmin(tx, caller) || resolver.resolveOrEmpty(tx, caller.vo(), "*").stream()
                .anyMatch(rse -> approvers(rse).contains(caller.account()));
    }

    RuleActions actions(Tx tx, Caller caller, Rule rule) {
        String owner = rule.account();
        String locked = String.valueOf(rule.locked());
        return new RuleActions(
                permissions.allows(tx, caller, Actions.UPDATE_RULE, "rule_account", owner, "options", "lifetime"),
                permissions.allows(tx, caller, Actions.UPDATE_RULE, "rule_account", owner, "options", "priority"),
                permissions.allows(tx, caller, Actions.UPDATE_RULE, "rule_account", owner, "options", "boost_rule"),
                !rule.locked() && permissions.allows(tx, caller, Actions.DEL_RULE, "rule_account", owner, "locked", locked),
                permissions.allows(tx, caller, Actions.REDUCE_RULE, "rule_account", owner, "locked", locked),
                permissions.allows(tx, caller, Actions.MOVE_RULE, "rule_account", owner, "locked", locked),
                rule.state() == RuleState.WAITING_APPROVAL && mayApprove(tx, caller, rule));
    }
}
