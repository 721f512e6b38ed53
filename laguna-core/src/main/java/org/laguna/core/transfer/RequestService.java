package org.laguna.core.transfer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.RseRepository;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/** Reading transfer requests: by DID and destination RSE, and listed by RSE pair and state, live or from the history. */
public final class RequestService {
    /** Rucio's request states with their one-letter codes. */
    private static final Map<String, String> STATES = Map.ofEntries(Map.entry("Q", "QUEUED"), Map.entry("G", "PREPARING"),
            Map.entry("S", "SUBMITTED"), Map.entry("F", "FAILED"), Map.entry("D", "DONE"), Map.entry("L", "LOST"),
            Map.entry("O", "NO_SOURCES"), Map.entry("A", "ONLY_TAPE_SOURCES"), Map.entry("U", "SUBMISSION_FAILED"),
            Map.entry("W", "WAITING"), Map.entry("M", "MISMATCH_SCHEME"), Map.entry("P", "SUSPEND"), Map.entry("C", "CANCELLED"));

    private final Database database;
    private final Permissions permissions;
    private final RseRepository rses = new RseRepository();

    public RequestService(Database database, Permissions permissions) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
    }

    private static final String LIVE = "select q.id, q.request_type, q.scope, q.name, q.dest_rse_id, q.source_rse_id, d.rse as dest_rse, "
            + "s.rse as source_rse, q.rule_id, q.account, q.state, q.activity, q.priority, q.bytes, q.retry_count, q.err_msg, "
            + "q.external_id, q.transfertool, q.created_at, q.updated_at, q.submitted_at from requests q "
            + "left join rses d on d.id = q.dest_rse_id left join rses s on s.id = q.source_rse_id ";

    private static final String HISTORY = "select q.id, q.request_type, q.scope, q.name, q.dest_rse_id, q.source_rse_id, d.rse as dest_rse, "
            + "s.rse as source_rse, q.rule_id, q.account, q.state, q.activity, null::integer as priority, q.bytes, null::integer as retry_count, "
            + "q.err_msg, null::text as external_id, null::text as transfertool, q.created_at, q.updated_at, null::timestamptz as submitted_at "
            + "from requests_history q left join rses d on d.id = q.dest_rse_id left join rses s on s.id = q.source_rse_id ";

    /** The transfer request of a file to an RSE (live, else the latest in the history). */
    public Map<String, Object> get(Caller caller, String scope, String name, String rse, boolean history) {
        return database.readOnly(tx -> {
            UUID dest = rses.require(tx, caller.vo(), rse).id();
            String sql = (history ? HISTORY : LIVE) + "where q.scope = ? and q.name = ? and q.dest_rse_id = ? order by q.updated_at desc limit 1";
            return tx.queryOne(sql, RequestService::row, scope, name, dest).orElseThrow(() -> new LagunaException(ErrorCode.NOT_FOUND,
                    "No request found for DID " + scope + ":" + name + " at RSE " + rse));
        });
    }

    /** Requests between two RSEs in the given states (Rucio's names or one-letter codes); for administrators. */
    public void list(Caller caller, String sourceRse, String destRse, String states, boolean history, Consumer<Map<String, Object>> sink) {
        if (states == null || states.isBlank()) {
            throw new LagunaException(ErrorCode.MISSING_PARAMETER, "Request state is missing");
        }
        List<String> names = new ArrayList<>();
        for (String state : states.split(",")) {
            String trimmed = state.trim();
            String resolved = STATES.containsKey(trimmed) ? STATES.get(trimmed)
                    : STATES.containsValue(trimmed.toUpperCase(Locale.ROOT)) ? trimmed.toUpperCase(Locale.ROOT) : null;
            if (resolved == null) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "Request state value is invalid: " + trimmed);
            }
            names.add(resolved);
        }
        database.readOnly(tx -> {
            permissions.check(tx, caller, history ? Actions.LIST_REQUESTS_HISTORY : Actions.LIST_REQUESTS);
            UUID src = sourceRse == null ? null : rses.require(tx, caller.vo(), sourceRse).id();
            UUID dest = destRse == null ? null : rses.require(tx, caller.vo(), destRse).id();
            tx.stream((history ? HISTORY : LIVE) + "where q.state = any(?) and (?::uuid is null or q.source_rse_id = ?::uuid) "
                            + "and (?::uuid is null or q.dest_rse_id = ?::uuid) order by q.created_at limit 100000",
                    RequestService::row, sink, tx.array("text", names.toArray()), src, src, dest, dest);
            return null;
        });
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", hex(rs.getObject("id", UUID.class)));
        out.put("request_type", rs.getString("request_type"));
        out.put("scope", rs.getString("scope"));
        out.put("name", rs.getString("name"));
        out.put("dest_rse_id", hex(rs.getObject("dest_rse_id", UUID.class)));
        out.put("dest_rse", rs.getString("dest_rse"));
        out.put("source_rse_id", hex(rs.getObject("source_rse_id", UUID.class)));
        out.put("source_rse", rs.getString("source_rse"));
        out.put("rule_id", hex(rs.getObject("rule_id", UUID.class)));
        out.put("account", rs.getString("account"));
        out.put("state", rs.getString("state"));
        out.put("activity", rs.getString("activity"));
        out.put("priority", rs.getObject("priority"));
        out.put("bytes", rs.getObject("bytes"));
        out.put("retry_count", rs.getObject("retry_count"));
        out.put("err_msg", rs.getString("err_msg"));
        out.put("external_id", rs.getString("external_id"));
        out.put("transfertool", rs.getString("transfertool"));
        out.put("created_at", Tx.instant(rs, "created_at"));
        out.put("updated_at", Tx.instant(rs, "updated_at"));
        out.put("submitted_at", Tx.instant(rs, "submitted_at"));
        return out;
    }

    private static String hex(UUID id) {
        return org.laguna.core.common.Ids.hex(id);
    }
}
