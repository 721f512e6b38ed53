package org.laguna.core.transfer;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;

/**
 * Transfers per (source RSE, destination RSE) over a time window: how many finished DONE, how many
 * FAILED, and the bytes the done ones moved. Read from the requests history and from live
 * requests still in a final state, by when they last changed ({@code updated_at}). A request
 * counts for the source RSE it was last tried from; requests that never had a source (cancelled,
 * or the replica arrived by other means) are not transfers and do not count. Also, over the same
 * window: the throughput by time slot, the failures grouped by link and reason, and, now, the
 * requests queued and submitted per link. Like the matrix, these are counts of the caller's VO,
 * with no file named.
 */
public final class TransferMatrix {
    /** One pair of RSEs. {@code source} is empty when a failed request recorded no source. */
    public record Link(Optional<String> source, String destination, long done, long failed, long bytes) {
        public Link {
            Objects.requireNonNull(source, "source is null");
            Objects.requireNonNull(destination, "destination is null");
        }
    }

    private final Database database;

    public TransferMatrix(Database database) {
        this.database = Objects.requireNonNull(database, "database is null");
    }

    /** The links with transfers that ended at or after {@code since}, by source then destination name. */
    public List<Link> since(Caller caller, Instant since) {
        Objects.requireNonNull(since, "since is null");
        Timestamp from = Timestamp.from(since);
        return database.readOnly(tx -> tx.query("select s.rse, d.rse, count(*) filter (where x.state = 'DONE'), "
                        + "count(*) filter (where x.state = 'FAILED'), coalesce(sum(x.bytes) filter (where x.state = 'DONE'), 0) from ("
                        + "select source_rse_id, dest_rse_id, state, bytes from requests_history "
                        + "where updated_at >= ? and request_type = 'TRANSFER' and state in ('DONE', 'FAILED') "
                        + "and (source_rse_id is not null or state = 'FAILED') "
                        + "union all select source_rse_id, dest_rse_id, state, bytes from requests "
                        + "where updated_at >= ? and request_type = 'TRANSFER' and state in ('DONE', 'FAILED')) x "
                        + "join rses d on d.id = x.dest_rse_id left join rses s on s.id = x.source_rse_id "
                        + "where d.vo = ? group by s.rse, d.rse order by s.rse nulls last, d.rse",
                rs -> new Link(Optional.ofNullable(rs.getString(1)), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                from, from, caller.vo()));
    }

    /** Transfers that ended in one time slot starting at {@code start}. */
    public record Slot(Instant start, long done, long failed, long bytes) {
        public Slot {
            Objects.requireNonNull(start, "start is null");
        }
    }

    /**
     * Transfers that ended from {@code since} to {@code until}, in {@code slots} slots of equal length
     * (every slot is answered, empty ones with zeros), oldest first.
     */
    public List<Slot> throughput(Caller caller, Instant since, Instant until, int slots) {
        Objects.requireNonNull(since, "since is null");
        Objects.requireNonNull(until, "until is null");
        if (slots < 1 || !until.isAfter(since)) {
            throw new IllegalArgumentException("a throughput needs at least one slot and a window that ends after it starts");
        }
        long slotMillis = Math.max(1, Duration.between(since, until).toMillis() / slots);
        long[][] counts = new long[slots][3];
        Timestamp from = Timestamp.from(since);
        database.readOnly(tx -> tx.query("select least(greatest(floor(extract(epoch from (x.updated_at - ?::timestamptz)) * 1000 / ?)::int, 0), ?), "
                        + "count(*) filter (where x.state = 'DONE'), count(*) filter (where x.state = 'FAILED'), "
                        + "coalesce(sum(x.bytes) filter (where x.state = 'DONE'), 0) from ("
                        + "select dest_rse_id, state, bytes, updated_at from requests_history "
                        + "where updated_at >= ? and request_type = 'TRANSFER' and state in ('DONE', 'FAILED') "
                        + "and (source_rse_id is not null or state = 'FAILED') "
                        + "union all select dest_rse_id, state, bytes, updated_at from requests "
                        + "where updated_at >= ? and request_type = 'TRANSFER' and state in ('DONE', 'FAILED')) x "
                        + "join rses d on d.id = x.dest_rse_id where d.vo = ? group by 1",
                rs -> {
                    long[] slot = counts[rs.getInt(1)];
                    slot[0] += rs.getLong(2);
                    slot[1] += rs.getLong(3);
                    slot[2] += rs.getLong(4);
                    return null;
                }, from, slotMillis, slots - 1, from, from, caller.vo()));
        List<Slot> answer = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            answer.add(new Slot(since.plusMillis(i * slotMillis), counts[i][0], counts[i][1], counts[i][2]));
        }
        return answer;
    }

