package org.laguna.core.rule;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.laguna.core.auditlog.DaemonAudit;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Tx;
import org.laguna.core.event.RuleEvents;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/**
 * The operations on rules shared by the API and the judge daemons, each inside the caller's
 * transaction: choosing targets, expanding a rule into locks batch by batch, releasing locks,
 * settling a rule's state from its counters, and recording history.
 */
public final class RuleEngine {
    private static final Instant PURGE = Instant.EPOCH;
    /** A rule as the audit log names it, over columns {@code account, scope, name, id}. */
    private static final String RULE_TARGET = "'account=' || account || ',did=' || scope || ':' || name || ',rule=' || id";

    private final TargetPlanner planner;
    private final Permissions permissions;
    private final Clock clock;

    RuleEngine(TargetPlanner planner, Permissions permissions, Clock clock) {
        this.planner = Objects.requireNonNull(planner, "planner is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    TargetPlanner planner() {
        return planner;
    }

    Clock clock() {
        return clock;
    }

    public Optional<Rule> find(Tx tx, UUID id, boolean forUpdate) {
        return tx.queryOne("select " + Rule.COLUMNS + " from rules r where r.id = ?" + (forUpdate ? " for update of r" : ""), Rule::from, id);
    }

    public Rule require(Tx tx, UUID id, boolean forUpdate) {
        return find(tx, id, forUpdate).orElseThrow(() -> notFound(id));
    }

    static LagunaException notFound(Object id) {
        return new LagunaException(ErrorCode.RULE_NOT_FOUND, "No replication rule found with the id " + id);
    }

    TargetPlanner.Plan plan(Tx tx, Rule rule) {
        boolean unlimited = rule.ignoreAccountLimit() || permissions.isAdmin(tx, rule.account());
        return planner.plan(tx, rule.vo(), rule.account(), rule.rseExpression(), rule.copies(), rule.weight(),
                unlimited, rule.ignoreAvailability());
    }

    /**
     * Another RSE of the rule's expression to take over {@code bytes} of the rule's data from
     * {@code failing}: writable, within quota and space, and not one the rule already uses.
     * Empty when there is none.
     */
    Optional<UUID> replacementTarget(Tx tx, Rule rule, UUID failing, long bytes) {
        boolean unlimited = rule.ignoreAccountLimit() || permissions.isAdmin(tx, rule.account());
        try {
            TargetPlanner.Plan plan = planner.plan(tx, rule.vo(), rule.account(), rule.rseExpression(), 1, rule.weight(),
                    unlimited, rule.ignoreAvailability());
            Set<UUID> blocked = new HashSet<>(plan.blocked());
            blocked.add(failing);
            blocked.addAll(tx.query("select distinct rse_id from rule_targets where rule_id = ?", rs -> rs.getObject(1, UUID.class), rule.id()));
            if (rule.grouping() == Grouping.NONE) {
                blocked.addAll(tx.query("select distinct rse_id from locks where rule_id = ?", rs -> rs.getObject(1, UUID.class), rule.id()));
            }
            return Optional.of(plan.selector().select(bytes, List.of(), blocked, Map.of()).getFirst());
        } catch (LagunaException e) {
            return Optional.empty();
        }
    }

    /** Chooses the targets of a rule with grouping ALL or DATASET (nothing to do for NONE). */
    void chooseTargets(Tx tx, Rule rule, TargetPlanner.Plan plan) {
        if (rule.grouping() == Grouping.NONE) {
            return;
        }
        if (rule.grouping() == Grouping.DATASET && rule.didType() == DidType.CONTAINER) {
            planner.chooseForDatasets(tx, rule, plan, FileSource.of(rule.scope(), rule.name(), rule.didType()));
        } else {
            planner.chooseForDid(tx, rule, plan);
        }
    }

    /**
     * Locks the next batch of files of {@code source} for the rule. Grouping NONE chooses per
     * file with {@code plan} (built when null).
     */
    LockWriter.Batch expandBatch(Tx tx, Rule rule, FileSource source, String[] cursor, int limit, TargetPlanner.Plan plan) {
        LockWriter writer = new LockWriter(tx, clock.instant());
        if (rule.grouping() != Grouping.NONE) {
            return writer.lockOnTargets(rule, source, cursor, limit);
        }
        TargetPlanner.Plan p = plan != null ? plan : plan(tx, rule);
        List<Object> params = new ArrayList<>();
        String files = source.sql(cursor, limit, params);
        params.add(tx.array("uuid", p.candidateIds().toArray()));
        List<String> scopes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<UUID> rses = new ArrayList<>();
        List<Long> bytes = new ArrayList<>();
        List<String> adler32 = new ArrayList<>();
        List<String> md5 = new ArrayList<>();
        String[][] last = {null};
        long[] read = {0};
        tx.query("select f.ds_s, f.ds_n, f.s, f.n, coalesce(f.b, 0), f.a, f.m, "
                        + "array(select r.rse_id::text from replicas r where r.scope = f.s and r.name = f.n and r.rse_id = any(?) "
                        + "and r.state in ('AVAILABLE', 'COPYING') order by r.rse_id) from (" + files + ") f",
                rs -> {
                    read[0]++;
                    last[0] = new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)};
                    long size = rs.getLong(5);
                    List<UUID> existing = new ArrayList<>();
                    Map<UUID, Long> covered = new HashMap<>();
                    for (String id : (String[]) rs.getArray(8).getArray()) {
                        existing.add(UUID.fromString(id));
                        covered.put(UUID.fromString(id), size);
                    }
                    for (UUID rse : p.selector().select(size, existing, p.blocked(), covered)) {
                        scopes.add(rs.getString(3));
                        names.add(rs.getString(4));
                        rses.add(rse);
                        bytes.add(size);
                        adler32.add(rs.getString(6));
                        md5.add(rs.getString(7));
                    }
                    return null;
                }, reorder(params));
        String[] next = source.type() == DidType.FILE ? null : read[0] < limit ? null : last[0];
        return writer.lockPairs(rule, scopes, names, rses, bytes, adler32, md5, next, read[0]);
    }

    /** The candidate array goes first in the statement: move it before the file source's parameters. */
    private static Object[] reorder(List<Object> params) {
        Object[] ordered = new Object[params.size()];
        ordered[0] = params.getLast();
        for (int i = 0; i < params.size() - 1; i++) {
            ordered[i + 1] = params.get(i);
        }
        return ordered;
    }

    /** Expands a rule completely in this transaction (small rules, approvals, tests). */
    void expandAll(Tx tx, Rule rule, FileSource source) {
        TargetPlanner.Plan plan = rule.grouping() == Grouping.NONE ? plan(tx, rule) : null;
        String[] cursor = null;
        do {
            cursor = expandBatch(tx, rule, source, cursor, LockWriter.BATCH, plan).cursor();
        } while (cursor != null);
    }

    /** Sets the rule's state from its counters (REPLICATING, OK or STUCK) and records it. */
    RuleState settle(Tx tx, UUID ruleId) {
        Rule rule = require(tx, ruleId, true);
        RuleState state = RuleState.fromCounters(rule.locksReplicating(), rule.locksStuck());
        if (rule.state() == RuleState.SUSPENDED || rule.state() == RuleState.WAITING_APPROVAL) {
            return rule.state();
        }
        if (state != rule.state()) {
            tx.queryOne("with changed as (update rules r set state = ?, stuck_at = case when ? = 'STUCK' then coalesce(r.stuck_at, ?) "
                    + "else null end, error = case when ? = 'STUCK' then r.error else null end, version = r.version + 1, updated_at = ? "
                    + "from rules o where r.id = ? and o.id = r.id " + RuleEvents.returning() + ")" + RuleEvents.ctes("changed")
                    + "select count(*) from changed", rs -> rs.getLong(1),
                    state.name(), state.name(), Timestamp.from(clock.instant()), state.name(),
                    Timestamp.from(clock.instant()), ruleId);
            history(tx, ruleId);
        }
        return state;
    }

    /** Releases every lock of a rule in batches, then deletes the rule. Returns false if more work remains. */
    boolean removeStep(Tx tx, Rule rule, int limit) {
        return removeStep(tx, rule, limit, Optional.empty());
    }

    /**
     * As {@link #removeStep(Tx, Rule, int)} for a daemon: the statement that deletes the rule also
     * records it in the audit log ({@code del_rule}) with the daemon as actor and why as detail.
     */
    boolean removeStep(Tx tx, Rule rule, int limit, String daemon, String why) {
        return removeStep(tx, rule, limit, Optional.of(new ByDaemon(daemon, why)));
    }

    private record ByDaemon(String daemon, String why) {
    }

    private boolean removeStep(Tx tx, Rule rule, int limit, Optional<ByDaemon> byDaemon) {
        LockWriter writer = new LockWriter(tx, clock.instant());
        LockWriter.Released released = writer.release(rule, "true", List.of(), limit, tombstoneFor(rule));
        if (released.total() >= limit) {
            return false;
        }
        history(tx, rule.id());
        tx.update("update rules set child_rule_id = null where child_rule_id = ?", rule.id());
        if (byDaemon.isEmpty()) {
            tx.update("delete from rules where id = ?", rule.id());
            return true;
        }
        tx.update("with gone as (delete from rules where id = ? returning id, account, scope, name) "
                + DaemonAudit.insertSelect(byDaemon.get().daemon(), Actions.DEL_RULE, RULE_TARGET, "left(?, 1024)", "gone"),
                rule.id(), Timestamp.from(clock.instant()), byDaemon.get().why());
        return true;
    }

    Instant tombstoneFor(Rule rule) {
        return rule.purgeReplicas() ? PURGE : clock.instant();
    }

    /** Parts an INJECT rule is split into; each is expanded on its own. */
    public static final int INJECT_PARTS = 8;

    /** Puts a rule in state INJECT, split into parts for the injector. */
    void toInject(Tx tx, Rule rule) {
        tx.update("update rules set state = 'INJECT' where id = ?", rule.id());
        if (rule.didType() == DidType.DATASET) {
            // ranges of file names of about equal size, read once from the contents index
            long length = tx.queryOne("select coalesce(length, 0) from dids where scope = ? and name = ?", rs -> rs.getLong(1),
                    rule.scope(), rule.name()).orElse(0L);
            long step = Math.max(1, (length + INJECT_PARTS - 1) / INJECT_PARTS);
            List<String[]> bounds = tx.query("select s, n from (select child_scope::text as s, child_name::text as n, "
                            + "row_number() over (order by child_scope::text, child_name::text) as rn from contents "
                            + "where scope = ? and name = ?) x where rn % ? = 0 order by rn limit ?",
                    rs -> new String[] {rule.scope(), rule.name(), rs.getString(1), rs.getString(2)},
                    rule.scope(), rule.name(), step, INJECT_PARTS - 1);
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i <= bounds.size(); i++) {
                String[] lower = i == 0 ? null : bounds.get(i - 1);
                String[] upper = i == bounds.size() ? null : bounds.get(i);
                rows.add(new Object[] {rule.id(), i, lower == null ? null : tx.array("text", lower),
                        upper == null ? null : tx.array("text", upper)});
            }
            tx.batch("insert into rule_inject_parts (rule_id, part, cursor, upper) values (?, ?, ?, ?) on conflict do nothing", rows);
            return;
        }
        int parts = rule.didType() == DidType.FILE ? 1 : INJECT_PARTS;
        tx.update("insert into rule_inject_parts (rule_id, part) select ?, g from generate_series(0, ? - 1) g on conflict do nothing",
                rule.id(), parts);
    }

    /** Appends the rule as it is now to its history. */
    void history(Tx tx, UUID ruleId) {
        tx.update("insert into rules_history (id, account, scope, name, did_type, state, error, rse_expression, copies, expires_at, locked, "
                + "locks_ok_cnt, locks_replicating_cnt, locks_stuck_cnt, activity, grouping, created_at, updated_at) "
                + "select id, account, scope, name, did_type, state, error, rse_expression, copies, expires_at, locked, locks_ok_cnt, "
                + "locks_replicating_cnt, locks_stuck_cnt, activity, grouping, created_at, ? from rules where id = ?",
                Timestamp.from(clock.instant()), ruleId);
    }

    /** Rules on a DID or on any collection above it, for the evaluator. */
    /** The DID and every collection above it, as rows (s, n). */
    private static final String DID_AND_ABOVE = "with recursive up(s, n) as (select ?::text, ?::text union select c.scope::text, "
            + "c.name::text from contents c join up on c.child_scope = up.s and c.child_name = up.n) ";

    List<Rule> rulesAbove(Tx tx, String scope, String name) {
        return tx.query(DID_AND_ABOVE + "select " + Rule.COLUMNS + " from rules r join up on r.scope = up.s and r.name = up.n "
                + "where r.state not in ('WAITING_APPROVAL', 'SUSPENDED') order by r.id for update of r", Rule::from, scope, name);
    }

    /** Whether a rule on the DID or on a collection above it is still being injected (state INJECT); takes no lock. */
    boolean injectingAbove(Tx tx, String scope, String name) {
        return tx.exists(DID_AND_ABOVE + "select 1 from rules r join up on r.scope = up.s and r.name = up.n where r.state = 'INJECT' limit 1",
                scope, name);
    }
}
