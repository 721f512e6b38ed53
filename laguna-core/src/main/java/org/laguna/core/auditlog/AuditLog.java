package org.laguna.core.auditlog;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.laguna.core.auth.Caller;
import org.laguna.core.auth.LoginAudit;
import org.laguna.core.auth.RequestOrigin;
import org.laguna.core.db.Database;
import org.laguna.core.db.SqlErrors;
import org.laguna.core.db.Tx;

/**
 * Writes and reads the audit log ({@code audit_log}). A change is recorded in the transaction that
 * makes it ({@link #recordSuccess}); a denial, whose transaction rolls back, after it in one of its
 * own ({@link #recordDenied}, {@link #flushDenials}); daemons record their changes in bulk
 * ({@link DaemonAudit}); logins and self-registrations in the transaction that issues the token or
 * makes the account ({@link #recordLogin}). Values of keys that look secret are never written.
 */
public final class AuditLog {
    static final int TEXT_LIMIT = 1_024;
    private static final Pattern SECRET_KEY = Pattern.compile(".*(password|passwd|secret|token|credential|private).*");
    private static final String INSERT = """
            insert into audit_log (created_at, account, identity, auth_method, vo, client_address, action, target, outcome,
                                   request_id, request, detail)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final Database database;
    private final Clock clock;

    public AuditLog(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** The target of an action as {@code key=value} pairs in key order, secrets left out. */
    public static String target(Map<String, String> arguments) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(arguments).forEach((key, value) -> {
            if (!SECRET_KEY.matcher(key.toLowerCase(Locale.ROOT)).matches()) {
                out.append(out.isEmpty() ? "" : ",").append(key).append('=').append(value);
            }
        });
        return clip(out.toString());
    }

    /** Records, in the transaction of the change, that the caller did the action (once per request and target). */
    public void recordSuccess(Tx tx, Caller caller, String action, String target) {
        if (!caller.origin().markRecorded(action, target)) {
            return;
        }
        if (readOnly(tx)) {
            // an allowed action that changes no row (signing a URL) is asked in a read-only transaction
            database.inTransaction(own -> own.update(INSERT, row(caller, action, target, AuditOutcome.SUCCESS, null)));
        } else {
            tx.update(INSERT, row(caller, action, target, AuditOutcome.SUCCESS, null));
        }
    }

    private static boolean readOnly(Tx tx) {
        try {
            return tx.connection().isReadOnly();
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    /**
     * Records a login or a self-registration in the transaction that issues its token or makes it
     * (once per request); the VO, when not given, is the account's.
     */
    public void recordLogin(Tx tx, LoginAudit.Login login) {
        RequestOrigin origin = login.origin();
        if (!origin.markRecorded(login.action(), login.target())) {
            return;
        }
        tx.update("""
                insert into audit_log (created_at, account, identity, auth_method, vo, client_address, action, target, outcome,
                                       request_id, request)
                values (?, ?, ?, ?, coalesce(?, (select a.vo from accounts a where a.account = ?)), ?, ?, ?, 'SUCCESS', ?, ?)
                """, clock.instant(), login.account(), clip(login.identity()), login.authMethod(), login.vo(), login.account(),
                clip(origin.clientAddress()), login.action(), clip(login.target()), clip(origin.requestId()), clip(origin.request()));
    }

    /**
     * Records a denial. The caller's transaction is about to roll back, so the row is written in a
     * transaction of its own: at the end of a client's request ({@link #flushDenials}), at once otherwise.
     */
    public void recordDenied(Caller caller, String action, String target, String reason) {
        RequestOrigin origin = caller.origin();
        if (origin.isRequest()) {
            origin.addDenial(new RequestOrigin.Denial(action, target, reason));
        } else {
            database.inTransaction(tx -> tx.update(INSERT, row(caller, action, target, AuditOutcome.DENIED, reason)));
        }
    }

    /** Writes the denials a request collected, once its transaction has ended. */
    public void flushDenials(Caller caller) {
        List<RequestOrigin.Denial> denials = caller.origin().takeDenials();
        if (denials.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>();
        for (RequestOrigin.Denial denial : denials) {
            rows.add(row(caller, denial.action(), denial.target(), AuditOutcome.DENIED, denial.reason()));
        }
        database.inTransaction(tx -> tx.batch(INSERT, rows));
    }

    /** Records one entry in a transaction of its own (requests audited at the HTTP layer). */
    public void record(AuditEntry entry) {
        database.inTransaction(tx -> tx.update(INSERT, entry.time(), clip(entry.account()), clip(entry.identity()), clip(entry.authMethod()),
                clip(entry.vo()), clip(entry.clientAddress()), clip(entry.action()), clip(entry.target()), entry.outcome().name(),
                clip(entry.requestId()), clip(entry.request()), clip(entry.detail())));
    }

    /** Streams the entries the filter selects, newest first, in the given (read) transaction. */
    public void stream(Tx tx, AuditFilter filter, Consumer<AuditEntry> sink) {
        StringBuilder sql = new StringBuilder("select * from audit_log where true");
        List<Object> params = new ArrayList<>();
        filter.since().ifPresent(v -> where(sql, params, " and created_at >= ?", v));
        filter.until().ifPresent(v -> where(sql, params, " and created_at < ?", v));
        filter.account().ifPresent(v -> where(sql, params, " and account = ?", v));
        filter.action().ifPresent(v -> where(sql, params, " and action = ?", v));
        filter.target().ifPresent(v -> {
            where(sql, params, " and (strpos(target, ?) > 0", v);
            where(sql, params, " or strpos(request, ?) > 0)", v);
        });
        filter.outcome().ifPresent(v -> where(sql, params, " and outcome = ?", v.name()));
        sql.append(" order by created_at desc, id desc limit ?");
        params.add(filter.limit());
        tx.stream(sql.toString(), rs -> new AuditEntry(rs.getLong("id"), Tx.instant(rs, "created_at"), rs.getString("account"),
                rs.getString("identity"), rs.getString("auth_method"), rs.getString("vo"), rs.getString("client_address"),
                rs.getString("action"), rs.getString("target"), AuditOutcome.valueOf(rs.getString("outcome")),
                rs.getString("request_id"), rs.getString("request"), rs.getString("detail")), sink, params.toArray());
    }

    private static void where(StringBuilder sql, List<Object> params, String condition, Object value) {
        sql.append(condition);
        params.add(value);
    }

    private Object[] row(Caller caller, String action, String target, AuditOutcome outcome, String detail) {
        RequestOrigin origin = caller.origin();
        return new Object[] {clock.instant(), caller.account(), clip(caller.identity()), caller.authMethod(), caller.vo(),
            clip(origin.clientAddress()), action, clip(target), outcome.name(), clip(origin.requestId()), clip(origin.request()), clip(detail)};
    }

    static String clip(String text) {
        return text == null || text.length() <= TEXT_LIMIT ? text : text.substring(0, TEXT_LIMIT);
    }

    /** Now, as the audit log's clock tells it. */
    public Instant now() {
        return clock.instant();
    }
}
