package org.laguna.core.replica;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.rse.RseResolver;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/** Declaring replicas suspicious (Rucio's {@code POST /replicas/suspicious}) and listing them. */
public final class SuspiciousReplicaService {
    private final Database database;
    private final Permissions permissions;
    private final Clock clock;
    private final RseRepository rses;
    private final RseResolver resolver;
    private final RecoveryConfig config;

    public SuspiciousReplicaService(Database database, Permissions permissions, Clock clock, RseResolver resolver, RecoveryConfig config) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.resolver = Objects.requireNonNull(resolver, "resolver is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.rses = new RseRepository();
    }

    /** Declares replicas suspicious by PFN; answers the PFNs that match no replica, per RSE ({@code "unknown"} when no RSE matched). */
    public Map<String, List<String>> declare(Caller caller, String reason, List<String> pfns) {
        if (pfns.isEmpty()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "pfns not defined: give a list of PFNs");
        }
        return database.inTransaction(tx -> {
            permissions.check(tx, caller, Actions.DECLARE_SUSPICIOUS_FILE_REPLICAS);
            Map<String, List<String>> failed = new LinkedHashMap<>();
            List<Rse> all = rses.list(tx, caller.vo());
            Instant now = clock.instant();
            for (String pfn : pfns) {
                Optional<Map.Entry<Rse, DidKey>> replica = PfnPaths.resolve(tx, rses, all, pfn);
                if (replica.isEmpty()) {
                    failed.computeIfAbsent("unknown", k -> new ArrayList<>()).add(pfn + " Unknown replica");
                } else if (!SuspiciousReplicas.declareSuspicious(tx, replica.get().getValue(), replica.get().getKey().id(), reason,
                        caller.account(), now)) {
                    failed.computeIfAbsent(replica.get().getKey().name(), k -> new ArrayList<>()).add(pfn + " Unknown replica");
                }
            }
            return failed;
        });
    }

    /**
     * The replicas declared suspicious at least {@code attempts} times since {@code youngerThan} (default: the
     * recoverer's window), on the RSEs of an expression (default: all): those still waiting for the recoverer and the last
     * copies it reported. Replicas already declared bad, or re-created since, are not listed.
     */
    public List<SuspiciousReplica> list(Caller caller, Optional<String> rseExpression, Optional<Instant> youngerThan, int attempts) {
        Instant since = youngerThan.orElse(clock.instant().minus(config.suspiciousWindow()));
        return database.readOnly(tx -> {
            List<Object> params = new ArrayList<>(List.of(Timestamp.from(since), caller.vo()));
            String onRses = "";
            if (rseExpression.isPresent()) {
                onRses = "and b.rse_id = any(?::uuid[]) ";
                params.add(tx.array("uuid", resolver.resolve(tx, caller.vo(), rseExpression.get()).stream().map(RseCandidate::id).toArray()));
            }
            params.add(Math.max(attempts, 1));
            return tx.query("select b.scope, b.name, s.rse, b.rse_id, count(*), max(b.created_at), not exists (select 1 from replicas o "
                            + "where o.scope = b.scope and o.name = b.name and o.rse_id <> b.rse_id and o.state = 'AVAILABLE') "
                            + "from bad_replicas b join rses s on s.id = b.rse_id join replicas r on r.scope = b.scope and r.name = b.name "
                            + "and r.rse_id = b.rse_id and r.state = 'AVAILABLE' where b.state = 'SUSPICIOUS' and b.created_at >= ? "
                            + "and s.vo = ? " + onRses + "and (b.handled_at is null or not exists "
                            + "(select 1 from replicas o where o.scope = b.scope and o.name = b.name and o.rse_id <> b.rse_id "
                            + "and o.state = 'AVAILABLE')) group by b.scope, b.name, s.rse, b.rse_id having count(*) >= ? "
                            + "order by b.scope, b.name, s.rse",
                    rs -> new SuspiciousReplica(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                            rs.getLong(5), Tx.instant(rs, "max"), rs.getBoolean(7)),
                    params.toArray());
        });
    }

    /** A filter of {@link #listByState}: all optional but the limit (0: none). */
    public record BadFilter(Optional<String> state, Optional<String> rse, Optional<Instant> youngerThan, Optional<Instant> olderThan,
            int limit) {
        public BadFilter {
            Objects.requireNonNull(state, "state is null");
            Objects.requireNonNull(rse, "rse is null");
            Objects.requireNonNull(youngerThan, "youngerThan is null");
            Objects.requireNonNull(olderThan, "olderThan is null");
        }
    }

    /**
     * Rucio's list_bad_replicas_status: the records of {@code bad_replicas} (one per declaration), newest first,
     * streamed as {scope, name, rse, rse_id, state, reason, created_at, updated_at}.
     */
    public void listByState(Caller caller, BadFilter filter, Consumer<BadReplicaRecord> sink) {
        filter.state().ifPresent(SuspiciousReplicaService::requireBadState);
        StringBuilder sql = new StringBuilder("select b.scope, b.name, s.rse, b.rse_id, b.state, b.reason, b.created_at, b.updated_at "
                + "from bad_replicas b join rses s on s.id = b.rse_id where s.vo = ?");
        List<Object> params = new ArrayList<>(List.of(caller.vo()));
        filter.state().ifPresent(state -> {
            sql.append(" and b.state = ?");
            params.add(state);
        });
        filter.rse().ifPresent(rse -> {
            sql.append(" and s.rse = ? and not s.deleted");
            params.add(rse);
        });
        filter.youngerThan().ifPresent(at -> {
            sql.append(" and b.created_at >= ?");
            params.add(Timestamp.from(at));
        });
        filter.olderThan().ifPresent(at -> {
            sql.append(" and b.created_at <= ?");
            params.add(Timestamp.from(at));
        });
        sql.append(" order by b.created_at desc");
        if (filter.limit() > 0) {
            sql.append(" limit ?");
            params.add(filter.limit());
        }
        database.readOnly(tx -> {
            tx.stream(sql.toString(), rs -> new BadReplicaRecord(rs.getString(1), rs.getString(2), rs.getString(3),
                    rs.getObject(4, UUID.class), BadReplicaState.valueOf(rs.getString(5)), rs.getString(6),
                    Tx.instant(rs, "created_at"), Tx.instant(rs, "updated_at")), sink, params.toArray());
            return null;
        });
    }

    /** The states counted by {@link #summary}, in the order of {@link BadReplicaSummary}'s counts. */
    private static final List<BadReplicaState> SUMMARY_STATES = List.of(BadReplicaState.BAD, BadReplicaState.DELETED, BadReplicaState.LOST,
            BadReplicaState.RECOVERED, BadReplicaState.SUSPICIOUS, BadReplicaState.TEMPORARY_UNAVAILABLE);

    /**
     * Rucio's get_bad_replicas_summary: per RSE (of an expression, default all), day and reason, how many records of
     * each state, for the days from {@code from} to {@code to} (both optional, inclusive).
     */
    public void summary(Caller caller, Optional<String> rseExpression, Optional<LocalDate> from, Optional<LocalDate> to,
            Consumer<BadReplicaSummary> sink) {
        database.readOnly(tx -> {
            StringBuilder sql = new StringBuilder("select s.rse, b.rse_id, date_trunc('day', b.created_at at time zone 'UTC') as day, "
                    + "b.reason");
            for (BadReplicaState state : SUMMARY_STATES) {
                sql.append(", count(*) filter (where b.state = '").append(state).append("')");
            }
            sql.append(" from bad_replicas b join rses s on s.id = b.rse_id where s.vo = ?");
            List<Object> params = new ArrayList<>(List.of(caller.vo()));
            if (rseExpression.isPresent()) {
                sql.append(" and b.rse_id = any(?::uuid[])");
                params.add(tx.array("uuid", resolver.resolve(tx, caller.vo(), rseExpression.get()).stream().map(RseCandidate::id).toArray()));
            }
            from.ifPresent(day -> {
                sql.append(" and b.created_at >= ?");
                params.add(Timestamp.from(day.atStartOfDay(ZoneOffset.UTC).toInstant()));
            });
            to.ifPresent(day -> {
                sql.append(" and b.created_at < ?");
                params.add(Timestamp.from(day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant()));
            });
            sql.append(" group by s.rse, b.rse_id, day, b.reason order by day, s.rse, b.reason");
            tx.stream(sql.toString(), rs -> new BadReplicaSummary(rs.getString(1), rs.getObject(2, UUID.class),
                    rs.getTimestamp(3).toLocalDateTime().toInstant(ZoneOffset.UTC), rs.getString(4),
                    rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10)), sink, params.toArray());
            return null;
        });
    }

    private static void requireBadState(String state) {
        if (!List.of("SUSPICIOUS", "BAD", "BEING_REPAIRED", "RECOVERED", "DELETED", "LOST", "TEMPORARY_UNAVAILABLE").contains(state)) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "state must be one of SUSPICIOUS, BAD, RECOVERED, DELETED, LOST, "
                    + "got '" + state + "'");
        }
    }
}
