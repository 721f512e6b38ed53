package org.laguna.core.did;

import org.laguna.core.meta.MetaConventions;
import org.laguna.core.did.filter.DidColumn;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Json;
import org.laguna.core.db.Tx;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Writes metadata inside a transaction: column keys into their typed columns (file columns into
 * the contents rows of the file as well), other keys into the jsonb document; with
 * {@code recursive}, into the direct children too.
 */
final class MetadataWriter {
    private MetadataWriter() {
    }

    /** The keys of one write: typed columns and the other keys. */
    private record Update(List<MetaRules.ColumnValue> columns, ObjectNode generic) {
        List<MetaRules.ColumnValue> fileColumns() {
            return columns.stream().filter(c -> MetaRules.FILE_ONLY.contains(c.column())).toList();
        }
    }

    /** The assignments of an update statement and their parameters. */
    private record Assignments(StringBuilder sql, List<Object> params) {
        Assignments() {
            this(new StringBuilder(), new ArrayList<>());
        }

        Assignments set(String column, DidColumn.Type kind, Object value) {
            sql.append(sql.isEmpty() ? "" : ", ").append(column).append(" = ").append(placeholder(kind));
            params.add(value);
            return this;
        }

        Assignments raw(String assignment, Object value) {
            sql.append(sql.isEmpty() ? "" : ", ").append(assignment);
            params.add(value);
            return this;
        }

        Object[] paramsThen(Object... more) {
            List<Object> all = new ArrayList<>(params);
            all.addAll(List.of(more));
            return all.toArray();
        }
    }

    static void apply(Tx tx, DidKey ref, DidType type, ObjectNode meta, boolean recursive, Instant now) {
        apply(tx, ref, type, meta, recursive, now, MetaConventions.load(tx, keys(meta)));
    }

    /** As {@link #apply(Tx, DidKey, DidType, ObjectNode, boolean, Instant)}, with the conventions already read. */
    static void apply(Tx tx, DidKey ref, DidType type, ObjectNode meta, boolean recursive, Instant now, MetaConventions.Loaded conventions) {
        conventions.check(type, meta);
        Update update = split(ref, type, meta, now);
        Assignments own = new Assignments();
        update.columns().forEach(c -> own.set(c.column(), c.kind(), c.value()));
        if (!update.generic().isEmpty()) {
            own.raw("meta = meta || ?::jsonb", new Json(update.generic().toString()));
        }
        own.raw("updated_at = ?", Timestamp.from(now));
        tx.update("update dids set " + own.sql() + " where scope = ? and name = ?", own.paramsThen(ref.scope(), ref.name()));
        List<MetaRules.ColumnValue> fileColumns = update.fileColumns();
        if (!fileColumns.isEmpty()) {
            updateContents(tx, ref, fileColumns);
        }
        if (recursive && type != DidType.FILE) {
            updateChildren(tx, ref, update, now);
        }
    }

    /** The keys of a metadata document. */
    static List<String> keys(ObjectNode meta) {
        List<String> keys = new ArrayList<>();
        if (meta != null) {
            meta.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    private static Update split(DidKey ref, DidType type, ObjectNode meta, Instant now) {
        List<MetaRules.ColumnValue> columns = new ArrayList<>();
        ObjectNode generic = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = MetaRules.key(entry.getKey());
            if (MetaRules.isColumn(key)) {
                if (MetaRules.FILE_ONLY.contains(key) && type != DidType.FILE) {
                    throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, key + " for " + ref + " cannot be updated: only files have it");
                }
                columns.add(MetaRules.column(key, entry.getValue(), now));
            } else {
                generic.set(key, entry.getValue());
            }
        }
        return new Update(columns, generic);
    }

    /** Copies a file's new values into its contents rows; new sizes are summed up again in its datasets. */
    private static void updateContents(Tx tx, DidKey ref, List<MetaRules.ColumnValue> fileColumns) {
        Assignments set = new Assignments();
        fileColumns.forEach(c -> set.set(c.column(), c.kind(), c.value()));
        tx.update("update contents set " + set.sql() + " where child_scope = ? and child_name = ?", set.paramsThen(ref.scope(), ref.name()));
        if (fileColumns.stream().anyMatch(c -> c.column().equals("bytes") || c.column().equals("events"))) {
            tx.update("update dids p set bytes = s.b, events = s.e from (select c.scope, c.name, coalesce(sum(c.bytes), 0) as b, sum(c.events) as e "
                            + "from contents c where (c.scope, c.name) in (select scope, name from contents where child_scope = ? and child_name = ?) "
                            + "group by c.scope, c.name) s where p.scope = s.scope and p.name = s.name and p.did_type = 'DATASET'",
                    ref.scope(), ref.name());
        }
    }

    /** Sets the same keys on the direct children, except the file columns. */
    private static void updateChildren(Tx tx, DidKey ref, Update update, Instant now) {
        Assignments set = new Assignments();
        update.columns().stream().filter(c -> !MetaRules.FILE_ONLY.contains(c.column()))
                .forEach(c -> set.set(c.column(), c.kind(), c.value()));
        if (!update.generic().isEmpty()) {
            set.raw("meta = dids.meta || ?::jsonb", new Json(update.generic().toString()));
        }
        set.raw("updated_at = ?", Timestamp.from(now));
        tx.update("update dids set " + set.sql() + " from contents c where c.scope = ? and c.name = ? "
                + "and dids.scope = c.child_scope and dids.name = c.child_name", set.paramsThen(ref.scope(), ref.name()));
    }

    private static String placeholder(DidColumn.Type kind) {
        return switch (kind) {
            case TIME -> "?::timestamptz";
            case UUID -> "?::uuid";
            case INTEGER -> "?::bigint";
            case BOOLEAN -> "?::boolean";
            default -> "?";
        };
    }
}
