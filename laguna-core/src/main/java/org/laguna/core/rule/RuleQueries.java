package org.laguna.core.rule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.rule.RuleService.DatasetLock;
import org.laguna.core.rule.RuleService.LockView;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** The read side of rules: listings, locks and history. */
final class RuleQueries {
    private final Database database;
    private final RuleEngine engine;

    RuleQueries(Database database, RuleEngine engine) {
        this.database = database;
        this.engine = engine;
    }

    private static final Map<String, String> FILTERS = Map.ofEntries(
            Map.entry("id", "id = ?::uuid"), Map.entry("scope", "scope = ?"), Map.entry("account", "account = ?"),
            Map.entry("rse_expression", "rse_expression = ?"), Map.entry("did_type", "did_type = ?"),
            Map.entry("grouping", "grouping = ?"), Map.entry("activity", "activity = ?"),
            Map.entry("subscription_id", "subscription_id = ?::uuid"), Map.entry("child_rule_id", "child_rule_id = ?::uuid"),
            Map.entry("locked", "locked = ?::boolean"), Map.entry("created_before", "created_at <= ?::timestamptz"),
            Map.entry("created_after", "created_at >= ?::timestamptz"), Map.entry("updated_before", "updated_at <= ?::timestamptz"),
            Map.entry("updated_after", "updated_at >= ?::timestamptz"));

    /** Rules matching Rucio's list filters (column = value; name may use * wildcards; state by name or code). */
    public void list(Map<String, String> filters, Consumer<Rule> sink) {
        StringBuilder where = new StringBuilder("true");
        List<Object> params = new ArrayList<>();
        for (Map.Entry<String, String> filter : filters.entrySet()) {
            String key = filter.getKey();
            String value = filter.getValue();
            switch (key) {
                case "name" -> {
                    if (value.contains("*")) {
                        where.append(" and name like ?");
                        params.add(value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%'));
                    } else {
                        where.append(" and name = ?");
                        params.add(value);
                    }
                }
                case "state" -> {
                    where.append(" and state = ?");
                    params.add(RuleState.parse(value).name());
                }
                default -> {
                    String condition = FILTERS.get(key);
                    if (condition == null) {
                        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "Rules cannot be filtered by '" + key + "'");
                    }
                    where.append(" and ").append(condition);
                    params.add(key.equals("did_type") || key.equals("grouping") ? value.toUpperCase(Locale.ROOT) : value);
                }
            }
        }
        database.readOnly(tx -> {
            tx.stream("select " + Rule.COLUMNS + " from rules r where " + where + " order by created_at, id", Rule::from, sink, params.toArray());
            return null;
        });
    }

    /** Rules on exactly this DID. */
    public void listForDid(DidKey did, Consumer<Rule> sink) {
        database.readOnly(tx -> {
            requireDid(tx, did);
            tx.stream("select " + Rule.COLUMNS + " from rules r where r.scope = ? and r.name = ? order by r.created_at, r.id", Rule::from, sink,
                    did.scope(), did.name());
            return null;
        });
    }

    /** Rules on the DID and on every collection above it. */
    public void listAssociated(DidKey did, Consumer<Rule> sink) {
        database.readOnly(tx -> {
            requireDid(tx, did);
            tx.stream("with recursive up(s, n) as (select ?::text, ?::text union select c.scope::text, c.name::text from contents c "
                    + "join up on c.child_scope = up.s and c.child_name = up.n) select " + Rule.COLUMNS
                    + " from rules r join up on r.scope = up.s and r.name = up.n order by r.created_at, r.id", Rule::from, sink,
                    did.scope(), did.name());
            return null;
        });
    }

    private static void requireDid(Tx tx, DidKey did) {
        if (!tx.exists("select 1 from dids where scope = ? and name = ?", did.scope(), did.name())) {
            throw new LagunaException(ErrorCode.DATA_IDENTIFIER_NOT_FOUND, "Data identifier '" + did + "' not found");
        }
    }

    private static final String LOCK_SELECT = "select l.scope, l.name, l.rse_id, s.rse, l.rule_id, l.account, l.state, l.bytes, "
            + "l.created_at, l.updated_at from locks l join rses s on s.id = l.rse_id ";

