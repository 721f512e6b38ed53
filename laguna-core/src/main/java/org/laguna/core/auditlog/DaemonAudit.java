package org.laguna.core.auditlog;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.laguna.core.db.Tx;

/**
 * The audit log rows of the changes daemons make: the daemon is the account and the identity,
 * {@code daemon} the authentication method, and the row is written by the statement that makes the
 * change (as a common table expression over the rows it returns) or, where that cannot be, by one
 * statement per batch in the same transaction. Never one statement per row.
 */
public final class DaemonAudit {
    /** The authentication method of a daemon's rows. */
    public static final String METHOD = "daemon";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    private DaemonAudit() {
    }

    /**
     * An {@code insert into audit_log ... select} that records, for each row of {@code from}, that
     * the daemon did the action: {@code target} and {@code detail} are SQL expressions over the
     * columns of {@code from} ({@code "null"} for no detail). It takes one parameter, the time, and
     * fits in a {@code with} clause: {@code "audited as (" + insertSelect(...) + ")"}.
     */
    public static String insertSelect(String daemon, String action, String target, String detail, String from) {
        String actor = name(daemon);
        return "insert into audit_log (created_at, account, identity, auth_method, action, target, outcome, detail) select ?, '"
                + actor + "', '" + actor + "', '" + METHOD + "', '" + name(action) + "', " + target + ", 'SUCCESS', " + detail
                + " from " + from;
    }

    /**
     * A replica as the audit log names it ({@code name=...,rse=...,scope=...}), over the columns
     * {@code scope, name, rse_id} of the rows named {@code alias}.
     */
    public static String replicaTarget(String alias) {
        return "'name=' || " + alias + ".name || ',rse=' || (select x.rse from rses x where x.id = " + alias + ".rse_id) || ',scope=' || "
                + alias + ".scope";
    }

    /** Records, in one statement, that the daemon did the action on each target (with no detail). */
    public static void record(Tx tx, Instant at, String daemon, String action, List<String> targets) {
        if (targets.isEmpty()) {
            return;
        }
        tx.update(insertSelect(daemon, action, "left(t, " + AuditLog.TEXT_LIMIT + ")", "null", "unnest(?::text[]) t"), at,
                tx.textArray(targets));
    }

    private static String name(String word) {
        if (!NAME.matcher(word).matches()) {
            throw new IllegalArgumentException("A daemon or action name is lower-case words, got '" + word + "'");
        }
        return word;
    }
}
