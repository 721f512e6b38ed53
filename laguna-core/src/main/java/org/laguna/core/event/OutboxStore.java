package org.laguna.core.event;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.laguna.core.daemon.RetentionDeleter;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Tx;

/**
 * The outbox tables as hermes and the administrators see them: the pending events of a slice in
 * order, the progress of each destination, the move to the history once every destination has an
 * event, the history's retention, the backlog per destination.
 */
public final class OutboxStore {
    private static final RetentionDeleter HISTORY = new RetentionDeleter("messages_history", "id", "id::text", "created_at");
    private static final String COLUMNS = "id, event_type, payload::text, ordering_key, delivered_to, created_at";

    private OutboxStore() {
    }

    /** The oldest pending events of a slice (by their ordering key), in the order they were written. */
    public static List<OutboxMessage> pending(Tx tx, WorkSlice slice, int limit) {
        return tx.query(pendingSql(slice), OutboxStore::message, limit);
    }

    /** The query of {@link #pending}; its parameter is the limit. */
    static String pendingSql(WorkSlice slice) {
        return "select " + COLUMNS + ", null::timestamptz from messages where " + slice.sql("ordering_key") + " order by id limit ?";
    }

    /** Records that a destination has these events (those that remain pending for another destination). */
    public static void delivered(Tx tx, String destination, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        tx.update("update messages set delivered_to = array_append(delivered_to, ?::text) where id = any(?) "
                + "and not (?::text = any(delivered_to))", destination, tx.array("bigint", ids.toArray()), destination);
    }

    /** Moves events that every destination has to the history; returns how many moved. */
    public static int archive(Tx tx, List<Long> ids, List<String> destinations, Instant at) {
        if (ids.isEmpty()) {
            return 0;
        }
        return tx.update("with moved as (delete from messages m where m.id = any(?) returning m.*) "
                        + "insert into messages_history (id, event_type, payload, ordering_key, delivered_to, created_at, delivered_at) "
                        + "select id, event_type, payload, ordering_key, ?::text[], created_at, ? from moved",
                tx.array("bigint", ids.toArray()), tx.array("text", destinations.toArray()), Timestamp.from(at));
    }

    /** Removes up to {@code limit} history rows older than {@code before}, oldest first; returns how many. */
    public static int purge(Tx tx, Instant before, int limit) {
        return HISTORY.delete(tx, WorkSlice.ALL, before, limit);
    }

    /** Pending events per destination (those the destination does not have yet), and in all ({@code ""}). */
    public static Map<String, Long> backlog(Tx tx, List<String> destinations) {
        StringBuilder sql = new StringBuilder("select count(*)");
        List<Object> params = new ArrayList<>();
        for (String destination : destinations) {
            sql.append(", count(*) filter (where not (?::text = any(delivered_to)))");
            params.add(destination);
        }
        sql.append(" from messages");
        Map<String, Long> out = new LinkedHashMap<>();
        tx.queryOne(sql.toString(), rs -> {
            out.put("", rs.getLong(1));
            for (int i = 0; i < destinations.size(); i++) {
                out.put(destinations.get(i), rs.getLong(i + 2));
            }
            return out;
        }, params.toArray());
        return out;
    }

    /**
     * Events for the administrators, newest first: pending ones ({@code sent} false) or the history
     * ({@code sent} true), optionally of one type, with ids below {@code beforeId} when given.
     */
    public static List<OutboxMessage> list(Tx tx, boolean sent, Optional<String> eventType, Optional<Long> beforeId, int limit) {
        String table = sent ? "messages_history" : "messages";
        String deliveredAt = sent ? "delivered_at" : "null::timestamptz";
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder(" where true");
        eventType.ifPresent(type -> {
            where.append(" and event_type = ?");
            params.add(type);
        });
        beforeId.ifPresent(id -> {
            where.append(" and id < ?");
            params.add(id);
        });
        params.add(limit);
        return tx.query("select " + COLUMNS + ", " + deliveredAt + " from " + table + where + " order by id desc limit ?",
                OutboxStore::message, params.toArray());
    }

    /** The rule events ({@code rule_id} in the payload) of rules an account owns in a VO, pending and delivered, newest first. */
    public static List<OutboxMessage> ofRulesOf(Tx tx, String vo, String account, Instant since, List<String> eventTypes, int limit) {
        String mine = " and exists (select 1 from rules r where r.id = case when m.payload->>'rule_id' ~ '^[0-9a-fA-F]{32}$' "
                + "then (m.payload->>'rule_id')::uuid end and r.vo = ? and r.account = ?)";
        Array types = tx.array("text", eventTypes.toArray());
        return tx.query("select * from (select " + COLUMNS + ", null::timestamptz from messages m where m.event_type = any(?) "
                        + "and m.created_at >= ?" + mine + " union all select " + COLUMNS + ", delivered_at from messages_history m "
                        + "where m.event_type = any(?) and m.created_at >= ?" + mine + ") e order by 1 desc limit ?",
                OutboxStore::message, types, Timestamp.from(since), vo, account, types, Timestamp.from(since), vo, account, limit);
    }

    private static OutboxMessage message(ResultSet rs) throws SQLException {
        Array delivered = rs.getArray(5);
        Timestamp deliveredAt = rs.getTimestamp(7);
        return new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                delivered == null ? List.of() : List.of((String[]) delivered.getArray()), rs.getTimestamp(6).toInstant(),
                Optional.ofNullable(deliveredAt).map(Timestamp::toInstant));
    }
}
