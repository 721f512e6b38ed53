package org.laguna.core.subscription;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.laguna.core.auditlog.DaemonAudit;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.filter.SqlFragment;
import org.laguna.core.rse.RseResolver;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.core.rule.RuleService;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * transmogrifier: gives every new dataset and container the rules of the subscriptions whose
 * filter it matches. The cursor is the DID's own {@code is_new} flag, set when the DID is
 * written: a batch of new DIDs of this instance's slice is locked, matched, given its rules and
 * marked not new in one transaction, so each DID is evaluated exactly once, a crash mid-batch
 * leaves the whole batch new, and two instances never take the same DID. A rule that cannot be
 * made (no RSE matches, say) is skipped with a warning, without undoing the others.
 */
public final class Transmogrifier implements Daemon {
    public static final String NAME = "transmogrifier";
    /** New DIDs handled per transaction. */
    public static final int BATCH = 200;
    private static final Logger LOG = Logger.getLogger(Transmogrifier.class.getName());

    private final Database database;
    private final RuleService rules;
    private final RseResolver resolver;
    private final Clock clock;
    private final int batch;

    public Transmogrifier(Database database, RuleService rules, RseResolver resolver, Clock clock, int batch) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.rules = Objects.requireNonNull(rules, "rules is null");
        this.resolver = Objects.requireNonNull(resolver, "resolver is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be positive");
        }
        this.batch = batch;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int runOnce(WorkSlice slice) {
        return database.inTransaction(tx -> {
            expire(tx);
            List<DidKey> fresh = tx.query("select scope, name from dids where is_new and did_type <> 'FILE' and "
                            + slice.sql("scope || ':' || name") + " order by created_at limit ? for update skip locked",
                    rs -> new DidKey(rs.getString(1), rs.getString(2)), batch);
            if (fresh.isEmpty()) {
                return 0;
            }
            List<String> made = new ArrayList<>();
            List<Subscription> subscriptions = tx.query("select " + Subscription.COLUMNS + " from subscriptions "
                    + "where state not in ('INACTIVE', 'BROKEN') order by policyid, created_at", Subscription.MAPPER);
            for (Subscription subscription : subscriptions) {
                apply(tx, subscription, fresh, made);
            }
            audit(tx, made);
            tx.update("update dids set is_new = false from unnest(?::text[], ?::text[]) as b(s, n) where scope = b.s and name = b.n",
                    tx.textArray(fresh.stream().map(DidKey::scope).toList()), tx.textArray(fresh.stream().map(DidKey::name).toList()));
            return fresh.size();
        });
    }

    /** Subscriptions past their lifetime stop serving (recorded in the audit log by the same statement). */
    private void expire(Tx tx) {
        tx.update("with expired as (update subscriptions set state = 'INACTIVE', updated_at = ? where expired_at < ? "
                + "and state <> 'INACTIVE' returning account, name) "
                + DaemonAudit.insertSelect(NAME, "update_subscription", "'account=' || account || ',name=' || name", "'expired'", "expired"),
                clock.instant(), clock.instant(), clock.instant());
    }

    /** Records the rules made in this pass in the audit log, with the daemon as actor, in one statement. */
    private void audit(Tx tx, List<String> made) {
        DaemonAudit.record(tx, clock.instant(), NAME, "add_rule", made);
    }

    private void apply(Tx tx, Subscription subscription, List<DidKey> fresh, List<String> made) {
        SubscriptionFilter filter;
        List<SubscriptionRule> ruleSpecs;
        try {
            filter = SubscriptionFilter.parse(subscription.filter());
            ruleSpecs = SubscriptionRule.parseAll(subscription.replicationRules());
        } catch (LagunaException e) {
            broken(tx, subscription, e);
            return;
        }
        SqlFragment condition = filter.sql(tx);
        List<Object> params = new ArrayList<>();
        params.add(subscription.vo());
        params.add(tx.textArray(fresh.stream().map(DidKey::scope).toList()));
        params.add(tx.textArray(fresh.stream().map(DidKey::name).toList()));
        params.addAll(condition.params());
        List<DidKey> matching;
        try {
            matching = tx.savepoint(() -> tx.query("select d.scope, d.name from dids d join scopes sc on sc.scope = d.scope "
                            + "and sc.vo = ? join unnest(?::text[], ?::text[]) as b(s, n) on d.scope = b.s and d.name = b.n where "
                            + condition.sql(), rs -> new DidKey(rs.getString(1), rs.getString(2)), params.toArray()));
        } catch (LagunaException e) {
            broken(tx, subscription, e);
            return;
        }
        for (DidKey did : matching) {
            for (SubscriptionRule spec : ruleSpecs) {
                addRules(tx, subscription, filter.splitRule() ? spec.split() : spec, did, made);
            }
        }
        if (!matching.isEmpty()) {
            tx.update("update subscriptions set last_processed = ? where id = ?", clock.instant(), subscription.id());
        }
    }

    /** A subscription whose filter cannot be run stops serving (state BROKEN) instead of holding up every new DID. */
    private void broken(Tx tx, Subscription subscription, LagunaException e) {
        LOG.warning(() -> "Subscription " + subscription.account() + ":" + subscription.name() + " is broken: " + e.getMessage());
        tx.update("with broken as (update subscriptions set state = 'BROKEN', updated_at = ? where id = ? returning account, name) "
                + DaemonAudit.insertSelect(NAME, "update_subscription", "'account=' || account || ',name=' || name", "left(?, 1024)",
                        "broken"), clock.instant(), subscription.id(), clock.instant(), "broken: " + e.getMessage());
    }

    private void addRules(Tx tx, Subscription subscription, SubscriptionRule spec, DidKey did, List<String> made) {
        try {
            if (!spec.splitRule()) {
                add(tx, subscription, spec, did, spec.copies(), spec.rseExpression(), made);
                return;
            }
            for (String rse : splitTargets(tx, subscription.vo(), spec, did)) {
                add(tx, subscription, spec, did, 1, rse, made);
            }
        } catch (LagunaException e) {
            LOG.log(Level.WARNING, () -> "Subscription " + subscription.account() + ":" + subscription.name() + " made no rule on "
                    + did + " for " + spec.rseExpression() + ": " + e.getMessage());
        }
    }

    private void add(Tx tx, Subscription subscription, SubscriptionRule spec, DidKey did, int copies, String expression,
            List<String> made) {
        try {
            UUID rule = tx.savepoint(() -> rules.addForSubscription(tx, subscription.vo(),
                    spec.toNewRule(did, subscription.account(), copies, expression), did, subscription.id()));
            made.add("account=" + subscription.account() + ",did=" + did.scope() + ":" + did.name() + ",rule=" + rule
                    + ",subscription=" + subscription.name());
        } catch (LagunaException e) {
            if (e.code() != ErrorCode.DUPLICATE_RULE) {
                throw e;
            }
        }
    }

    /**
     * The RSEs of a split rule: {@code copies} of the expression's RSEs, those already holding
     * the DID's files first, then a choice that depends only on the DID and the RSE names, so a
     * retry picks the same ones.
     */
    private List<String> splitTargets(Tx tx, String vo, SubscriptionRule spec, DidKey did) {
        List<RseCandidate> candidates = resolver.resolve(tx, vo, spec.rseExpression());
        if (candidates.size() < spec.copies()) {
            throw new LagunaException(ErrorCode.INSUFFICIENT_TARGET_RSES, "The expression " + spec.rseExpression()
                    + " names fewer RSEs than the " + spec.copies() + " copies of the split rule");
        }
        List<UUID> holding = tx.query("select distinct r.rse_id from contents c join replicas r on r.scope = c.child_scope "
                + "and r.name = c.child_name where c.scope = ? and c.name = ? and r.state = 'AVAILABLE'",
                rs -> rs.getObject(1, UUID.class), did.scope(), did.name());
        return candidates.stream()
                .sorted(Comparator.comparing((RseCandidate rse) -> !holding.contains(rse.id()))
                        .thenComparing(rse -> Integer.toUnsignedLong((did + "@" + rse.name()).hashCode())))
                .limit(spec.copies()).map(RseCandidate::name).toList();
    }
}
