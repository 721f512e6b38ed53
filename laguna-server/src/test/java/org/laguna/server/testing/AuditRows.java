package org.laguna.server.testing;

import java.util.List;
import org.laguna.core.db.Database;

/** The audit log as tests read it: the rows one actor wrote for one action, oldest first. */
public final class AuditRows {
    private AuditRows() {
    }

    /** One row of the audit log, the columns tests check. */
    public record Row(String account, String identity, String authMethod, String action, String target, String outcome, String detail,
            String clientAddress, String requestId) {
    }

    /** The rows {@code actor} wrote for {@code action} whose target contains {@code targetPart}. */
    public static List<Row> of(Database database, String actor, String action, String targetPart) {
        return database.readOnly(tx -> tx.query("select account, identity, auth_method, action, target, outcome, detail, client_address, "
                        + "request_id from audit_log where account = ? and action = ? and strpos(target, ?) > 0 order by id",
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9)), actor, action, targetPart));
    }
}
