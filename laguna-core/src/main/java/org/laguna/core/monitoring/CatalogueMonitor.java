package org.laguna.core.monitoring;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;

/**
 * What the catalogue holds that operators watch: rules by state, transfer requests by state,
 * activity and link, transfers that ended within a window, and each daemon's backlog (how many
 * items wait for it and how long the oldest has waited). Read in one read-only transaction, for
 * the metrics endpoint; every query reads an index or one table once.
 */
public final class CatalogueMonitor {
    /** How many rules are in one state. */
    public record StateCount(String state, long count) {
    }

    /** Transfer requests of one state, activity and link (the source is empty until one is chosen). */
    public record RequestGroup(String state, String activity, String source, String destination, long count, long bytes) {
    }

    /** Items waiting for one daemon, and the age of the oldest (zero when none waits). */
    public record Backlog(String daemon, long items, double oldestSeconds) {
    }

    /** One reading of the catalogue. */
    public record Snapshot(Instant at, List<StateCount> rules, List<RequestGroup> requests, List<RequestGroup> finished,
            List<Backlog> backlogs) {
    }

    private final Database database;
    private final Clock clock;

    public CatalogueMonitor(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** Reads the catalogue now; {@code finished} counts the transfers that ended within {@code window}. */
    public Snapshot snapshot(Duration window) {
        Instant now = clock.instant();
        Timestamp since = Timestamp.from(now.minus(window));
        Timestamp at = Timestamp.from(now);
        return database.readOnly(tx -> new Snapshot(now, rules(tx), requests(tx), finished(tx, since), backlogs(tx, at)));
    }

    private static List<StateCount> rules(Tx tx) {
        return tx.query("select state, count(*) from rules group by state order by state",
                rs -> new StateCount(rs.getString(1), rs.getLong(2)));
    }

    private static List<RequestGroup> requests(Tx tx) {
        return tx.query("select x.state, x.activity, coalesce(s.rse, ''), d.rse, x.n, x.b from ("
                        + "select state, activity, source_rse_id, dest_rse_id, count(*) n, coalesce(sum(bytes), 0) b from requests "
                        + "group by state, activity, source_rse_id, dest_rse_id) x "
                        + "join rses d on d.id = x.dest_rse_id left join rses s on s.id = x.source_rse_id",
                rs -> new RequestGroup(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6)));
    }

    private static List<RequestGroup> finished(Tx tx, Timestamp since) {
        return tx.query("select x.state, coalesce(x.activity, ''), coalesce(s.rse, ''), d.rse, x.n, x.b from ("
                        + "select state, activity, source_rse_id, dest_rse_id, count(*) n, coalesce(sum(bytes), 0) b from requests_history "
                        + "where updated_at >= ? and request_type = 'TRANSFER' and state in ('DONE', 'FAILED') "
                        + "group by state, activity, source_rse_id, dest_rse_id) x "
                        + "join rses d on d.id = x.dest_rse_id left join rses s on s.id = x.source_rse_id",
                rs -> new RequestGroup(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6)),
                since);
    }

    private static List<Backlog> backlogs(Tx tx, Timestamp now) {
        List<Backlog> backlogs = new ArrayList<>();
        backlogs.add(backlog(tx, "judge-evaluator", "select count(*), min(created_at) from updated_dids", now));
        backlogs.add(backlog(tx, "judge-injector", "select count(*), min(created_at) from rules where state = 'INJECT'", now));
        backlogs.add(backlog(tx, "judge-repairer", "select count(*), min(stuck_at) from rules where state = 'STUCK'", now));
        backlogs.add(backlog(tx, "judge-cleaner", "select count(*), min(expires_at) from rules where expires_at < ?", now, now));
        backlogs.add(backlog(tx, "undertaker", "select count(*), min(expired_at) from dids where expired_at < ?", now, now));
        backlogs.add(backlog(tx, "reaper", "select count(*), min(r.tombstone) from rses s cross join lateral ("
                + "select tombstone from replicas where rse_id = s.id and tombstone < ?) r", now, now));
        backlogs.add(backlog(tx, "conveyor-submitter", "select count(*), min(created_at) from requests where state = 'QUEUED'", now));
        backlogs.add(backlog(tx, "conveyor-poller", "select count(*), min(coalesce(submitted_at, updated_at)) from requests "
                + "where state = 'SUBMITTED'", now));
        backlogs.add(backlog(tx, "conveyor-finisher", "select count(*), min(updated_at) from requests where state in ('DONE', 'FAILED')", now));
        return backlogs;
    }

    private static Backlog backlog(Tx tx, String daemon, String sql, Timestamp now, Object... params) {
        return tx.queryOne(sql, rs -> {
            Timestamp oldest = rs.getTimestamp(2);
            double age = oldest == null ? 0 : Math.max(0, (now.getTime() - oldest.getTime()) / 1000.0);
            return new Backlog(daemon, rs.getLong(1), age);
        }, params).orElse(new Backlog(daemon, 0, 0));
    }
}
