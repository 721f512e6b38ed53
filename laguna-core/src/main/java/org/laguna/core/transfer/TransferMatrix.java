package org.laguna.core.transfer;

import java.sql.Timestamp;
import java.time.Instant;
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
 * or the replica arrived by other means) are not transfers and do not count.
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
}
