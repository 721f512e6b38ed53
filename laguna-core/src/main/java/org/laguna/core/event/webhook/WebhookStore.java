package org.laguna.core.event.webhook;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Tx;
import org.laguna.core.event.OutboxMessage;

/** The webhook tables: the registered webhooks, and the deliveries owed to them with their retries and dead letters. */
final class WebhookStore {
    static final String PENDING = "PENDING";
    static final String DEAD = "DEAD";
    private static final int ERROR_CHARS = 1000;

    private WebhookStore() {
    }

    static void insert(Tx tx, UUID id, String url, List<String> eventTypes, WebhookSecrets.Stored secret, boolean enabled, String createdBy,
            Instant at) {
        tx.update("insert into webhooks (id, url, event_types, secret, secret_sealed, enabled, created_by, created_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?)", id, url, tx.textArray(eventTypes), secret.bytes(), secret.sealed(), enabled, createdBy, at);
    }

    static List<Webhook> list(Tx tx, Optional<UUID> id) {
        return tx.query("select w.id, w.url, w.event_types, w.enabled, w.created_by, w.created_at, "
                + "(select count(*) from webhook_deliveries d where d.webhook_id = w.id and d.state = 'PENDING'), "
                + "(select count(*) from webhook_deliveries d where d.webhook_id = w.id and d.state = 'DEAD'), "
                + "(select d.last_error from webhook_deliveries d where d.webhook_id = w.id and d.failed_at is not null "
                + "order by d.failed_at desc limit 1) "
                + "from webhooks w where (?::uuid is null or w.id = ?::uuid) order by w.created_at, w.id", rs -> new Webhook(
                        WebhookIds.text(rs.getObject(1, UUID.class)), rs.getString(2), texts(rs.getArray(3)), rs.getBoolean(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getLong(7), rs.getLong(8), Optional.ofNullable(rs.getString(9))),
                id.orElse(null), id.orElse(null));
    }

    /** The URL and stored secret of a webhook. */
    static Optional<Delivery> target(Tx tx, UUID id) {
        return tx.queryOne("select url, secret, secret_sealed from webhooks where id = ?", rs -> new Delivery(0, WebhookIds.text(id),
                rs.getString(1), 0, "", "", "", 0, new WebhookSecrets.Stored(rs.getBytes(2), rs.getBoolean(3))), id);
    }

    /** Sets what is given (enabled, event types); returns whether the webhook exists. */
    static boolean update(Tx tx, UUID id, Optional<Boolean> enabled, Optional<List<String>> eventTypes) {
        return tx.update("update webhooks set enabled = coalesce(?::boolean, enabled), event_types = coalesce(?::text[], event_types) "
                + "where id = ?", enabled.orElse(null), eventTypes.map(tx::textArray).orElse(null), id) > 0;
    }

    static boolean delete(Tx tx, UUID id) {
        return tx.update("delete from webhooks where id = ?", id) > 0;
    }

    static boolean anyEnabled(Tx tx) {
        return tx.exists("select 1 from webhooks where enabled limit 1");
    }

    /** Writes one delivery per event and enabled webhook whose filter takes it (none twice); returns how many. */
    static int fanOut(Tx tx, List<OutboxMessage> messages, Instant at) {
        if (messages.isEmpty()) {
            return 0;
        }
        Object[] ids = messages.stream().map(OutboxMessage::id).toArray();
        Object[] types = messages.stream().map(OutboxMessage::eventType).toArray();
        Object[] keys = messages.stream().map(OutboxMessage::orderingKey).toArray();
        Object[] bodies = messages.stream().map(OutboxMessage::brokerBody).toArray();
        return tx.update("insert into webhook_deliveries (webhook_id, message_id, event_type, ordering_key, body, next_attempt_at, created_at) "
                        + "select w.id, m.id, m.event_type, m.ordering_key, m.body, ?, ? "
                        + "from unnest(?::bigint[], ?::text[], ?::text[], ?::text[]) with ordinality as m(id, event_type, ordering_key, body, ord) "
                        + "join webhooks w on w.enabled and (cardinality(w.event_types) = 0 or m.event_type = any(w.event_types)) "
                        + "order by m.ord, w.id on conflict (webhook_id, message_id) do nothing",
                at, at, tx.array("bigint", ids), tx.array("text", types), tx.array("text", keys), tx.array("text", bodies));
    }

    /**
     * The deliveries of a slice that may go now, oldest event first: due, of an enabled webhook, and
     * with no earlier delivery of the same webhook and ordering key still waiting for its retry.
     */
    static List<Delivery> due(Tx tx, WorkSlice slice, Instant now, int limit) {
        return tx.query("select d.id, d.webhook_id, w.url, d.message_id, d.event_type, d.ordering_key, d.body, d.attempts, w.secret, "
                + "w.secret_sealed from webhook_deliveries d join webhooks w on w.id = d.webhook_id and w.enabled "
                + "where d.state = 'PENDING' and d.next_attempt_at <= ? and " + slice.sql("d.ordering_key") + " "
                + "and not exists (select 1 from webhook_deliveries e where e.webhook_id = d.webhook_id and e.ordering_key = d.ordering_key "
                + "and e.state = 'PENDING' and e.message_id < d.message_id and e.next_attempt_at > ?) "
                + "order by d.message_id limit ?", rs -> new Delivery(rs.getLong(1), WebhookIds.text(rs.getObject(2, UUID.class)),
                        rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8),
                        new WebhookSecrets.Stored(rs.getBytes(9), rs.getBoolean(10))), now, now, limit);
    }

