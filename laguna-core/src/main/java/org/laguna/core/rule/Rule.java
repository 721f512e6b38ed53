package org.laguna.core.rule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Tx;

/** A stored replication rule. */
public record Rule(
        UUID id,
        String vo,
        String account,
        String scope,
        String name,
        DidType didType,
        RuleState state,
        String error,
        String rseExpression,
        int copies,
        Instant expiresAt,
        String weight,
        boolean locked,
        long locksOk,
        long locksReplicating,
        long locksStuck,
        String sourceReplicaExpression,
        String activity,
        Grouping grouping,
        Notification notification,
        Instant stuckAt,
        boolean purgeReplicas,
        boolean ignoreAvailability,
        boolean ignoreAccountLimit,
        int priority,
        String comments,
        UUID childRuleId,
        Instant eolAt,
        boolean splitContainer,
        String metaJson,
        UUID subscriptionId,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Long didBytes) {

    /** Columns to select for {@link #from(ResultSet)}, from {@code rules r}; the DID's bytes come along, as in Rucio's listings. */
    public static final String COLUMNS = "id, vo, account, scope, name, did_type, state, error, rse_expression, copies, expires_at, "
            + "weight, locked, locks_ok_cnt, locks_replicating_cnt, locks_stuck_cnt, source_replica_expression, activity, grouping, "
            + "notification, stuck_at, purge_replicas, ignore_availability, ignore_account_limit, priority, comments, child_rule_id, "
            + "eol_at, split_container, meta::text as meta, subscription_id, version, created_at, updated_at, "
            + "(select d.bytes from dids d where d.scope = r.scope and d.name = r.name) as did_bytes";

    public static Rule from(ResultSet rs) throws SQLException {
        return new Rule(
                rs.getObject("id", UUID.class),
                rs.getString("vo"),
                rs.getString("account"),
                rs.getString("scope"),
                rs.getString("name"),
                DidType.valueOf(rs.getString("did_type")),
                RuleState.valueOf(rs.getString("state")),
                rs.getString("error"),
                rs.getString("rse_expression"),
                rs.getInt("copies"),
                Tx.instant(rs, "expires_at"),
                rs.getString("weight"),
                rs.getBoolean("locked"),
                rs.getLong("locks_ok_cnt"),
                rs.getLong("locks_replicating_cnt"),
                rs.getLong("locks_stuck_cnt"),
                rs.getString("source_replica_expression"),
                rs.getString("activity"),
                Grouping.valueOf(rs.getString("grouping")),
                Notification.valueOf(rs.getString("notification")),
                Tx.instant(rs, "stuck_at"),
                rs.getBoolean("purge_replicas"),
                rs.getBoolean("ignore_availability"),
                rs.getBoolean("ignore_account_limit"),
                rs.getInt("priority"),
                rs.getString("comments"),
                rs.getObject("child_rule_id", UUID.class),
                Tx.instant(rs, "eol_at"),
                rs.getBoolean("split_container"),
                rs.getString("meta"),
                rs.getObject("subscription_id", UUID.class),
                rs.getLong("version"),
                Tx.instant(rs, "created_at"),
                Tx.instant(rs, "updated_at"),
                Tx.longOrNull(rs, "did_bytes"));
    }

    public String did() {
        return scope + ":" + name;
    }
}