    /** Requests of one link not finished yet; {@code source} is empty while no source has been chosen. */
    public record Pending(Optional<String> source, String destination, long queued, long submitted, long bytes) {
        public Pending {
            Objects.requireNonNull(source, "source is null");
            Objects.requireNonNull(destination, "destination is null");
        }
    }

    /** The transfers waiting to be submitted (QUEUED, WAITING, PREPARING) and those submitted, per link, now. */
    public List<Pending> pending(Caller caller) {
        return database.readOnly(tx -> tx.query("select s.rse, d.rse, count(*) filter (where q.state in ('QUEUED', 'WAITING', 'PREPARING')), "
                        + "count(*) filter (where q.state = 'SUBMITTED'), coalesce(sum(q.bytes), 0) from requests q "
                        + "join rses d on d.id = q.dest_rse_id left join rses s on s.id = q.source_rse_id "
                        + "where q.request_type = 'TRANSFER' and q.state in ('QUEUED', 'WAITING', 'PREPARING', 'SUBMITTED') and d.vo = ? "
                        + "group by s.rse, d.rse order by s.rse nulls first, d.rse",
                rs -> new Pending(Optional.ofNullable(rs.getString(1)), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                caller.vo()));
    }

    /** Failures of one link with one reason: how many, and when the last one was. */
    public record Failure(Optional<String> source, String destination, String reason, long count, Instant last) {
        public Failure {
            Objects.requireNonNull(source, "source is null");
            Objects.requireNonNull(destination, "destination is null");
            Objects.requireNonNull(reason, "reason is null");
            Objects.requireNonNull(last, "last is null");
        }
    }

    /**
     * The transfers that failed at or after {@code since}, grouped by link and reason (the request's
     * last error, its URLs written {@value #URL}, so that the failures of many files with one cause
     * make one group and no file is named), the most recent first, at most {@code limit} groups.
     */
    public List<Failure> failures(Caller caller, Instant since, int limit) {
        Objects.requireNonNull(since, "since is null");
        Timestamp from = Timestamp.from(since);
        return database.readOnly(tx -> tx.query("select s.rse, d.rse, x.reason, count(*), max(x.updated_at) from (select source_rse_id, "
                        + "dest_rse_id, regexp_replace(coalesce(err_msg, ''), '[A-Za-z][A-Za-z0-9+.-]*://[^ ,;\"'']+', ?, 'g') reason, updated_at from ("
                        + "select source_rse_id, dest_rse_id, err_msg, updated_at from requests_history "
                        + "where updated_at >= ? and request_type = 'TRANSFER' and state = 'FAILED' "
                        + "union all select source_rse_id, dest_rse_id, err_msg, updated_at from requests "
                        + "where updated_at >= ? and request_type = 'TRANSFER' and state = 'FAILED') f) x "
                        + "join rses d on d.id = x.dest_rse_id left join rses s on s.id = x.source_rse_id "
                        + "where d.vo = ? group by s.rse, d.rse, x.reason order by max(x.updated_at) desc, count(*) desc limit ?",
                rs -> new Failure(Optional.ofNullable(rs.getString(1)), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getTimestamp(5).toInstant()),
                URL, from, from, caller.vo(), limit));
    }

    /** How a failure's reason writes the URLs it named. */
    public static final String URL = "[URL]";
}