    static void delivered(Tx tx, List<Long> ids) {
        if (!ids.isEmpty()) {
            tx.update("delete from webhook_deliveries where id = any(?)", tx.array("bigint", ids.toArray()));
        }
    }

    /** A failed attempt: the delivery waits {@code retryIn}, or is dead when {@code dead}. */
    record Failure(long id, int attempts, int status, String error, boolean dead, Duration retryIn) {
    }

    static void failed(Tx tx, List<Failure> failures, Instant now) {
        List<Object[]> rows = new ArrayList<>();
        for (Failure f : failures) {
            String error = f.error().length() > ERROR_CHARS ? f.error().substring(0, ERROR_CHARS) : f.error();
            rows.add(new Object[] {f.attempts(), f.status() == 0 ? null : f.status(), error, now, now.plus(f.retryIn()),
                    f.dead() ? DEAD : PENDING, f.id()});
        }
        tx.batch("update webhook_deliveries set attempts = ?, last_status = ?::integer, last_error = ?, failed_at = ?, next_attempt_at = ?, "
                + "state = ? where id = ?", rows);
    }

    static List<DeadLetter> deadLetters(Tx tx, UUID webhookId, Optional<Long> beforeId, int limit) {
        return tx.query("select id, webhook_id, message_id, event_type, ordering_key, body, attempts, last_status, last_error, created_at, "
                + "failed_at from webhook_deliveries where webhook_id = ? and state = 'DEAD' and (?::bigint is null or id < ?::bigint) "
                + "order by id desc limit ?", WebhookStore::deadLetter, webhookId, beforeId.orElse(null), beforeId.orElse(null), limit);
    }

    /** Puts dead letters of a webhook (all, or those listed) back in its queue, due now; returns how many. */
    static int redeliver(Tx tx, UUID webhookId, Optional<List<Long>> ids, Instant now) {
        if (ids.isPresent()) {
            return tx.update("update webhook_deliveries set state = 'PENDING', attempts = 0, next_attempt_at = ? "
                    + "where webhook_id = ? and state = 'DEAD' and id = any(?)", now, webhookId, tx.array("bigint", ids.get().toArray()));
        }
        return tx.update("update webhook_deliveries set state = 'PENDING', attempts = 0, next_attempt_at = ? "
                + "where webhook_id = ? and state = 'DEAD'", now, webhookId);
    }

    private static DeadLetter deadLetter(ResultSet rs) throws SQLException {
        int status = rs.getInt(8);
        Optional<Integer> lastStatus = rs.wasNull() ? Optional.empty() : Optional.of(status);
        return new DeadLetter(rs.getLong(1), WebhookIds.text(rs.getObject(2, UUID.class)), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), lastStatus, Optional.ofNullable(rs.getString(9)).orElse(""),
                rs.getTimestamp(10).toInstant(), rs.getTimestamp(11).toInstant());
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }
}
