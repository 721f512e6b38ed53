package org.laguna.core.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** The outbox for administrators: pending events and the history of what was sent, and the backlog per destination. */
public final class MessageService {
    /** The most events one listing returns. */
    public static final int MAX_LIMIT = 10_000;

    private final Database database;
    private final Permissions permissions;

    public MessageService(Database database, Permissions permissions) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
    }

    /**
     * Events newest first: the pending ones ({@code sent} false) or those delivered ({@code sent}
     * true), optionally of one type and below an id (to page); AccessDenied unless the caller is an
     * administrator.
     */
    public List<OutboxMessage> list(Caller caller, boolean sent, Optional<String> eventType, Optional<Long> beforeId, int limit) {
        eventType.ifPresent(EventTypes::require);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "limit must be 1.." + MAX_LIMIT + ", got " + limit);
        }
        return database.readOnly(tx -> {
            if (!permissions.isAdmin(tx, caller)) {
                throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not list messages");
            }
            return OutboxStore.list(tx, sent, eventType, beforeId, limit);
        });
    }

    /** The events that tell of rules: turned OK or STUCK, a dataset lock OK, an approval asked. */
    public static final List<String> RULE_EVENTS = List.of(EventTypes.RULE_OK, EventTypes.RULE_STUCK, EventTypes.DATASETLOCK_OK,
            EventTypes.RULE_APPROVAL_REQUESTED);

    /**
     * The events of the caller's own rules since a time, pending or delivered, newest first: what the
     * caller's rules did lately. Any account may see those of its own rules.
     */
    public List<OutboxMessage> ofMyRules(Caller caller, Instant since, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "limit must be 1.." + MAX_LIMIT + ", got " + limit);
        }
        return database.readOnly(tx -> OutboxStore.ofRulesOf(tx, caller.vo(), caller.account(), since, RULE_EVENTS, limit));
    }

    /** Pending events per destination, and in all under the key {@code ""} (for the metrics). */
    public Map<String, Long> backlog(List<String> destinations) {
        return database.readOnly(tx -> OutboxStore.backlog(tx, destinations));
    }
}
