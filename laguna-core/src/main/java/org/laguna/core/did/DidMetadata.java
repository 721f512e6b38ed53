package org.laguna.core.did;

import org.laguna.core.did.filter.DidColumn;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Database;
import org.laguna.core.did.DidRecords.MetaColumn;
import org.laguna.core.did.DidRecords.Metadata;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/** Reading, setting and deleting the metadata of a DID; each call is one transaction. */
public final class DidMetadata {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Database database;
    private final Permissions permissions;
    private final Clock clock;

    public DidMetadata(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** The metadata of a DID that the plugin shows. */
    public Metadata getMetadata(DidKey ref, MetadataPlugin plugin) {
        return database.readOnly(tx -> tx.queryOne("select " + DidColumn.SELECT_LIST + ", meta::text as meta_text from dids where scope = ? and name = ?",
                rs -> new Metadata(plugin.showsColumns() ? columns(rs) : List.of(),
                        plugin.showsKeys() ? keys(ref, rs.getString("meta_text")) : JSON.createObjectNode()),
                ref.scope(), ref.name()).orElseThrow(() -> DidSql.notFound(ref)));
    }

    private static List<MetaColumn> columns(ResultSet rs) throws SQLException {
        List<MetaColumn> columns = new ArrayList<>();
        for (DidColumn column : DidColumn.values()) {
            Object value = rs.getObject(column.column());
            if (value instanceof Timestamp ts) {
                value = ts.toInstant();
            } else if (value instanceof UUID uuid) {
                value = MetaRules.showGuid(uuid);
            }
            columns.add(new MetaColumn(column.column(), value));
        }
        return columns;
    }

    private static ObjectNode keys(DidKey ref, String stored) {
        try {
            JsonNode meta = JSON.readTree(stored);
            return meta instanceof ObjectNode object ? object : JSON.createObjectNode();
        } catch (JsonProcessingException e) {
            throw new LagunaException(ErrorCode.INTERNAL, "stored metadata of " + ref + " is not JSON", e);
        }
    }

    /** Sets metadata keys; columns are typed, other keys go to the jsonb document. */
    public void setMetadata(Caller caller, DidKey ref, ObjectNode meta, boolean recursive) {
        if (meta.isEmpty()) {
            return;
        }
        meta.fieldNames().forEachRemaining(MetaRules::key);
        Instant now = clock.instant();
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.SET_METADATA, "scope", ref.scope(), "name", ref.name());
            DidType type = DidSql.lockType(tx, ref);
            MetadataWriter.apply(tx, ref, type, meta, recursive, now);
        });
    }

    /**
     * Sets metadata on many DIDs in one transaction (Rucio's {@code set_dids_metadata_bulk}): all or
     * nothing, each DID checked as {@link #setMetadata} checks one.
     */
    public void setMetadataBulk(Caller caller, List<Map.Entry<DidKey, ObjectNode>> dids, boolean recursive) {
        for (Map.Entry<DidKey, ObjectNode> did : dids) {
            did.getValue().fieldNames().forEachRemaining(MetaRules::key);
        }
        Instant now = clock.instant();
        database.inTransactionVoid(tx -> {
            for (Map.Entry<DidKey, ObjectNode> did : dids) {
                DidKey ref = did.getKey();
                permissions.check(tx, caller, Actions.SET_METADATA, "scope", ref.scope(), "name", ref.name());
                DidType type = DidSql.lockType(tx, ref);
                if (!did.getValue().isEmpty()) {
                    MetadataWriter.apply(tx, ref, type, did.getValue(), recursive, now);
                }
            }
        });
    }

    /** Removes a key from the jsonb metadata; column keys cannot be deleted. */
    public void deleteMetadata(Caller caller, DidKey ref, String key) {
        if (key == null || key.isBlank()) {
            throw new LagunaException(ErrorCode.KEY_NOT_FOUND, "No key provided to remove");
        }
        if (MetaRules.isColumn(key) || MetaRules.RESERVED.contains(key)) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Key '" + key + "' is a column of the DID and cannot be deleted; set it instead");
        }
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DEL_METADATA, "scope", ref.scope(), "name", ref.name());
            int rows = tx.update("update dids set meta = meta - ?::text, updated_at = ? where scope = ? and name = ? and jsonb_exists(meta, ?::text)",
                    key, Timestamp.from(clock.instant()), ref.scope(), ref.name(), key);
            if (rows == 0) {
                DidSql.requireDid(tx, ref);
                throw new LagunaException(ErrorCode.KEY_NOT_FOUND, "Key '" + key + "' not found for data identifier '" + ref + "'");
            }
        });
    }
}
