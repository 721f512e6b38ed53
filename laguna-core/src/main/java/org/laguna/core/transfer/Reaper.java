package org.laguna.core.transfer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.laguna.core.auditlog.DaemonAudit;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.replica.ArchiveCleanup;
import org.laguna.core.event.DeletionEvents;
import org.laguna.core.liveconfig.RuntimeConfig;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rule.ReplicaArrivals;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.storage.ServerStorage;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageProtocol;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * reaper: deletes replicas whose tombstone has passed and that no rule locks, first from storage
 * through the plugins, then from the catalogue (which lowers the RSE's usage in the same
 * transaction). Each RSE of the instance's slice is handled in one of three ways:
 *
 * <ul>
 *   <li><b>greedy</b> (attribute {@code greedyDeletion=true}): every eligible replica goes;</li>
 *   <li><b>watermark</b> (limit {@code MinFreeSpace}): the oldest tombstones go, just enough of
 *       them that free space (total minus used) is back to {@code MinFreeSpace}; never more;</li>
 *   <li>otherwise only <b>obsolete</b> replicas (tombstone at the epoch, from rules removed with
 *       purge_replicas) go.</li>
 * </ul>
 *
 * <p>Total space is the RSE limit {@code MaxSpaceAvailable}, or else {@code used + free} of the usage
 * source {@code storage} (another source can be named by the attribute
 * {@code source_for_total_space}). Used space is Laguna's own counter (usage source
 * {@code rucio}). The space still needed is computed once per pass under a per-RSE advisory lock,
 * minus the bytes already BEING_DELETED, and only replicas whose running sum of bytes stays
 * below it are claimed (state BEING_DELETED) in the same transaction.
 *
 * <p>Claimed replicas are checked for new locks every {@value #CHECK_EVERY} replicas, just before
 * their bytes go: a replica locked since the claim is given back untouched. One locked in the last
 * instant, while its bytes go, is kept in the catalogue as COPYING and its rule's transfer brings it back. A
 * storage error puts the replica back in its state with its tombstone moved
 * {@link Settings#retryDelay()} later; {@link Settings#excludeAfter()} consecutive errors on an RSE
 * exclude it for {@link Settings#exclusion()} in this process. A replica already gone from storage
 * counts as deleted.
 */
public final class Reaper implements Daemon {
    public static final String NAME = "reaper";
    private static final Logger LOG = LoggerFactory.getLogger(Reaper.class);

    /**
     * @param batch          replicas claimed per RSE and pass
     * @param excludeAfter   consecutive storage errors that exclude an RSE
     * @param exclusion      how long an RSE stays excluded
     * @param retryDelay     how much later a replica whose deletion failed is tried again
     * @param staleClaim     after how long a BEING_DELETED replica (its process died) may be claimed again
     */
    public record Settings(int batch, int excludeAfter, Duration exclusion, Duration retryDelay, Duration staleClaim) {
        public static final Settings DEFAULTS = new Settings(1_000, 100, Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofHours(1));

        public Settings {
            if (batch < 1 || excludeAfter < 1) {
                throw new IllegalArgumentException("batch and excludeAfter must be positive, got " + batch + " and " + excludeAfter);
            }
            Objects.requireNonNull(exclusion, "exclusion is null");
            Objects.requireNonNull(retryDelay, "retryDelay is null");
            Objects.requireNonNull(staleClaim, "staleClaim is null");
        }
    }

    /** What one pass on an RSE may delete: a number of bytes (Long.MAX_VALUE for all), and whether only obsolete replicas. */
    record Allowance(long bytes, boolean obsoleteOnly) {
        static final Allowance GREEDY = new Allowance(Long.MAX_VALUE, false);
        static final Allowance OBSOLETE = new Allowance(Long.MAX_VALUE, true);
    }

    /**
     * The bytes a watermark pass must free: {@code minFree - (total - used) - beingDeleted}, or
     * nothing if that is not positive. Empty when the RSE has no watermark (no MinFreeSpace or no total).
     */
    static OptionalLong neededBytes(OptionalLong minFree, OptionalLong total, long used, long beingDeleted) {
        if (minFree.isEmpty() || minFree.getAsLong() <= 0 || total.isEmpty()) {
            return OptionalLong.empty();
        }
        long free = total.getAsLong() - used;
        return OptionalLong.of(Math.max(0, minFree.getAsLong() - free - beingDeleted));
    }

    private record Victim(String scope, String name, String path, long bytes, String previousState) {
    }

    /** SHARED: another replica of the RSE names the same file, so its bytes stay and the replica waits as if storage had failed. */
    private enum Outcome { DELETED, FAILED, UNTRIED, RELOCKED, SHARED }

    /** What happened to one victim; for a storage failure, what was tried and why it failed (for {@code deletion-failed}). */
    private record Attempt(Outcome outcome, String path, String protocol, String reason, double seconds) {
        static Attempt of(Outcome outcome) {
            return new Attempt(outcome, null, null, null, 0);
        }
    }

    /** Claimed replicas are checked for new locks this often, just before their bytes go. */
    private static final int CHECK_EVERY = 100;

    private final Database database;
    private final ServerStorage storage;
    private final RseRepository rses;
    private final Clock clock;
    private final Settings settings;
    private final RseExclusions exclusions;
    /** The settings of the pass under way, read once at its start (outside any transaction). */
    private volatile Settings current;

    public Reaper(Database database, ServerStorage storage, RseRepository rses, Clock clock) {
        this(database, storage, rses, clock, Settings.DEFAULTS);
    }

    public Reaper(Database database, ServerStorage storage, RseRepository rses, Clock clock, Settings settings) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.storage = Objects.requireNonNull(storage, "storage is null");
        this.rses = Objects.requireNonNull(rses, "rses is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.exclusions = new RseExclusions(settings.excludeAfter(), settings.exclusion(), clock);
        this.current = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * The settings of this pass: {@code reaper.batch}, {@code reaper.retry-delay} and
     * {@code reaper.stale-claim} set through {@code /config} replace the configured ones while the server runs.
     */
    public Settings settings() {
        return new Settings(RuntimeConfig.liveInt(database, "reaper.batch", settings.batch()), settings.excludeAfter(), settings.exclusion(),
                RuntimeConfig.liveDuration(database, "reaper.retry-delay", settings.retryDelay()),
                RuntimeConfig.liveDuration(database, "reaper.stale-claim", settings.staleClaim()));
    }

    /** True while storage errors keep this process away from the RSE. */
    public boolean excluded(UUID rseId) {
        return exclusions.excluded(rseId);
    }

    @Override
    public int runOnce(WorkSlice slice) {
        current = settings();
        // RSEs that may have something to delete: greedy ones, those with a watermark, those with obsolete replicas
        List<UUID> candidates = database.readOnly(tx -> tx.query("select r.id from rses r where not r.deleted and r.availability_delete "
                + "and " + slice.sql("r.id::text") + " and (exists (select 1 from rse_attrs a where a.rse_id = r.id and a.key = 'greedyDeletion') "
                + "or exists (select 1 from rse_limits l where l.rse_id = r.id and l.name = 'MinFreeSpace') "
                + "or exists (select 1 from replicas p where p.rse_id = r.id and p.tombstone is not null and p.tombstone <= 'epoch'::timestamptz)) "
                + "order by r.id", rs -> rs.getObject(1, UUID.class)));
        int deleted = 0;
        for (UUID rseId : candidates) {
            if (!exclusions.excluded(rseId)) {
                deleted += reap(rseId);
            }
        }
        return deleted;
    }

    private int reap(UUID rseId) {
        List<Victim> victims = database.inTransaction(tx -> claim(tx, rseId));
        if (victims.isEmpty()) {
            return 0;
        }
        return writeOutcomes(rseId, victims, deleteAll(rseId, victims));
    }

    /** Deletes the victims from storage, chunk by chunk, skipping those a rule locked again; one outcome per victim. */
    private List<Attempt> deleteAll(UUID rseId, List<Victim> victims) {
        List<Attempt> outcomes = new ArrayList<>(victims.size());
        for (int from = 0; from < victims.size(); from += CHECK_EVERY) {
            List<Victim> chunk = victims.subList(from, Math.min(victims.size(), from + CHECK_EVERY));
            Set<String> relocked = database.inTransaction(tx -> giveBackRelocked(tx, rseId, chunk));
            List<Victim> unlocked = chunk.stream().filter(v -> !relocked.contains(v.scope() + ":" + v.name())).toList();
            List<Attempt> deleted = deleteFromStorage(rseId, unlocked);
            for (int i = 0, j = 0; i < chunk.size(); i++) {
                Victim victim = chunk.get(i);
                outcomes.add(relocked.contains(victim.scope() + ":" + victim.name()) ? Attempt.of(Outcome.RELOCKED) : deleted.get(j++));
            }
        }
        return outcomes;
    }

    /** Removes the replicas whose bytes went and gives the others back their state; answers how many were removed. */
    private int writeOutcomes(UUID rseId, List<Victim> victims, List<Attempt> attempts) {
        List<Outcome> outcomes = attempts.stream().map(Attempt::outcome).toList();
        List<DeletionEvents.Failure> failures = new ArrayList<>();
        for (int i = 0; i < victims.size(); i++) {
            Attempt attempt = attempts.get(i);
            if (attempt.outcome() == Outcome.FAILED) {
                Victim victim = victims.get(i);
                failures.add(new DeletionEvents.Failure(victim.scope(), victim.name(), victim.bytes(), attempt.path(), attempt.protocol(),
                        attempt.reason(), attempt.seconds()));
            }
        }
        Instant at = clock.instant();
        Timestamp now = Timestamp.from(at);
        Timestamp retry = Timestamp.from(at.plus(current.retryDelay()));
        List<String> goneScopes = new ArrayList<>();
        List<String> goneNames = new ArrayList<>();
        List<String> keptScopes = new ArrayList<>();
        List<String> keptNames = new ArrayList<>();
        List<String> keptStates = new ArrayList<>();
        List<Boolean> retried = new ArrayList<>();
        for (int i = 0; i < victims.size(); i++) {
            Victim victim = victims.get(i);
            if (outcomes.get(i) == Outcome.RELOCKED) {
                continue;
            }
            if (outcomes.get(i) == Outcome.DELETED) {
                goneScopes.add(victim.scope());
                goneNames.add(victim.name());
            } else {
                keptScopes.add(victim.scope());
                keptNames.add(victim.name());
                keptStates.add(victim.previousState());
                retried.add(outcomes.get(i) == Outcome.FAILED || outcomes.get(i) == Outcome.SHARED);
            }
        }
        return database.inTransaction(tx -> {
            // a rule may have locked a replica again while the bytes went: then it is kept and copied anew;
            // the audit log records each removed replica with the reaper as actor, in the same statement
            int removed = goneScopes.isEmpty() ? 0 : tx.queryOne("with gone as (select * from unnest(?::text[], ?::text[]) as g(s, n)), "
                            + "removed as (delete from replicas r using gone where r.scope = gone.s and r.name = gone.n and r.rse_id = ? "
                            + "and r.lock_cnt = 0 returning r.scope, r.name, r.bytes, r.path), "
                            + "audited as (" + DaemonAudit.insertSelect(NAME, "delete_replicas", "'name=' || name || ',rse=' "
                            + "|| (select rse from rses where id = ?) || ',scope=' || scope", "null", "removed") + "), "
                            + DeletionEvents.doneCte("removed", "?") + ", "
                            + "relocked as (update replicas r set state = 'COPYING', updated_at = ? from gone where r.scope = gone.s "
                            + "and r.name = gone.n and r.rse_id = ? and r.lock_cnt > 0 returning 1) "
                            + "select (select count(*) from removed), (select count(*) from relocked)",
                    rs -> rs.getInt(1), tx.array("text", goneScopes.toArray()), tx.array("text", goneNames.toArray()), rseId, now, rseId,
                            now, rseId, now, rseId)
                    .orElse(0);
            if (removed > 0) {
                ArchiveCleanup.afterRemoval(tx, goneScopes, goneNames, now);
            }
            if (!keptScopes.isEmpty()) {
                // back to the state they had; those whose storage failed wait for a retry (an obsolete tombstone stays)
                tx.update("update replicas r set state = k.st, updated_at = ?, tombstone = case when k.retry and r.tombstone is not null "
                                + "and r.tombstone > 'epoch'::timestamptz then ? else r.tombstone end "
                                + "from unnest(?::text[], ?::text[], ?::text[], ?::boolean[]) as k(s, n, st, retry) "
                                + "where r.scope = k.s and r.name = k.n and r.rse_id = ? and r.state = 'BEING_DELETED'",
                        now, retry, tx.array("text", keptScopes.toArray()), tx.array("text", keptNames.toArray()),
                        tx.array("text", keptStates.toArray()), tx.array("boolean", retried.toArray()), rseId);
            }
            DeletionEvents.failed(tx, rseId, failures, at);
            return removed;
        });
    }

    /**
     * Gives the claimed replicas that a rule locked since the claim back to their previous state,
     * before their bytes are touched; those AVAILABLE again count as arrived for the new locks (which
     * were made REPLICATING by the BEING_DELETED state), so no transfer is made for them. Returns
     * their {@code scope:name}.
     */
    private Set<String> giveBackRelocked(Tx tx, UUID rseId, List<Victim> chunk) {
        List<String[]> back = tx.query("update replicas r set state = v.st, updated_at = ? "
                        + "from unnest(?::text[], ?::text[], ?::text[]) as v(s, n, st) where r.scope = v.s and r.name = v.n and r.rse_id = ? "
                        + "and r.state = 'BEING_DELETED' and r.lock_cnt > 0 returning r.scope, r.name, r.state",
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)}, Timestamp.from(clock.instant()),
                tx.array("text", chunk.stream().map(Victim::scope).toArray()), tx.array("text", chunk.stream().map(Victim::name).toArray()),
                tx.array("text", chunk.stream().map(Victim::previousState).toArray()), rseId);
        List<String[]> available = back.stream().filter(r -> r[2].equals("AVAILABLE")).toList();
        if (!available.isEmpty()) {
            ReplicaArrivals.arrived(tx, available.stream().map(r -> r[0]).toList(), available.stream().map(r -> r[1]).toList(),
                    available.stream().map(r -> rseId).toList(), clock.instant());
        }
        return back.stream().map(r -> r[0] + ":" + r[1]).collect(Collectors.toSet());
    }

    /** Decides how much may go and marks exactly those replicas BEING_DELETED, oldest tombstone first. */
    private List<Victim> claim(Tx tx, UUID rseId) {
        // one pass per RSE at a time, so that two passes never both count the same missing space
        tx.queryOne("select pg_advisory_xact_lock(hashtext('reaper:' || ?))", rs -> 1, rseId.toString());
        Allowance allowance = allowance(tx, rseId);
        if (allowance.bytes() <= 0) {
            return List.of();
        }
        Instant at = clock.instant();
        Timestamp now = Timestamp.from(at);
        return tx.query(claimQuery(allowance.obsoleteOnly()),
                rs -> new Victim(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)),
                rseId, now, Timestamp.from(at.minus(current.staleClaim())), current.batch(), now, allowance.bytes());
    }

    /**
     * Claims replicas of one RSE (parameters: RSE id, now, stale-claim limit, batch, now, bytes allowed), oldest
     * tombstone first. A replica whose path another replica of the RSE holds too is never claimed: its file is not
     * its alone (the unique path index should make this impossible; the check stays in case the index is missing).
     */
    static String claimQuery(boolean obsoleteOnly) {
        String obsolete = obsoleteOnly ? "and p.tombstone <= 'epoch'::timestamptz " : "";
        return "with c as (select p.scope, p.name, p.rse_id, p.bytes, p.tombstone, p.state from replicas p "
                + "where p.rse_id = ? and p.tombstone is not null and p.tombstone < ? and p.lock_cnt = 0 " + obsolete
                + "and (p.state in ('AVAILABLE', 'UNAVAILABLE', 'BAD') or (p.state = 'BEING_DELETED' and p.updated_at < ?)) "
                + "and not exists (select 1 from requests q where q.scope = p.scope and q.name = p.name and q.dest_rse_id = p.rse_id) "
                + "and not exists (select 1 from replicas o where o.rse_id = p.rse_id and o.path = p.path "
                + "and (o.scope <> p.scope or o.name <> p.name)) "
                + "order by p.tombstone limit ? for update of p skip locked), "
                + "w as (select scope, name, rse_id, state, sum(bytes) over (order by tombstone, scope, name rows unbounded preceding) "
                + "- bytes as before from c) "
                + "update replicas r set state = 'BEING_DELETED', updated_at = ? from w "
                + "where r.scope = w.scope and r.name = w.name and r.rse_id = w.rse_id and w.before < ? "
                + "returning r.scope, r.name, r.path, r.bytes, w.state";
    }

    private Allowance allowance(Tx tx, UUID rseId) {
        record Space(boolean greedy, Long minFree, Long total, long used, long beingDeleted) {
        }
        Space space = tx.queryOne("select exists (select 1 from rse_attrs a where a.rse_id = r.id and a.key = 'greedyDeletion' "
                        + "and a.value in ('true'::jsonb, '\"true\"'::jsonb, '\"True\"'::jsonb, '1'::jsonb)), "
                        + "(select value from rse_limits where rse_id = r.id and name = 'MinFreeSpace'), "
                        + "coalesce((select value from rse_limits where rse_id = r.id and name = 'MaxSpaceAvailable'), "
                        + "(select coalesce(u.used, 0) + coalesce(u.free, 0) from rse_usage u where u.rse_id = r.id and u.source = "
                        + "coalesce((select a.value #>> '{}' from rse_attrs a where a.rse_id = r.id and a.key = 'source_for_total_space'), 'storage'))), "
                        + "coalesce((select used from rse_usage where rse_id = r.id and source = 'rucio'), 0), "
                        + "(select coalesce(sum(bytes), 0) from replicas where rse_id = r.id and state = 'BEING_DELETED') "
                        + "from rses r where r.id = ?",
                rs -> new Space(rs.getBoolean(1), longOrNull(rs.getObject(2)), longOrNull(rs.getObject(3)), rs.getLong(4), rs.getLong(5)),
                rseId).orElseThrow();
        if (space.greedy()) {
            return Allowance.GREEDY;
        }
        OptionalLong needed = neededBytes(space.minFree() == null ? OptionalLong.empty() : OptionalLong.of(space.minFree()),
                space.total() == null ? OptionalLong.empty() : OptionalLong.of(space.total()), space.used(), space.beingDeleted());
        if (needed.isPresent() && needed.getAsLong() > 0) {
            return new Allowance(needed.getAsLong(), false);
        }
        return Allowance.OBSOLETE;
    }

    private List<Attempt> deleteFromStorage(UUID rseId, List<Victim> victims) {
        record Target(Rse rse, Optional<RseProtocol> protocol, List<String> paths, Set<String> shared) {
        }
        Target target = database.readOnly(tx -> {
            Rse rse = rses.findById(tx, rseId).orElseThrow();
            Optional<RseProtocol> protocol = rses.protocols(tx, rseId).stream()
                    .filter(p -> storage.supports(p.scheme()) && p.supports("wan", "delete"))
                    .min(Comparator.comparingInt(p -> p.priority("wan", "delete")));
            String algorithm = Lfn2Pfn.algorithm(rses.attributes(tx, rseId));
            List<String> paths = victims.stream().map(v -> storagePath(algorithm, v)).toList();
            return new Target(rse, protocol, paths, sharedFiles(tx, rseId, victims, paths));
        });
        List<Attempt> outcomes = new ArrayList<>(victims.size());
        for (int i = 0; i < victims.size(); i++) {
            Victim victim = victims.get(i);
            if (exclusions.excluded(rseId)) {
                outcomes.add(Attempt.of(Outcome.UNTRIED));
                continue;
            }
            if (target.shared().contains(victim.scope() + ":" + victim.name())) {
                LOG.warn("reaper: the file of " + victim.scope() + ":" + victim.name() + " on " + target.rse().name()
                        + " is the file of another replica too (path " + target.paths().get(i) + "): its bytes are kept");
                outcomes.add(Attempt.of(Outcome.SHARED));
                continue;
            }
            long started = System.nanoTime();
            try {
                RseProtocol protocol = target.protocol().orElseThrow(() -> new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED,
                        "RSE '" + target.rse().name() + "' has no protocol this server can delete with"));
                // the connection is the server's, kept open for the RSE
                StorageProtocol store = storage.open(target.rse().name(), protocol);
                String path = Objects.requireNonNull(target.paths().get(i), () -> "no path of " + victim.scope() + ":" + victim.name());
                deleteOne(store, protocol.pfn(path));
                exclusions.succeeded(rseId);
                outcomes.add(Attempt.of(Outcome.DELETED));
            } catch (RuntimeException e) {
                outcomes.add(new Attempt(Outcome.FAILED, target.paths().get(i), target.protocol().map(RseProtocol::scheme).orElse(null),
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), (System.nanoTime() - started) / 1e9));
                LOG.debug("reaper: could not delete {}:{} from {}: {}", victim.scope(), victim.name(), target.rse().name(), e.getMessage(), e);
                if (exclusions.failed(rseId)) {
                    LOG.warn("reaper: RSE " + target.rse().name() + " excluded for " + settings.exclusion() + " after "
                            + settings.excludeAfter() + " consecutive storage errors, the last: " + e.getMessage());
                }
            }
        }
        return outcomes;
    }

    /**
     * The victims ({@code scope:name}) whose file, at the path they are deleted by, is stored as the path of another
     * replica of the RSE in any state: that file is not theirs alone. Served by the unique path index.
     */
    private static Set<String> sharedFiles(Tx tx, UUID rseId, List<Victim> victims, List<String> paths) {
        return Set.copyOf(tx.query(SHARED_FILES, rs -> rs.getString(1), tx.array("text", victims.stream().map(Victim::scope).toArray()),
                tx.array("text", victims.stream().map(Victim::name).toArray()), tx.array("text", paths.toArray()), rseId));
    }

    /** The path the victim's bytes are at: the stored one, or the RSE's layout; null if the layout cannot make one. */
    private static String storagePath(String algorithm, Victim victim) {
        if (victim.path() != null) {
            return victim.path();
        }
        try {
            return Lfn2Pfn.path(algorithm, victim.scope(), victim.name());
        } catch (RuntimeException e) {
            return null;
        }
    }

    static final String SHARED_FILES = "select v.s || ':' || v.n from unnest(?::text[], ?::text[], ?::text[]) as v(s, n, p) "
            + "where exists (select 1 from replicas o where o.rse_id = ? and o.path = v.p and (o.scope <> v.s or o.name <> v.n))";

    private static Long longOrNull(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }

    /** Deletes one object; an object that is not there any more counts as deleted. */
    private static void deleteOne(StorageProtocol store, String pfn) {
        try {
            store.delete(pfn);
        } catch (LagunaException e) {
            if (e.code() != ErrorCode.SOURCE_NOT_FOUND) {
                throw e;
            }
        }
    }
}
