package org.laguna.core.subscription;

import java.time.Instant;
import java.util.UUID;
import org.laguna.core.db.RowMapper;
import org.laguna.core.db.Tx;

/** A subscription as stored: its filter and rules are the JSON text they were written with. */
public record Subscription(
        UUID id,
        String vo,
        String account,
        String name,
        String filter,
        String replicationRules,
        int policyId,
        SubscriptionState state,
        boolean retroactive,
        String comments,
        Instant expiredAt,
        Instant lastProcessed,
        Instant createdAt,
        Instant updatedAt) {

    static final String COLUMNS = "id, vo, account, name, filter, replication_rules, policyid, state, retroactive, comments, "
            + "expired_at, last_processed, created_at, updated_at";

    static final RowMapper<Subscription> MAPPER = rs -> new Subscription(
            rs.getObject("id", UUID.class), rs.getString("vo"), rs.getString("account"), rs.getString("name"),
            rs.getString("filter"), rs.getString("replication_rules"), rs.getInt("policyid"),
            SubscriptionState.valueOf(rs.getString("state")), rs.getBoolean("retroactive"), rs.getString("comments"),
            Tx.instant(rs, "expired_at"), Tx.instant(rs, "last_processed"), Tx.instant(rs, "created_at"),
            Tx.instant(rs, "updated_at"));
}
