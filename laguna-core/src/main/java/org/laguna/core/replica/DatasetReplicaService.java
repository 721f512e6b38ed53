package org.laguna.core.replica;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.did.DidKey;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Replicas of a dataset per RSE (Rucio's list_dataset_replicas): of the dataset's files, how many
 * and how many bytes are AVAILABLE on each RSE that holds any of them, against the dataset's
 * length and bytes; the dataset replica is AVAILABLE when every file is. Counted from the file
 * replicas at the time of the request (Rucio's {@code deep=true}), through the contents and
 * replica indexes, so the answer is never stale.
 */
public final class DatasetReplicaService {
    /** One RSE's share of a dataset. */
    public record DatasetReplica(String scope, String name, String rse, UUID rseId, long bytes, long length, long availableBytes,
                                 long availableLength, String state, Instant createdAt, Instant updatedAt, Instant accessedAt) {
    }

    private final Database database;

    public DatasetReplicaService(Database database) {
        this.database = Objects.requireNonNull(database, "database is null");
    }

    public List<DatasetReplica> list(Caller caller, String scope, String name) {
        return database.readOnly(tx -> {
            long[] totals = tx.queryOne("select did_type, coalesce(bytes, 0), coalesce(length, 0) from dids where scope = ? and name = ?",
                    rs -> new long[] {"DATASET".equals(rs.getString(1)) ? 1 : 0, rs.getLong(2), rs.getLong(3)}, scope, name)
                    .orElseThrow(() -> new LagunaException(ErrorCode.DATA_IDENTIFIER_NOT_FOUND,
                            "Data identifier '" + scope + ":" + name + "' not found"));
            if (totals[0] == 0) {
                return List.of();
            }
            return tx.query("select r.rse, r.id, coalesce(sum(p.bytes) filter (where p.state = 'AVAILABLE'), 0), "
                            + "count(*) filter (where p.state = 'AVAILABLE'), min(p.created_at), max(p.updated_at), max(p.accessed_at) "
                            + "from contents c join replicas p on p.scope = c.child_scope and p.name = c.child_name "
                            + "join rses r on r.id = p.rse_id where c.scope = ? and c.name = ? and c.child_type = 'FILE' "
                            + "and r.vo = ? and not r.deleted group by r.rse, r.id order by r.rse",
                    rs -> {
                        long availableLength = rs.getLong(4);
                        return new DatasetReplica(scope, name, rs.getString(1), rs.getObject(2, UUID.class), totals[1], totals[2],
                                rs.getLong(3), availableLength, availableLength == totals[2] ? "AVAILABLE" : "UNAVAILABLE",
                                instantAt(rs, 5), instantAt(rs, 6), instantAt(rs, 7));
                    }, scope, name, caller.vo());
        });
    }

    /**
     * Rucio's {@code list_dataset_replicas_bulk}: the replicas of several datasets; DIDs that do not
     * exist or are not datasets are left out, as in Rucio.
     */
    public List<DatasetReplica> listBulk(Caller caller, List<DidKey> dids) {
        if (dids.isEmpty()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "List of DIDs is empty");
        }
        List<DatasetReplica> all = new ArrayList<>();
        for (DidKey did : new LinkedHashSet<>(dids)) {
            try {
                all.addAll(list(caller, did.scope(), did.name()));
            } catch (LagunaException e) {
                if (e.code() != ErrorCode.DATA_IDENTIFIER_NOT_FOUND) {
                    throw e;
                }
            }
        }
        return all;
    }

    private static Instant instantAt(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
