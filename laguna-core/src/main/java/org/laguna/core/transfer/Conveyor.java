package org.laguna.core.transfer;

import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.zip.Adler32;
import java.util.zip.CheckedInputStream;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.rse.RseResolver;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.core.rule.ReplicaArrivals;
import org.laguna.core.storage.ServerStorage;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StoredObject;

/**
 * conveyor: the built-in transfer engine. It claims QUEUED transfer requests of its slice
 * (SUBMITTED, in a short transaction), copies each file from the nearest available replica
 * through the storage plugins (streaming, adler32 computed on the way), verifies size and checksum
 * against the catalogue, and finishes: the destination replica becomes AVAILABLE and its locks and
 * rules move (DONE), or the request is retried with backoff and, after the last attempt, FAILED
 * with its locks and rules STUCK and the reason recorded. A request left SUBMITTED by a process
 * that died is reconciled by looking at the destination, never copied blindly twice.
 */
public final class Conveyor implements Daemon {
    public static final String NAME = "conveyor";

    /** Tuning of the conveyor. */
    public record Settings(int maxAttempts, Duration retryDelay, Duration staleAfter, int claim) {
        public static final Settings DEFAULTS = new Settings(3, Duration.ofSeconds(30), Duration.ofMinutes(15), 20);
    }

    private final Database database;
    private final ServerStorage storage;
    private final RseRepository rses;
    private final RseResolver resolver;
    private final Clock clock;
    private final Settings settings;
    private final String host;

    public Conveyor(Database database, ServerStorage storage, RseRepository rses, RseResolver resolver, Clock clock, Settings settings) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.storage = Objects.requireNonNull(storage, "storage is null");
        this.rses = Objects.requireNonNull(rses, "rses is null");
        this.resolver = Objects.requireNonNull(resolver, "resolver is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.settings = Objects.requireNonNull(settings, "settings is null");
        this.host = java.util.Objects.toString(System.getenv("HOSTNAME"), "localhost");
    }

    @Override
    public String name() {
        return NAME;
    }

    record Request(UUID id, String scope, String name, UUID destRseId, UUID ruleId, int retryCount) {
    }

    @Override
    public int runOnce(WorkSlice slice) {
        int reconciled = reconcile(slice);
        Timestamp now = Timestamp.from(clock.instant());
        Timestamp retryBefore = Timestamp.from(clock.instant().minus(settings.retryDelay()));
        List<Request> claimed = database.inTransaction(tx -> tx.query("update requests set state = 'SUBMITTED', transfertool = 'builtin', "
                        + "external_host = ?, submitted_at = ?, updated_at = ? where id in (select id from requests where state = 'QUEUED' "
                        + "and request_type = 'TRANSFER' and (retry_count = 0 or updated_at < ?) and " + slice.sql("id::text")
                        + " order by priority desc, created_at limit ? for update skip locked) "
                        + "returning id, scope, name, dest_rse_id, rule_id, retry_count",
                rs -> new Request(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                        rs.getObject(5, UUID.class), rs.getInt(6)),
                host, now, now, retryBefore, settings.claim()));
        for (Request request : claimed) {
            transfer(request);
        }
        return claimed.size() + reconciled;
    }

    // ---------------------------------------------------------------- planning

    private record Endpoint(Rse rse, RseProtocol protocol, String path) {
        String pfn() {
            return protocol.pfn(path);
        }
    }

    private record Plan(long bytes, String adler32, List<Endpoint> sources, Endpoint destination, boolean destinationKeepsPath) {
    }

