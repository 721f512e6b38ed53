package org.laguna.core.transfer;

import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        public static final Settings DEFAULTS = new Settings(3, Duration.ofSeconds(30), Duration.ofMinutes(15), 200);
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

    /** Rules wait for the conveyor: it looks for new requests at least every second. */
    @Override
    public Duration idleSleep(Duration configured) {
        return configured.compareTo(Duration.ofSeconds(1)) < 0 ? configured : Duration.ofSeconds(1);
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
        if (claimed.isEmpty()) {
            return reconciled;
        }
        Map<UUID, Object> plans = database.readOnly(tx -> planAll(tx, claimed));
        List<Done> done = new ArrayList<>();
        for (Request request : claimed) {
            Object planned = plans.get(request.id());
            if (planned instanceof Plan plan) {
                transfer(request, plan, done);
            } else {
                fail(request, null, String.valueOf(planned), true);
            }
        }
        finish(done);
        return claimed.size() + reconciled;
    }

    // ---------------------------------------------------------------- planning (one query per kind for a whole batch)

    private record Endpoint(Rse rse, RseProtocol protocol, String path) {
        String pfn() {
            return protocol.pfn(path);
        }
    }

    private record Plan(long bytes, String adler32, List<Endpoint> sources, Endpoint destination, boolean destinationKeepsPath) {
    }

    private record RseView(Rse rse, Optional<RseProtocol> read, Optional<RseProtocol> write, String algorithm) {
    }

    private record Done(Request request, Endpoint source, Plan plan) {
    }

    /** A plan per request id, or the reason there is none (a String). */
    private Map<UUID, Object> planAll(Tx tx, List<Request> requests) {
        Map<UUID, RseView> views = new HashMap<>();
        java.util.function.Function<UUID, RseView> view = id -> views.computeIfAbsent(id, key -> {
            Rse rse = rses.findById(tx, key).orElse(null);
            if (rse == null) {
                return null;
            }
            List<RseProtocol> protocols = rses.protocols(tx, key);
            Object algorithm = rses.attributes(tx, key).getOrDefault("lfn2pfn_algorithm", Lfn2Pfn.DEFAULT_ALGORITHM);
            return new RseView(rse, best(protocols, "read"), best(protocols, "write"), String.valueOf(algorithm));
        });
        int n = requests.size();
        Object ids = tx.array("uuid", requests.stream().map(Request::id).toArray());
        Object scopes = tx.array("text", requests.stream().map(Request::scope).toArray());
        Object names = tx.array("text", requests.stream().map(Request::name).toArray());
        Object dests = tx.array("uuid", requests.stream().map(Request::destRseId).toArray());
        record FileInfo(long bytes, String adler32) {
        }
        Map<String, FileInfo> files = new HashMap<>();
        tx.query("select d.scope, d.name, coalesce(d.bytes, 0), d.adler32 from dids d join unnest(?::text[], ?::text[]) as u(s, n) "
                + "on d.scope = u.s and d.name = u.n", rs -> files.put(rs.getString(1) + ":" + rs.getString(2),
                new FileInfo(rs.getLong(3), rs.getString(4))), scopes, names);
        Map<UUID, Set<UUID>> allowedByRule = new HashMap<>();
        Map<String, Set<UUID>> resolved = new HashMap<>();
        tx.query("select r.id, r.vo, r.source_replica_expression from rules r where r.id = any(?) and r.source_replica_expression is not null",
                rs -> {
                    String expression = rs.getString(3);
                    String vo = rs.getString(2);
                    allowedByRule.put(rs.getObject(1, UUID.class), resolved.computeIfAbsent(vo + " " + expression, k -> {
                        Set<UUID> allowed = new HashSet<>();
                        resolver.resolveOrEmpty(tx, vo, expression).forEach(c -> allowed.add(c.id()));
                        return allowed;
                    }));
                    return null;
                }, tx.array("uuid", requests.stream().map(Request::ruleId).filter(Objects::nonNull).distinct().toArray()));
        record Source(UUID rseId, String path) {
        }
        Map<UUID, List<Source>> sources = new HashMap<>();
        tx.query("select u.id, r.rse_id, r.path from unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[]) as u(id, s, n, dest) "
                        + "join replicas r on r.scope = u.s and r.name = u.n and r.state = 'AVAILABLE' and r.rse_id <> u.dest "
                        + "join rses x on x.id = r.rse_id and x.availability_read and not x.deleted "
                        + "left join distances d on d.src_rse_id = r.rse_id and d.dest_rse_id = u.dest "
                        + "order by u.id, d.distance nulls last, x.rse",
                rs -> sources.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                        .add(new Source(rs.getObject(2, UUID.class), rs.getString(3))), ids, scopes, names, dests);
        Map<UUID, String> destPaths = new HashMap<>();
        tx.query("select u.id, r.path from unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[]) as u(id, s, n, dest) "
                        + "join replicas r on r.scope = u.s and r.name = u.n and r.rse_id = u.dest where r.path is not null",
                rs -> destPaths.put(rs.getObject(1, UUID.class), rs.getString(2)), ids, scopes, names, dests);
        Map<UUID, Object> plans = new HashMap<>(n * 2);
        for (Request request : requests) {
            FileInfo file = files.get(request.scope() + ":" + request.name());
            RseView dest = view.apply(request.destRseId());
            if (file == null) {
                plans.put(request.id(), "File " + request.scope() + ":" + request.name() + " is not in the catalogue any more");
                continue;
            }
            if (dest == null || dest.write().isEmpty()) {
                plans.put(request.id(), "RSE " + (dest == null ? request.destRseId() : dest.rse().name())
                        + " has no writable protocol that Laguna can use");
                continue;
            }
            Set<UUID> allowed = request.ruleId() == null ? null : allowedByRule.get(request.ruleId());
            List<Endpoint> endpoints = new ArrayList<>();
            for (Source source : sources.getOrDefault(request.id(), List.of())) {
                if (allowed != null && !allowed.contains(source.rseId())) {
                    continue;
                }
                RseView from = view.apply(source.rseId());
                if (from != null && from.read().isPresent()) {
                    endpoints.add(new Endpoint(from.rse(), from.read().get(),
                            source.path() != null ? source.path() : Lfn2Pfn.path(from.algorithm(), request.scope(), request.name())));
                }
            }
            String destPath = destPaths.getOrDefault(request.id(), Lfn2Pfn.path(dest.algorithm(), request.scope(), request.name()));
            plans.put(request.id(), new Plan(file.bytes(), file.adler32(), endpoints, new Endpoint(dest.rse(), dest.write().get(), destPath),
                    !dest.rse().deterministic()));
        }
        return plans;
    }

    /** The supported protocol with the best (lowest non-zero) WAN priority for an operation. */
    private Optional<RseProtocol> best(List<RseProtocol> protocols, String operation) {
        return protocols.stream()
                .filter(p -> storage.supports(p.scheme()) && p.priority("wan", operation) > 0)
                .min(Comparator.comparingInt(p -> p.priority("wan", operation)));
    }

    // ---------------------------------------------------------------- copying

    private void transfer(Request request, Plan plan, List<Done> done) {
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
                done.add(new Done(request, source, plan));
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

    /** Finishes the verified copies of a batch in one transaction. */
    private void finish(List<Done> done) {
        if (done.isEmpty()) {
            return;
        }
        Instant at = clock.instant();
        Timestamp now = Timestamp.from(at);
        List<String> scopes = done.stream().map(d -> d.request().scope()).toList();
        List<String> names = done.stream().map(d -> d.request().name()).toList();
        List<UUID> dests = done.stream().map(d -> d.request().destRseId()).toList();
        database.inTransactionVoid(tx -> {
            tx.update("update replicas r set state = 'AVAILABLE', path = case when u.keep then u.p else r.path end, adler32 = d.adler32, "
                            + "md5 = d.md5, tombstone = case when r.lock_cnt > 0 then null else r.tombstone end, updated_at = ? "
                            + "from unnest(?::text[], ?::text[], ?::uuid[], ?::text[], ?::boolean[]) as u(s, n, rse, p, keep), dids d "
                            + "where r.scope = u.s and r.name = u.n and r.rse_id = u.rse and d.scope = r.scope and d.name = r.name",
                    now, tx.array("text", scopes.toArray()), tx.array("text", names.toArray()), tx.array("uuid", dests.toArray()),
                    tx.array("text", done.stream().map(d -> d.plan().destination().path()).toArray()),
                    tx.array("boolean", done.stream().map(d -> d.plan().destinationKeepsPath()).toArray()));
            ReplicaArrivals.arrived(tx, scopes, names, dests, at);
            archive(tx, done.stream().map(d -> d.request().id()).toList(),
                    done.stream().map(d -> d.source() == null ? null : d.source().rse().id()).toList(), "DONE", now);
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

    private static void archive(Tx tx, List<UUID> ids, List<UUID> sources, String state, Timestamp now) {
        tx.update("with gone as (delete from requests q using unnest(?::uuid[], ?::uuid[]) as a(id, src) where q.id = a.id "
                        + "returning q.*, a.src) insert into requests_history (id, request_type, scope, name, dest_rse_id, source_rse_id, "
                        + "rule_id, account, state, activity, bytes, err_msg, created_at, updated_at) "
                        + "select id, request_type, scope, name, dest_rse_id, coalesce(src, source_rse_id), rule_id, account, ?, activity, "
                        + "bytes, err_msg, created_at, ? from gone",
                tx.array("uuid", ids.toArray()), tx.array("uuid", sources.toArray()), state, now);
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
                Object planned = database.readOnly(tx -> planAll(tx, List.of(request))).get(request.id());
                plan = planned instanceof Plan p ? p : null;
                complete = plan != null && verified(plan);
            } catch (RuntimeException e) {
                complete = false;
            }
            if (complete) {
                finish(List.of(new Done(request, null, plan)));
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
