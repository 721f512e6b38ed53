package org.laguna.core.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.laguna.core.db.Database;
import org.laguna.core.db.JsonValues;

/** The last check of each RSE ({@code rse_checks}): when it ran and its report, or why it was skipped. */
final class RseChecks {
    private RseChecks() {
    }

    /** Records a check of the RSE at that time, replacing the one recorded before. */
    static void record(Database database, UUID rseId, Instant checkedAt, Map<String, ?> report) {
        database.inTransactionVoid(tx -> tx.update("insert into rse_checks (rse_id, checked_at, report) values (?, ?, ?::jsonb) "
                        + "on conflict (rse_id) do update set checked_at = excluded.checked_at, report = excluded.report",
                rseId, Timestamp.from(checkedAt), JsonValues.write(report)));
    }
}
