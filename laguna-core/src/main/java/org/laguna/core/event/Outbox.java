package org.laguna.core.event;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.db.JsonValues;
import org.laguna.core.db.Tx;

/**
 * Writes events into the outbox ({@code messages}) inside the caller's transaction, so an event
 * exists exactly when the change that causes it is committed. Single events are written from
 * Java values; the events of set-based changes (a batch of transfers, of locks) are written by
 * the statements of {@link TransferEvents} and {@link RuleEvents} from the rows just changed.
 *
 * <p>Every event has an ordering key, the {@code scope:name} of the DID it is about (or another
 * stable key, e.g. {@code account:NAME}): hermes delivers the events of one key in the order they
 * were written.
 */
public final class Outbox {
    /** The columns every emitting statement fills, in this order. */
    public static final String INSERT = "insert into messages (event_type, payload, ordering_key, created_at) ";

    private Outbox() {
    }

    /** Writes one event; the payload is a map of plain values (text, numbers, booleans, lists, maps, null). */
    public static void emit(Tx tx, String eventType, String orderingKey, Map<String, ?> payload, Instant at) {
        Objects.requireNonNull(tx, "tx is null");
        EventTypes.require(eventType);
        Objects.requireNonNull(orderingKey, "orderingKey is null");
        Objects.requireNonNull(payload, "payload is null");
        tx.update(INSERT + "select ?, ?::jsonb, ?, ?::timestamptz where " + wanted(eventType), eventType, JsonValues.write(payload), orderingKey,
                Timestamp.from(at));
    }

    /**
     * SQL condition, true when the outbox records any of the given event types ({@code events.record},
     * see {@link EventRecording}). It reads nothing of the rows being changed, so PostgreSQL evaluates
     * it once per statement and, when it is false, builds no payload at all.
     */
    public static String wanted(String... eventTypes) {
        StringBuilder sql = new StringBuilder("exists (select 1 from outbox_wanted w where w.event_type in ('*'");
        for (String type : eventTypes) {
            sql.append(", '").append(EventTypes.require(type)).append('\'');
        }
        return sql.append("))").toString();
    }

    /** The ordering key of the events about a DID. */
    public static String didKey(String scope, String name) {
        return scope + ":" + name;
    }

    /** SQL text of a UUID column as Rucio writes ids: 32 hexadecimal digits, no dashes. */
    static String hex(String column) {
        return "replace(" + column + "::text, '-', '')";
    }

    /** SQL text of a timestamp column as Rucio writes dates in payloads ({@code 2026-01-31 12:00:00.000001}), in UTC. */
    static String date(String column) {
        return "to_char(" + column + " at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')";
    }
}