    private Plan plan(Tx tx, Request request) {
        record FileInfo(long bytes, String adler32) {
        }
        FileInfo file = tx.queryOne("select coalesce(bytes, 0), adler32 from dids where scope = ? and name = ?",
                rs -> new FileInfo(rs.getLong(1), rs.getString(2)), request.scope(), request.name())
                .orElseThrow(() -> new LagunaException(ErrorCode.DATA_IDENTIFIER_NOT_FOUND, "File " + request.scope() + ":" + request.name()
                        + " is not in the catalogue any more"));
        Rse dest = rses.findById(tx, request.destRseId()).orElseThrow(() -> new LagunaException(ErrorCode.RSE_NOT_FOUND,
                "The destination RSE " + request.destRseId() + " does not exist"));
        Set<UUID> allowed = null;
        if (request.ruleId() != null) {
            Optional<String> expression = tx.queryOne("select source_replica_expression from rules where id = ?",
                    rs -> Optional.ofNullable(rs.getString(1)), request.ruleId()).flatMap(x -> x);
            if (expression.isPresent()) {
                allowed = new HashSet<>();
                for (RseCandidate rse : resolver.resolveOrEmpty(tx, dest.vo(), expression.get())) {
                    allowed.add(rse.id());
                }
            }
        }
        Set<UUID> allowedSources = allowed;
        record Source(UUID rseId, String path) {
        }
        List<Source> replicas = tx.query("select r.rse_id, r.path from replicas r join rses s on s.id = r.rse_id "
                        + "left join distances d on d.src_rse_id = r.rse_id and d.dest_rse_id = ? "
                        + "where r.scope = ? and r.name = ? and r.state = 'AVAILABLE' and r.rse_id <> ? and s.availability_read "
                        + "and not s.deleted order by d.distance nulls last, s.rse",
                rs -> new Source(rs.getObject(1, UUID.class), rs.getString(2)), request.destRseId(), request.scope(), request.name(),
                request.destRseId());
        List<Endpoint> sources = new ArrayList<>();
        for (Source source : replicas) {
            if (allowedSources != null && !allowedSources.contains(source.rseId())) {
                continue;
            }
            Rse rse = rses.findById(tx, source.rseId()).orElseThrow();
            Optional<RseProtocol> protocol = best(tx, rse, "read");
            if (protocol.isPresent()) {
                sources.add(new Endpoint(rse, protocol.get(), source.path() != null ? source.path() : deterministicPath(tx, rse, request)));
            }
        }
        RseProtocol write = best(tx, dest, "write").orElseThrow(() -> new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED,
                "RSE " + dest.name() + " has no writable protocol that Laguna can use"));
        String destPath = tx.queryOne("select coalesce(path, '') from replicas where scope = ? and name = ? and rse_id = ?",
                rs -> rs.getString(1), request.scope(), request.name(), request.destRseId()).filter(p -> !p.isEmpty()).orElse(null);
        boolean keepPath = !dest.deterministic();
        if (destPath == null) {
            destPath = deterministicPath(tx, dest, request);
        }
        return new Plan(file.bytes(), file.adler32(), sources, new Endpoint(dest, write, destPath), keepPath);
    }

    private String deterministicPath(Tx tx, Rse rse, Request request) {
        Object algorithm = rses.attributes(tx, rse.id()).getOrDefault("lfn2pfn_algorithm", Lfn2Pfn.DEFAULT_ALGORITHM);
        return Lfn2Pfn.path(String.valueOf(algorithm), request.scope(), request.name());
    }

    /** The supported protocol with the best (lowest non-zero) WAN priority for an operation. */
    private Optional<RseProtocol> best(Tx tx, Rse rse, String operation) {
        return rses.protocols(tx, rse.id()).stream()
                .filter(p -> storage.supports(p.scheme()) && p.priority("wan", operation) > 0)
                .min(Comparator.comparingInt(p -> p.priority("wan", operation)));
    }

    // ---------------------------------------------------------------- copying

    private void transfer(Request request) {
        Plan plan;
        try {
            plan = database.readOnly(tx -> plan(tx, request));
        } catch (LagunaException e) {
            fail(request, null, e.getMessage(), true);
            return;
        }
        if (plan.sources().isEmpty()) {
            fail(request, null, "No available source replica of " + request.scope() + ":" + request.name(), false);
            return;
        }
        String lastError = null;
        Endpoint lastSource = null;
        for (Endpoint source : plan.sources()) {
            lastSource = source;
            try {
                copy(source, plan);
                succeed(request, source, plan);
                return;
            } catch (LagunaException e) {
                lastError = source.rse().name() + " -> " + plan.destination().rse().name() + ": " + e.getMessage();
            } catch (RuntimeException e) {
                lastError = source.rse().name() + " -> " + plan.destination().rse().name() + ": " + e;
            }
        }
        fail(request, lastSource, lastError, false);
    }

    private void copy(Endpoint source, Plan plan) {
        StorageProtocol from = storage.open(source.rse().name(), source.protocol());
        StorageProtocol to = storage.open(plan.destination().rse().name(), plan.destination().protocol());
        String destPfn = plan.destination().pfn();
        Adler32 adler = new Adler32();
        StoredObject stored;
        try (InputStream in = from.openRead(source.pfn(), 0); CheckedInputStream checked = new CheckedInputStream(in, adler)) {
            stored = to.write(destPfn, checked, plan.bytes());
        } catch (java.io.IOException e) {
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Reading " + source.pfn() + " failed: " + e.getMessage(), e);
        }
        String computed = String.format(Locale.ROOT, "%08x", adler.getValue());
        if (stored.size() != plan.bytes()) {
            to.delete(destPfn);
            throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "Size mismatch at the destination " + destPfn + ": "
                    + stored.size() + " bytes, the catalogue says " + plan.bytes());
        }
        if (plan.adler32() != null && !plan.adler32().equalsIgnoreCase(computed)) {
            to.delete(destPfn);
            throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "Checksum mismatch copying " + source.pfn() + ": adler32 "
                    + computed + ", the catalogue says " + plan.adler32());
        }
    }

    // ---------------------------------------------------------------- finishing

    private void succeed(Request request, Endpoint source, Plan plan) {
        Instant at = clock.instant();
        Timestamp now = Timestamp.from(at);
        database.inTransactionVoid(tx -> {
            tx.update("update replicas r set state = 'AVAILABLE', path = case when ? then ? else r.path end, adler32 = d.adler32, "
                            + "md5 = d.md5, tombstone = case when r.lock_cnt > 0 then null else r.tombstone end, updated_at = ? "
                            + "from dids d where d.scope = r.scope and d.name = r.name and r.scope = ? and r.name = ? and r.rse_id = ?",
                    plan.destinationKeepsPath(), plan.destination().path(), now, request.scope(), request.name(), request.destRseId());
            ReplicaArrivals.arrived(tx, request.scope(), request.name(), request.destRseId(), at);
            archive(tx, request.id(), "DONE", source == null ? null : source.rse().id(), null, now);
        });
    }

    private void fail(Request request, Endpoint source, String error, boolean fatal) {
        Timestamp now = Timestamp.from(clock.instant());
        String message = error == null ? "transfer failed" : error.length() > 3900 ? error.substring(0, 3900) : error;
        database.inTransactionVoid(tx -> {
            int attempts = request.retryCount() + 1;
            if (!fatal && attempts < settings.maxAttempts()) {
                tx.update("update requests set state = 'QUEUED', retry_count = ?, err_msg = ?, source_rse_id = ?, updated_at = ? where id = ?",
                        attempts, message, source == null ? null : source.rse().id(), now, request.id());
                return;
            }
            tx.update("update requests set state = 'FAILED', retry_count = ?, err_msg = ?, source_rse_id = ?, updated_at = ? where id = ?",
                    attempts, message, source == null ? null : source.rse().id(), now, request.id());
            String reason = message.length() > 250 ? message.substring(0, 250) : message;
            tx.update("with stuck as (update locks set state = 'STUCK', updated_at = ? where scope = ? and name = ? and rse_id = ? "
                            + "and state = 'REPLICATING' returning rule_id), counts as (select rule_id, count(*) as n from stuck group by rule_id) "
                            + "update rules r set locks_replicating_cnt = greatest(r.locks_replicating_cnt - c.n, 0), "
                            + "locks_stuck_cnt = r.locks_stuck_cnt + c.n, state = case when r.state in ('OK', 'REPLICATING') then 'STUCK' "
                            + "else r.state end, stuck_at = coalesce(r.stuck_at, ?), error = ?, version = r.version + 1, updated_at = ? "
                            + "from counts c where r.id = c.rule_id",
                    now, request.scope(), request.name(), request.destRseId(), now, reason, now);
        });
    }

    private static void archive(Tx tx, UUID id, String state, UUID source, String error, Timestamp now) {
        tx.update("with gone as (delete from requests where id = ? returning *) insert into requests_history (id, request_type, scope, name, "
                        + "dest_rse_id, source_rse_id, rule_id, account, state, activity, bytes, err_msg, created_at, updated_at) "
                        + "select id, request_type, scope, name, dest_rse_id, coalesce(?, source_rse_id), rule_id, account, ?, activity, bytes, "
                        + "coalesce(?, err_msg), created_at, ? from gone",
                id, source, state, error, now);
    }

    // ---------------------------------------------------------------- reconciling

    /**
     * Requests SUBMITTED to the built-in engine longer ago than a transfer may take belong to a
     * process that stopped mid-copy: if the destination holds the whole verified file it is done,
     * otherwise the request goes back to the queue.
     */
    private int reconcile(WorkSlice slice) {
        Timestamp before = Timestamp.from(clock.instant().minus(settings.staleAfter()));
        List<Request> stale = database.readOnly(tx -> tx.query("select id, scope, name, dest_rse_id, rule_id, retry_count from requests "
                        + "where state = 'SUBMITTED' and transfertool = 'builtin' and submitted_at < ? and " + slice.sql("id::text") + " limit 20",
                rs -> new Request(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                        rs.getObject(5, UUID.class), rs.getInt(6)), before));
        for (Request request : stale) {
            boolean complete;
            Plan plan = null;
            try {
                plan = database.readOnly(tx -> plan(tx, request));
                complete = verified(plan);
            } catch (RuntimeException e) {
                complete = false;
            }
            if (complete) {
                succeed(request, null, plan);
            } else {
                Timestamp now = Timestamp.from(clock.instant());
                database.inTransactionVoid(tx -> tx.update("update requests set state = 'QUEUED', updated_at = ? where id = ? "
                        + "and state = 'SUBMITTED'", now, request.id()));
            }
        }
        return stale.size();
    }

    private boolean verified(Plan plan) {
        StorageProtocol to = storage.open(plan.destination().rse().name(), plan.destination().protocol());
        Optional<StoredObject> stat = to.stat(plan.destination().pfn());
        if (stat.isEmpty() || stat.get().size() != plan.bytes()) {
            return false;
        }
        if (plan.adler32() == null) {
            return true;
        }
        Adler32 adler = new Adler32();
        try (InputStream in = new CheckedInputStream(to.openRead(plan.destination().pfn(), 0), adler)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (java.io.IOException e) {
            return false;
        }
        return plan.adler32().equalsIgnoreCase(String.format(Locale.ROOT, "%08x", adler.getValue()));
    }
}
