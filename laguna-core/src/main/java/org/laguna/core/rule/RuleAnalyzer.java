package org.laguna.core.rule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;

/** Explains rules that are not OK: per lock, its transfer and what it waits for. */
final class RuleAnalyzer {
    private static final String TRANSFERS = "select l.scope, l.name, l.rse_id, s.rse, l.state, q.state, q.retry_count, q.err_msg, "
            + "q.updated_at, src.rse, array(select x.rse from replicas r join rses x on x.id = r.rse_id where r.scope = l.scope "
            + "and r.name = l.name and r.state = 'AVAILABLE' order by x.rse), "
            + "q.submitted_at, q.transferred_at, q.transfertool, q.external_id, q.external_host "
            + "from locks l join rses s on s.id = l.rse_id left join requests q on q.scope = l.scope and q.name = l.name "
            + "and q.dest_rse_id = l.rse_id left join rses src on src.id = q.source_rse_id "
            + "where l.rule_id = ? and l.state <> 'OK' order by l.state desc, l.scope, l.name limit 1000";

    private final Database database;
    private final RuleEngine engine;
    private final LockWaits waits;
    private final Clock clock;

    RuleAnalyzer(Database database, RuleEngine engine, LockWaits waits, Clock clock) {
        this.database = database;
        this.engine = engine;
        this.waits = waits;
        this.clock = clock;
    }

    RuleAnalysis analysis(UUID id) {
        return database.readOnly(tx -> {
            Rule rule = engine.require(tx, id, false);
            Map<String, LockWaits.Engine> engines = waits.engines(tx);
            Instant now = clock.instant();
            Optional<Instant> stuckAt = tx.queryOne("select stuck_at from rules where id = ?",
                    rs -> Optional.ofNullable(Tx.instant(rs, "stuck_at")), id).flatMap(at -> at);
            List<RuleAnalysis.Transfer> transfers = tx.query(TRANSFERS, rs -> transfer(rs, now, engines, stuckAt), id);
            return new RuleAnalysis(rule.id(), rule.state(), rule.error(), transfers);
        });
    }

    private RuleAnalysis.Transfer transfer(ResultSet rs, Instant now, Map<String, LockWaits.Engine> engines,
                                           Optional<Instant> stuckAt) throws SQLException {
        List<String> sources = new ArrayList<>(List.of((String[]) rs.getArray(11).getArray()));
        Instant updatedAt = Tx.instant(rs, "updated_at");
        LockWait waitingFor = waits.describe(new LockWaits.Row(rs.getString(5), rs.getString(6), rs.getInt(7), rs.getString(8),
                updatedAt, Tx.instant(rs, "submitted_at"), Tx.instant(rs, "transferred_at"),
                rs.getString(14), rs.getString(15), rs.getString(16), !sources.isEmpty()), now, engines, stuckAt);
        return new RuleAnalysis.Transfer(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getObject(7) == null ? 0 : rs.getInt(7), rs.getString(8), updatedAt, rs.getString(10), sources,
                waitingFor);
    }
}