    private static LockView lock(ResultSet rs) throws SQLException {
        return new LockView(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4), rs.getObject(5, UUID.class),
                rs.getString(6), rs.getString(7), rs.getLong(8), Tx.instant(rs, "created_at"), Tx.instant(rs, "updated_at"));
    }

    public void locks(UUID ruleId, Consumer<LockView> sink) {
        database.readOnly(tx -> {
            engine.require(tx, ruleId, false);
            tx.stream(LOCK_SELECT + "where l.rule_id = ? order by l.scope, l.name, s.rse", RuleQueries::lock, sink, ruleId);
            return null;
        });
    }

    /** The file locks of a file DID. */
    public void locksOfFile(DidKey file, Consumer<LockView> sink) {
        database.readOnly(tx -> {
            requireDid(tx, file);
            tx.stream(LOCK_SELECT + "where l.scope = ? and l.name = ? order by s.rse, l.rule_id", RuleQueries::lock, sink,
                    file.scope(), file.name());
            return null;
        });
    }


    private static final String DATASET_LOCKS = "select c.scope, c.name, l.rse_id, s.rse, l.rule_id, min(l.account), "
            + "case when bool_or(l.state = 'STUCK') then 'STUCK' when bool_and(l.state = 'OK') then 'OK' else 'REPLICATING' end, "
            + "count(*), coalesce(sum(l.bytes), 0), max(l.updated_at) "
            + "from contents c join locks l on l.scope = c.child_scope and l.name = c.child_name join rses s on s.id = l.rse_id ";

    private static DatasetLock datasetLock(ResultSet rs) throws SQLException {
        return new DatasetLock(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
                rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7), rs.getLong(8), rs.getLong(9), Tx.instant(rs, "max"));
    }

    public void datasetLocks(DidKey dataset, Consumer<DatasetLock> sink) {
        database.readOnly(tx -> {
            requireDid(tx, dataset);
            tx.stream(DATASET_LOCKS + "where c.scope = ? and c.name = ? group by c.scope, c.name, l.rse_id, s.rse, l.rule_id "
                    + "order by s.rse, l.rule_id", RuleQueries::datasetLock, sink, dataset.scope(), dataset.name());
            return null;
        });
    }

    public void datasetLocksOnRse(String vo, String rse, Consumer<DatasetLock> sink) {
        database.readOnly(tx -> {
            UUID rseId = new RseRepository().require(tx, vo, rse).id();
            tx.stream(DATASET_LOCKS + "where l.rse_id = ? and c.did_type = 'DATASET' group by c.scope, c.name, l.rse_id, s.rse, l.rule_id "
                    + "order by c.scope, c.name", RuleQueries::datasetLock, sink, rseId);
            return null;
        });
    }

    /** A rule's history, oldest first. */
    public void history(UUID ruleId, Consumer<RuleHistoryEntry> sink) {
        database.readOnly(tx -> {
            if (!tx.exists("select 1 from rules_history where id = ?", ruleId) && engine.find(tx, ruleId, false).isEmpty()) {
                throw RuleEngine.notFound(ruleId);
            }
            tx.stream("select * from rules_history where id = ? order by updated_at", RuleQueries::historyRow, sink, ruleId);
            return null;
        });
    }

    /** The history of every rule on a DID. */
    public void historyOfDid(DidKey did, Consumer<RuleHistoryEntry> sink) {
        database.readOnly(tx -> {
            tx.stream("select * from rules_history where scope = ? and name = ? order by updated_at", RuleQueries::historyRow, sink,
                    did.scope(), did.name());
            return null;
        });
    }

    private static RuleHistoryEntry historyRow(ResultSet rs) throws SQLException {
        return new RuleHistoryEntry(rs.getObject("id", UUID.class), rs.getString("account"), rs.getString("scope"), rs.getString("name"),
                DidType.valueOf(rs.getString("did_type")), RuleState.valueOf(rs.getString("state")), rs.getString("error"),
                rs.getString("rse_expression"), rs.getInt("copies"), Tx.instant(rs, "expires_at"), rs.getBoolean("locked"),
                rs.getLong("locks_ok_cnt"), rs.getLong("locks_replicating_cnt"), rs.getLong("locks_stuck_cnt"), rs.getString("activity"),
                Grouping.valueOf(rs.getString("grouping")), Tx.instant(rs, "created_at"), Tx.instant(rs, "updated_at"));
    }
}
