package org.laguna.core.rule;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.auditlog.DaemonAudit;
import org.laguna.core.common.DidType;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.event.EventTypes;
import org.laguna.core.event.Outbox;
import org.laguna.core.lifetime.LifetimeExceptionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * undertaker: removes DIDs whose {@code expired_at} has passed, as Rucio's undertaker does, one
 * DID per transaction and a batch per cycle:
 *
 * <ol>
 *   <li>the rules on the DID are removed the way the judge-cleaner removes them: locks released
 *       in batches, replicas left without locks get a tombstone (the epoch for rules with
 *       purge_replicas), so the reaper deletes them; a DID with more locks than one batch is
 *       finished over several cycles;</li>
 *   <li>the DID is detached from every parent (recorded in contents_history; the parents' rules
 *       are re-evaluated by the judge-evaluator);</li>
 *   <li>a dataset or container loses its content and is deleted; the files and collections it
 *       held stay (they may be in other collections, their replicas lose the locks of the removed
 *       rules only);</li>
 *   <li>a file DID stays in the catalogue with its expiry cleared, and its replicas that no rule
 *       locks get a tombstone if they had none, so the reaper removes them.</li>
 * </ol>
 *
 * Each rule it removes ({@code del_rule}) and each DID it erases ({@code erase_did}) is recorded in
 * the audit log, with the undertaker as actor, by the statement that removes it.
 *
 * <p>DIDs with a locked rule are left alone (Rucio refuses to delete them too), and so are DIDs named by
 * an approved lifetime exception that has not expired.
 */
public final class Undertaker implements Daemon {
    public static final String NAME = "undertaker";
    private static final Logger LOG = LoggerFactory.getLogger(Undertaker.class);
    private static final int DIDS_PER_CYCLE = 100;
    /** The account of the {@code ERASE} events, as Rucio's undertaker writes them. */
    private static final String ERASED_BY = "root";

    private final Database database;
    private final RuleEngine engine;
    private final int lockBatch;

    public Undertaker(Database database, RuleEngine engine, int lockBatch) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.engine = Objects.requireNonNull(engine, "engine is null");
        if (lockBatch < 1) {
            throw new IllegalArgumentException("lockBatch must be positive, got " + lockBatch);
        }
        this.lockBatch = lockBatch;
    }

    public Undertaker(RuleService rules) {
        this(rules.database(), rules.engine(), LockWriter.BATCH);
    }

    @Override
    public String name() {
        return NAME;
    }

    private record Expired(String scope, String name) {
    }

    @Override
    public int runOnce(WorkSlice slice) {
        Timestamp now = Timestamp.from(engine.clock().instant());
        List<Expired> expired = database.readOnly(tx -> tx.query("select d.scope, d.name from dids d where d.expired_at < ? and "
                        + LifetimeExceptionService.PROTECTED_SQL + " and " + slice.sql("d.scope || ':' || d.name") + " and not exists (select 1 from rules r where r.scope = d.scope "
                        + "and r.name = d.name and r.locked) order by d.expired_at limit ?",
                rs -> new Expired(rs.getString(1), rs.getString(2)), now, now, DIDS_PER_CYCLE));
        int handled = 0;
        for (Expired did : expired) {
            handled += database.inTransaction(tx -> bury(tx, did, now));
        }
        return handled;
    }

    /** Removes one expired DID, or takes one step towards it; returns 1 if anything was done. */
    private int bury(Tx tx, Expired did, Timestamp now) {
        DidType type = tx.queryOne("select did_type from dids d where scope = ? and name = ? and expired_at < ? and "
                + LifetimeExceptionService.PROTECTED_SQL + " for update",
                rs -> DidType.valueOf(rs.getString(1)), did.scope(), did.name(), now, now).orElse(null);
        if (type == null) {
            return 0;
        }
        List<UUID> ruleIds = tx.query("select id from rules where scope = ? and name = ? order by id", rs -> rs.getObject(1, UUID.class),
                did.scope(), did.name());
        for (UUID id : ruleIds) {
            Rule rule = engine.find(tx, id, true).orElse(null);
            if (rule == null) {
                continue;
            }
            if (rule.locked()) {
                LOG.info("undertaker: " + did.scope() + ":" + did.name() + " has the locked rule " + id + "; left in place");
                return 0;
            }
            if (!engine.removeStep(tx, rule, lockBatch, NAME, "its DID expired")) {
                return 1; // more locks to release: the next cycle goes on
            }
        }
        detachFromParents(tx, did, now);
        Outbox.emit(tx, EventTypes.ERASE, Outbox.didKey(did.scope(), did.name()),
                Map.of("account", ERASED_BY, "scope", did.scope(), "name", did.name()), now.toInstant());
        if (type == DidType.FILE) {
            tx.update("update replicas set tombstone = ? where scope = ? and name = ? and lock_cnt = 0 and tombstone is null",
                    now, did.scope(), did.name());
            tx.update("with erased as (update dids set expired_at = null, updated_at = ? where scope = ? and name = ? "
                    + "returning scope, name, did_type) " + erasedAudit("'expired: its replicas without a rule go with the reaper'"),
                    now, did.scope(), did.name(), now);
        } else {
            tx.update("delete from contents where scope = ? and name = ?", did.scope(), did.name());
            tx.update("with erased as (delete from dids where scope = ? and name = ? returning scope, name, did_type) "
                    + erasedAudit("'expired'"), did.scope(), did.name(), now);
        }
        return 1;
    }

    /** The audit log row of an erased DID, over the rows of {@code erased}; one parameter, the time. */
    private static String erasedAudit(String detail) {
        return DaemonAudit.insertSelect(NAME, "erase_did", "'did=' || scope || ':' || name || ',type=' || did_type", detail, "erased");
    }

    private static void detachFromParents(Tx tx, Expired did, Timestamp now) {
        tx.update("with del as (delete from contents c where c.child_scope = ? and c.child_name = ? returning c.*), "
                        + "hist as (insert into contents_history (scope, name, child_scope, child_name, did_type, child_type, bytes, adler32, md5, "
                        + "guid, events, rule_evaluation, did_created_at, created_at, updated_at, deleted_at) "
                        + "select del.scope, del.name, child_scope, child_name, del.did_type, child_type, del.bytes, del.adler32, del.md5, del.guid, "
                        + "del.events, rule_evaluation, p.created_at, del.created_at, del.updated_at, ? from del join dids p on p.scope = del.scope "
                        + "and p.name = del.name), "
                        + "parents as (update dids d set length = greatest(coalesce(d.length, 0) - 1, 0), "
                        + "bytes = case when d.did_type = 'DATASET' then greatest(coalesce(d.bytes, 0) - coalesce(del.bytes, 0), 0) else d.bytes end, "
                        + "events = case when d.did_type = 'DATASET' and d.events is not null then greatest(d.events - coalesce(del.events, 0), 0) "
                        + "else d.events end, updated_at = ? from del where d.scope = del.scope and d.name = del.name returning d.scope, d.name) "
                        + "insert into updated_dids (scope, name, action, created_at) select scope, name, 'D', ? from parents",
                did.scope(), did.name(), now, now, now);
    }
}
