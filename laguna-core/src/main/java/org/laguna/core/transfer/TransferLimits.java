package org.laguna.core.transfer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.RseResolver;
import org.laguna.core.transfer.TransferPlanner.Request;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Limits of active transfers (Rucio's {@code /requests/transfer_limits}) and the request metrics
 * ({@code /requests/metrics}). A limit caps the requests SUBMITTED at once into each RSE of its
 * expression, for one activity or for all; the conveyor-submitter asks {@link #admit} which of the
 * requests it took may go now. Only DESTINATION limits are enforced; SOURCE ones are stored.
 */
public final class TransferLimits {
    private final Database database;
    private final Permissions permissions;
    private final RseResolver resolver;
    private final Clock clock;

    public TransferLimits(Database database, Permissions permissions, RseResolver resolver, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = permissions;
        this.resolver = Objects.requireNonNull(resolver, "resolver is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** A limit to set; null fields are left empty. */
    public record Limit(String rseExpression, String activity, String direction, Long maxTransfers, Long volume, Long deadline,
            String strategy, Long transfers, Long waitings) {
    }

    private void requireAdmin(Tx tx, Caller caller) {
        if (permissions != null && !permissions.isAdmin(tx, caller)) {
            throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not manage or list transfer limits");
        }
    }

    private void recorded(Tx tx, Caller caller, String action, String rseExpression, String activity, String direction) {
        if (permissions != null) {
            permissions.recordChange(tx, caller, action, "rse_expression", rseExpression, "activity",
                    Objects.toString(blankToNull(activity), ALL_ACTIVITIES), "direction", direction);
        }
    }

    /** SOURCE or DESTINATION, from the names or Rucio's one-letter values (its client sends {@code D}). */
    private static String direction(String value) {
        String d = value == null || value.isBlank() ? "DESTINATION" : value.trim().toUpperCase(Locale.ROOT);
        return switch (d) {
            case "D", "DESTINATION" -> "DESTINATION";
            case "S", "SOURCE" -> "SOURCE";
            default -> throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "direction must be SOURCE (S) or DESTINATION (D), got '"
                    + value + "'");
        };
    }

    /** Rucio stores a limit for every activity under this name. */
    private static final String ALL_ACTIVITIES = "all_activities";

    /** Creates or replaces the limit of an RSE expression, activity and direction. */
    public void set(Caller caller, Limit limit) {
        if (limit.rseExpression() == null || limit.rseExpression().isBlank()) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "rse_expression is missing");
        }
        if (limit.maxTransfers() == null || limit.maxTransfers() < 0) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "max_transfers must be a number of transfers, 0 or more");
        }
        String direction = direction(limit.direction());
        Timestamp now = Timestamp.from(clock.instant());
        database.inTransactionVoid(tx -> {
            requireAdmin(tx, caller);
            resolver.resolve(tx, caller.vo(), limit.rseExpression());
            tx.update("insert into transfer_limits (id, vo, rse_expression, activity, direction, max_transfers, volume, deadline, strategy, "
                            + "transfers, waitings, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                            + "on conflict (vo, rse_expression, coalesce(activity, ''), direction) do update set max_transfers = excluded.max_transfers, "
                            + "volume = excluded.volume, deadline = excluded.deadline, strategy = excluded.strategy, transfers = excluded.transfers, "
                            + "waitings = excluded.waitings, updated_at = excluded.updated_at",
                    UUID.randomUUID(), caller.vo(), limit.rseExpression(), blankToNull(limit.activity()), direction, limit.maxTransfers(),
                    limit.volume(), limit.deadline(), limit.strategy(), limit.transfers(), limit.waitings(), now, now);
            recorded(tx, caller, "set_transfer_limit", limit.rseExpression(), limit.activity(), direction);
        });
    }

    /** Deletes the limit of an RSE expression, activity and direction; deleting one that does not exist is no error (as in Rucio). */
    public void delete(Caller caller, String rseExpression, String activity, String direction) {
        if (rseExpression == null || rseExpression.isBlank()) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "rse_expression is missing");
        }
        String d = direction(direction);
        database.inTransactionVoid(tx -> {
            requireAdmin(tx, caller);
            tx.update("delete from transfer_limits where vo = ? and rse_expression = ? and coalesce(activity, '') = ? and direction = ?",
                    caller.vo(), rseExpression, Objects.toString(blankToNull(activity), ""), d);
            recorded(tx, caller, "delete_transfer_limit", rseExpression, activity, d);
        });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() || value.equals(ALL_ACTIVITIES) ? null : value;
    }

    /**
     * A limit as listed, with {@code transfers} the requests submitted under it now and {@code waitings}
     * those queued; {@code activity} is {@code all_activities} for a limit on every activity.
     */
    public record LimitStatus(UUID id, String rseExpression, String activity, String direction, Long maxTransfers, Long volume,
                              Long deadline, String strategy, long transfers, long waitings, Instant updatedAt,
                              Instant createdAt) {
    }

    /** The limits of the caller's VO, each with the requests active under it now; for administrators. */
    public void list(Caller caller, Consumer<LimitStatus> sink) {
        List<LimitStatus> rows = database.readOnly(tx -> {
            requireAdmin(tx, caller);
            List<LimitStatus> out = new ArrayList<>();
            for (Rule rule : rules(tx, resolver, caller.vo())) {
                long transfers = tx.count("select count(*) from requests where state = 'SUBMITTED' and "
                        + (rule.direction().equals("SOURCE") ? "source_rse_id" : "dest_rse_id") + " = any(?) and (?::text is null or activity = ?)",
                        tx.array("uuid", rule.rses().toArray()), rule.activity(), rule.activity());
                long waitings = tx.count("select count(*) from requests where state = 'QUEUED' and dest_rse_id = any(?) "
                        + "and (?::text is null or activity = ?)", tx.array("uuid", rule.rses().toArray()), rule.activity(), rule.activity());
                out.add(new LimitStatus(rule.id(), rule.expression(), rule.activity() == null ? ALL_ACTIVITIES : rule.activity(),
                        rule.direction(), rule.max(), rule.volume(), rule.deadline(), rule.strategy(), transfers, waitings,
                        rule.updatedAt(), rule.createdAt()));
            }
            return out;
        });
        rows.forEach(sink);
    }

    private record Rule(UUID id, String vo, String expression, String activity, String direction, Long max, Long volume, Long deadline,
            String strategy, Instant createdAt, Instant updatedAt, Set<UUID> rses) {
    }

    /** The limits of a VO (all VOs when null), each with the RSEs its expression names now. */
    private static List<Rule> rules(Tx tx, RseResolver resolver, String vo) {
        List<Rule> rules = tx.query("select id, vo, rse_expression, activity, direction, max_transfers, volume, deadline, strategy, created_at, "
                        + "updated_at from transfer_limits where (?::text is null or vo = ?) order by rse_expression, activity nulls first",
                rs -> new Rule(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        Tx.longOrNull(rs, "max_transfers"), Tx.longOrNull(rs, "volume"), Tx.longOrNull(rs, "deadline"), rs.getString(9),
                        Tx.instant(rs, "created_at"), Tx.instant(rs, "updated_at"), new HashSet<>()), vo, vo);
        for (Rule rule : rules) {
            resolver.resolveOrEmpty(tx, rule.vo(), rule.expression()).forEach(c -> rule.rses().add(c.id()));
        }
        return rules;
    }

    private static boolean applies(Rule rule, Request request) {
        return rule.rses().contains(request.destRseId()) && (rule.activity() == null || rule.activity().equals(request.activity()));
    }

    /**
     * Which of the given requests may be submitted now without going over a DESTINATION limit,
     * counting the requests already SUBMITTED; all of them when there is no limit. Concurrent
     * submitters take turns on an advisory lock while limits exist.
     */
    static List<Request> admit(Tx tx, RseResolver resolver, List<Request> candidates) {
        if (candidates.isEmpty() || !tx.exists("select 1 from transfer_limits where direction = 'DESTINATION' and max_transfers is not null")) {
            return candidates;
        }
        tx.query("select pg_advisory_xact_lock(hashtext('laguna.transfer_limits'))", rs -> null);
        List<Rule> rules = new ArrayList<>();
        List<Map<UUID, Long>> left = new ArrayList<>();
        for (Rule rule : rules(tx, resolver, null)) {
            if (!rule.direction().equals("DESTINATION") || rule.max() == null) {
                continue;
            }
            Map<UUID, Long> active = new HashMap<>();
            tx.query("select dest_rse_id, count(*) from requests where state = 'SUBMITTED' and dest_rse_id = any(?) "
                            + "and (?::text is null or activity = ?) group by dest_rse_id",
                    rs -> active.put(rs.getObject(1, UUID.class), rs.getLong(2)), tx.array("uuid", rule.rses().toArray()),
                    rule.activity(), rule.activity());
            Map<UUID, Long> budget = new HashMap<>();
            for (UUID rse : rule.rses()) {
                budget.put(rse, rule.max() - active.getOrDefault(rse, 0L));
            }
            rules.add(rule);
            left.add(budget);
        }
        List<Request> admitted = new ArrayList<>(candidates.size());
        for (Request request : candidates) {
            boolean fits = true;
            for (int i = 0; i < rules.size() && fits; i++) {
                fits = !applies(rules.get(i), request) || left.get(i).getOrDefault(request.destRseId(), 0L) > 0;
            }
            if (fits) {
                for (int i = 0; i < rules.size(); i++) {
                    if (applies(rules.get(i), request)) {
                        left.get(i).merge(request.destRseId(), -1L, Long::sum);
                    }
                }
                admitted.add(request);
            }
        }
        return admitted;
    }

    /**
     * Rucio's request metrics: per source and destination RSE, the files and bytes QUEUED (by
     * activity), DONE and FAILED in the last hour and six hours (from the history), and the
     * distance. Keys are {@code SRC:DST}.
     */
    public Map<String, Map<String, Object>> metrics(Caller caller, String srcRse, String dstRse, String activity) {
        return database.readOnly(tx -> {
            Map<String, Map<String, Object>> out = new TreeMap<>();
            Instant now = clock.instant();
            Timestamp hour = Timestamp.from(now.minus(Duration.ofHours(1)));
            Timestamp six = Timestamp.from(now.minus(Duration.ofHours(6)));
            String filter = " and (?::text is null or s.rse = ?) and (?::text is null or d.rse = ?) and (?::text is null or q.activity = ?) "
                    + "and d.vo = ? group by s.rse, d.rse, q.activity";
            Object[] params = {srcRse, srcRse, dstRse, dstRse, activity, activity, caller.vo()};
            tx.query("select s.rse, d.rse, q.activity, q.state, count(*), coalesce(sum(q.bytes), 0) from requests q join rses d on d.id = q.dest_rse_id "
                            + "join rses s on s.id = q.source_rse_id where q.state in ('QUEUED', 'SUBMITTED')"
                            + filter.replace("group by s.rse, d.rse, q.activity", "group by s.rse, d.rse, q.activity, q.state"),
                    rs -> {
                        Map<String, Object> link = link(out, rs.getString(1), rs.getString(2));
                        String kind = rs.getString(4).equals("QUEUED") ? "queued" : "submitted";
                        add(link, "files", kind, rs.getString(3), rs.getLong(5));
                        add(link, "bytes", kind, rs.getString(3), rs.getLong(6));
                        return null;
                    }, params);
            Object[] history = new Object[params.length + 4];
            history[0] = hour;
            history[1] = hour;
            history[2] = hour;
            history[3] = six;
            System.arraycopy(params, 0, history, 4, params.length);
            tx.query("select s.rse, d.rse, q.activity, count(*) filter (where q.state = 'DONE' and q.updated_at >= ?), "
                            + "count(*) filter (where q.state = 'FAILED' and q.updated_at >= ?), count(*) filter (where q.state = 'DONE'), "
                            + "count(*) filter (where q.state = 'FAILED'), coalesce(sum(q.bytes) filter (where q.state = 'DONE' and q.updated_at >= ?), 0), "
                            + "coalesce(sum(q.bytes) filter (where q.state = 'DONE'), 0) from requests_history q join rses d on d.id = q.dest_rse_id "
                            + "join rses s on s.id = q.source_rse_id where q.updated_at >= ?" + filter,
                    rs -> {
                        Map<String, Object> link = link(out, rs.getString(1), rs.getString(2));
                        String act = rs.getString(3);
                        window(link, "files", "done", act, rs.getLong(4), rs.getLong(6));
                        window(link, "files", "failed", act, rs.getLong(5), rs.getLong(7));
                        window(link, "bytes", "done", act, rs.getLong(8), rs.getLong(9));
                        return null;
                    }, history);
            tx.query("select s.rse, d.rse, x.distance from distances x join rses s on s.id = x.src_rse_id join rses d on d.id = x.dest_rse_id "
                    + "where d.vo = ? and not s.deleted and not d.deleted", rs -> {
                        String key = rs.getString(1) + ":" + rs.getString(2);
                        if (out.containsKey(key)) {
                            out.get(key).put("distance", rs.getInt(3));
                        }
                        return null;
                    }, caller.vo());
            return out;
        });
    }

    private static Map<String, Object> link(Map<String, Map<String, Object>> out, String src, String dst) {
        return out.computeIfAbsent(src + ":" + dst, k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("src_rse", src);
            m.put("dst_rse", dst);
            m.put("distance", null);
            m.put("files", new LinkedHashMap<String, Object>());
            m.put("bytes", new LinkedHashMap<String, Object>());
            return m;
        });
    }

    @SuppressWarnings("unchecked")
    private static void add(Map<String, Object> link, String what, String kind, String activity, long value) {
        Map<String, Object> elem = (Map<String, Object>) link.get(what);
        ((Map<String, Object>) elem.computeIfAbsent(kind, k -> new LinkedHashMap<String, Object>())).merge(activity, value,
                (a, b) -> (Long) a + (Long) b);
        elem.merge(kind + "-total", value, (a, b) -> (Long) a + (Long) b);
    }

    @SuppressWarnings("unchecked")
    private static void window(Map<String, Object> link, String what, String kind, String activity, long lastHour, long lastSix) {
        if (lastSix == 0) {
            return;
        }
        Map<String, Object> elem = (Map<String, Object>) link.get(what);
        Map<String, Object> byActivity = (Map<String, Object>) ((Map<String, Object>) elem.computeIfAbsent(kind,
                k -> new LinkedHashMap<String, Object>())).computeIfAbsent(activity, k -> new LinkedHashMap<String, Object>());
        byActivity.merge("1h", lastHour, (a, b) -> (Long) a + (Long) b);
        byActivity.merge("6h", lastSix, (a, b) -> (Long) a + (Long) b);
        elem.merge(kind + "-total-1h", lastHour, (a, b) -> (Long) a + (Long) b);
        elem.merge(kind + "-total-6h", lastSix, (a, b) -> (Long) a + (Long) b);
    }
}
