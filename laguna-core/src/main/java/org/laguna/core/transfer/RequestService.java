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
    public RequestView get(Caller caller, String scope, String name, String rse, boolean history) {
        return database.readOnly(tx -> {
            UUID dest = rses.require(tx, caller.vo(), rse).id();
            String sql = (history ? HISTORY : LIVE) + "where q.scope = ? and q.name = ? and q.dest_rse_id = ? order by q.updated_at desc limit 1";
            return tx.queryOne(sql, RequestService::row, scope, name, dest).orElseThrow(() -> new LagunaException(ErrorCode.NOT_FOUND,
                    "No request found for DID " + scope + ":" + name + " at RSE " + rse));
        });
    }

    /** Requests between two RSEs in the given states (Rucio's names or one-letter codes); for administrators. */
    public void list(Caller caller, String sourceRse, String destRse, String states, boolean history, Consumer<RequestView> sink) {
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

    private static RequestView row(ResultSet rs) throws SQLException {
        return new RequestView(rs.getObject("id", UUID.class), rs.getString("request_type"), rs.getString("scope"), rs.getString("name"),
                rs.getObject("dest_rse_id", UUID.class), rs.getString("dest_rse"), rs.getObject("source_rse_id", UUID.class),
                rs.getString("source_rse"), rs.getObject("rule_id", UUID.class), rs.getString("account"), rs.getString("state"),
                rs.getString("activity"), (Integer) rs.getObject("priority"), (Long) rs.getObject("bytes"),
                (Integer) rs.getObject("retry_count"), rs.getString("err_msg"), rs.getString("external_id"), rs.getString("transfertool"),
                Tx.instant(rs, "created_at"), Tx.instant(rs, "updated_at"), Tx.instant(rs, "submitted_at"));
    }
}
