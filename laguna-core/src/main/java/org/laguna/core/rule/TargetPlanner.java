package org.laguna.core.rule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Tx;
import org.laguna.core.rse.RseResolver;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Reads what the RSE selector needs from the catalogue (matching RSEs, weights, availability,
 * quotas and usage, space) and records the RSEs chosen for a rule as its targets.
 */
final class TargetPlanner {
    private static final int TARGET_FLUSH = 1_000;

    private final RseResolver resolver;
    private final RandomGenerator random;

    TargetPlanner(RseResolver resolver, RandomGenerator random) {
        this.resolver = Objects.requireNonNull(resolver, "resolver is null");
        this.random = Objects.requireNonNull(random, "random is null");
    }

    /** An account's limits and usage: per RSE, and per RSE expression (global limits) with the RSEs they cover. */
    private record Quotas(Map<UUID, Long> localLimit, Map<UUID, Long> usage, Map<String, Long> globalLimits, Map<String, Long> globalUsed,
                          Map<String, Long> globalLeft, Map<UUID, Set<String>> globalsOf) {
        static Quotas none() {
            return new Quotas(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
        }

        static Quotas load(Tx tx, RseResolver resolver, String vo, String account) {
            Quotas quotas = new Quotas(new HashMap<>(), new HashMap<>(), new LinkedHashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
            tx.query("select rse_id, bytes from account_limits where account = ?",
                    rs -> quotas.localLimit().put(rs.getObject(1, UUID.class), rs.getLong(2)), account);
            tx.query("select rse_id, bytes from account_usage where account = ?",
                    rs -> quotas.usage().put(rs.getObject(1, UUID.class), rs.getLong(2)), account);
            tx.query("select rse_expression, bytes from account_glob_limits where account = ?",
                    rs -> quotas.globalLimits().put(rs.getString(1), rs.getLong(2)), account);
            quotas.globalLimits().forEach((globalExpression, limit) -> {
                long used = 0;
                for (RseCandidate rse : resolver.resolveOrEmpty(tx, vo, globalExpression)) {
                    used += quotas.usage().getOrDefault(rse.id(), 0L);
                    quotas.globalsOf().computeIfAbsent(rse.id(), k -> new HashSet<>()).add(globalExpression);
                }
                quotas.globalLeft().put(globalExpression, limit < 0 ? TargetRse.UNLIMITED : limit - used);
                quotas.globalUsed().put(globalExpression, used);
            });
            return quotas;
        }
    }

    /** The selector for a rule and the RSEs it must not use right now. */
    record Plan(RseSelector selector, Set<UUID> blocked, List<UUID> candidateIds) {
    }

    Plan plan(Tx tx, String vo, String account, String expression, int copies, String weight,
              boolean unlimited, boolean ignoreAvailability) {
        List<RseCandidate> matching = resolver.resolve(tx, vo, expression);
        List<UUID> ids = matching.stream().map(RseCandidate::id).toList();
        Quotas quotas = unlimited ? Quotas.none() : Quotas.load(tx, resolver, vo, account);
        Map<UUID, Long> localLimit = quotas.localLimit();
        Map<UUID, Long> usage = quotas.usage();
        Map<String, Long> globalLeft = quotas.globalLeft();
        Map<UUID, Set<String>> globalsOf = quotas.globalsOf();
        Map<UUID, Long> spaceLeft = new HashMap<>();
        tx.query("select l.rse_id, l.value - coalesce((select u.used from rse_usage u where u.rse_id = l.rse_id and u.source = 'rucio'), 0) "
                        + "from rse_limits l where l.name = 'MaxSpaceAvailable' and l.value >= 0 and l.rse_id = any(?)",
                rs -> spaceLeft.put(rs.getObject(1, UUID.class), rs.getLong(2)), tx.array("uuid", ids.toArray()));
        List<TargetRse> targets = new ArrayList<>();
        Set<UUID> blocked = new HashSet<>();
        for (RseCandidate rse : matching) {
            double rseWeight = 1;
            if (weight != null) {
                Object value = rse.attributes().get(weight);
                if (value == null) {
                    continue;
                }
                try {
                    rseWeight = Double.parseDouble(String.valueOf(value));
                } catch (NumberFormatException e) {
                    throw new LagunaException(ErrorCode.INVALID_RULE_WEIGHT,
                            "The RSE '" + rse.name() + "' has a non-number specified for the weight '" + weight + "'");
                }
                if (rseWeight < 0 || Double.isNaN(rseWeight)) {
                    throw new LagunaException(ErrorCode.INVALID_RULE_WEIGHT,
                            "The RSE '" + rse.name() + "' has a negative weight '" + weight + "'");
                }
            }
            boolean writable = !Boolean.FALSE.equals(rse.attributes().get("availability_write"));
            if (!writable && !ignoreAvailability) {
                blocked.add(rse.id());
            }
            Long limit = localLimit.get(rse.id());
            long quota = unlimited ? TargetRse.UNLIMITED
                    : limit == null ? 0 : limit < 0 ? TargetRse.UNLIMITED : limit - usage.getOrDefault(rse.id(), 0L);
            targets.add(new TargetRse(rse.id(), rse.name(), rseWeight, writable, quota,
                    spaceLeft.getOrDefault(rse.id(), TargetRse.UNLIMITED), globalsOf.getOrDefault(rse.id(), Set.of())));
        }
        Map<UUID, String> names = new LinkedHashMap<>();
        targets.forEach(target -> names.put(target.id(), target.name()));
        String hint = unlimited ? "" : QuotaHint.of(account, names, localLimit, usage, quotas.globalLimits(), quotas.globalUsed());
        return new Plan(new RseSelector(targets, globalLeft, copies, unlimited, random, hint), blocked, ids);
    }

    /** Bytes of the data under a DID already on each candidate RSE (available or on its way). */
    Map<UUID, Long> coverage(Tx tx, FileSource did, List<UUID> candidates) {
        Map<UUID, Long> coverage = new HashMap<>();
        List<Object> params = new ArrayList<>();
        String files = switch (did.type()) {
            case FILE -> {
                params.add(did.scope());
                params.add(did.name());
                yield "select ?::text as s, ?::text as n";
            }
            default -> {
                String datasets = did.datasetsSql(params);
                yield "select distinct c.child_scope::text as s, c.child_name::text as n from (" + datasets + ") ds "
                        + "join contents c on c.scope = ds.s and c.name = ds.n";
            }
        };
        params.add(tx.array("uuid", candidates.toArray()));
        tx.query("select r.rse_id, coalesce(sum(r.bytes), 0) from (" + files + ") f join replicas r on r.scope = f.s and r.name = f.n "
                        + "where r.rse_id = any(?) and r.state in ('AVAILABLE', 'COPYING') group by r.rse_id",
                rs -> coverage.put(rs.getObject(1, UUID.class), rs.getLong(2)), params.toArray());
        return coverage;
    }

    /** Total bytes of the files under a DID. */
    long bytes(Tx tx, FileSource did) {
        if (did.type() == DidType.FILE || did.type() == DidType.DATASET) {
            return tx.queryOne("select coalesce(bytes, 0) from dids where scope = ? and name = ?", rs -> rs.getLong(1),
                    did.scope(), did.name()).orElse(0L);
        }
        List<Object> params = new ArrayList<>();
        String datasets = did.datasetsSql(params);
        return tx.queryOne("select coalesce(sum(d.bytes), 0) from (" + datasets + ") ds join dids d on d.scope = ds.s and d.name = ds.n",
                rs -> rs.getLong(1), params.toArray()).orElse(0L);
    }

    /** Number of files under a DID (counting a file in two datasets twice). */
    long files(Tx tx, FileSource did) {
        if (did.type() == DidType.FILE) {
            return 1;
        }
        if (did.type() == DidType.DATASET) {
            return tx.queryOne("select coalesce(length, 0) from dids where scope = ? and name = ?", rs -> rs.getLong(1),
                    did.scope(), did.name()).orElse(0L);
        }
        List<Object> params = new ArrayList<>();
        String datasets = did.datasetsSql(params);
        return tx.queryOne("select coalesce(sum(d.length), 0) from (" + datasets + ") ds join dids d on d.scope = ds.s and d.name = ds.n",
                rs -> rs.getLong(1), params.toArray()).orElse(0L);
    }

    /** Chooses one set of RSEs for the whole DID and records it under the DID. */
    List<UUID> chooseForDid(Tx tx, Rule rule, Plan plan) {
        FileSource did = FileSource.of(rule.scope(), rule.name(), rule.didType());
        Map<UUID, Long> coverage = coverage(tx, did, plan.candidateIds());
        List<UUID> preferred = byCoverage(coverage);
        List<UUID> chosen = plan.selector().select(bytes(tx, did), preferred, plan.blocked(), coverage);
        for (UUID rse : chosen) {
            tx.update("insert into rule_targets (rule_id, scope, name, rse_id) values (?, ?, ?, ?) on conflict do nothing",
                    rule.id(), rule.scope(), rule.name(), rse);
        }
        return chosen;
    }

    /**
     * Chooses RSEs per dataset (grouping DATASET on a container) for the datasets under the DID
     * that have none yet, streaming over the datasets so memory does not grow with their number.
     */
    int chooseForDatasets(Tx tx, Rule rule, Plan plan, FileSource under) {
        List<Object> params = new ArrayList<>();
        String sql = datasetsToChoose(under, tx.array("uuid", plan.candidateIds().toArray()), rule.id(), params);
        List<Object[]> rows = new ArrayList<>();
        int[] count = {0};
        String[] current = {null, null};
        long[] size = {0};
        Map<UUID, Long> coverage = new HashMap<>();
        Runnable choose = () -> {
            if (current[0] == null) {
                return;
            }
            for (UUID rse : plan.selector().select(size[0], byCoverage(coverage), plan.blocked(), coverage)) {
                rows.add(new Object[] {rule.id(), current[0], current[1], rse});
            }
            count[0]++;
            coverage.clear();
        };
        tx.stream(sql, rs -> {
            String s = rs.getString(1);
            String n = rs.getString(2);
            if (!(s.equals(current[0]) && n.equals(current[1]))) {
                choose.run();
                current[0] = s;
                current[1] = n;
                size[0] = rs.getLong(3);
            }
            UUID rse = rs.getObject(4, UUID.class);
            if (rse != null) {
                coverage.put(rse, rs.getLong(5));
            }
            return null;
        }, ignored -> {
        }, params.toArray());
        choose.run();
        for (int i = 0; i < rows.size(); i += TARGET_FLUSH) {
            tx.batch("insert into rule_targets (rule_id, scope, name, rse_id) values (?, ?, ?, ?) on conflict do nothing",
                    rows.subList(i, Math.min(rows.size(), i + TARGET_FLUSH)));
        }
        return count[0];
    }

    /**
     * The datasets under {@code under} that have no RSE of the rule yet, in order, each with its bytes and one row per
     * candidate RSE holding some of its files (the bytes there). The replicas are looked up file by file through the
     * primary key (the {@code offset 0} keeps PostgreSQL from turning the join around): right after a bulk load the
     * statistics may say the candidate RSEs hold nothing, and a plan starting from their replicas then read all of them
     * once per dataset. A dataset's files are read through the contents index when it is the only one.
     */
    static String datasetsToChoose(FileSource under, Object candidateRses, UUID ruleId, List<Object> params) {
        String datasets = under.datasetsSql(params);
        String children;
        if (under.type() == DidType.DATASET) {
            params.add(under.scope());
            params.add(under.name());
            children = "select c.scope::text as s, c.name::text as n, c.child_scope, c.child_name from contents c where c.scope = ? and c.name = ?";
        } else {
            children = "select c.scope::text as s, c.name::text as n, c.child_scope, c.child_name from ds join contents c "
                    + "on c.scope = ds.s and c.name = ds.n";
        }
        params.add(candidateRses);
        params.add(ruleId);
        return "with ds as (" + datasets + "), cov as (select f.s, f.n, x.rse_id, sum(x.bytes) as b from (" + children + ") f "
                + "cross join lateral (select r.rse_id, r.bytes from replicas r where r.scope = f.child_scope and r.name = f.child_name "
                + "and r.rse_id = any(?) and r.state in ('AVAILABLE', 'COPYING') offset 0) x group by f.s, f.n, x.rse_id) "
                + "select ds.s, ds.n, coalesce(d.bytes, 0), cov.rse_id, cov.b from ds join dids d on d.scope = ds.s and d.name = ds.n "
                + "left join cov on cov.s = ds.s and cov.n = ds.n "
                + "where not exists (select 1 from rule_targets t where t.rule_id = ? and t.scope = ds.s and t.name = ds.n) "
                + "order by ds.s, ds.n";
    }

    static List<UUID> byCoverage(Map<UUID, Long> coverage) {
        return coverage.entrySet().stream()
                .sorted(Map.Entry.<UUID, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(e -> e.getKey().toString()))
                .map(Map.Entry::getKey).toList();
    }
}
