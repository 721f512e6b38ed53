package org.laguna.core.transfer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.laguna.core.db.Tx;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.rse.RseResolver;
import org.laguna.core.storage.ServerStorage;

/**
 * Plans transfers for a batch of requests with one query per kind (files, rules' source
 * expressions, source replicas, destination paths): for each request its file's size and
 * checksums, the destination endpoint, and the sources ranked best first. Sources are AVAILABLE
 * replicas on readable RSEs, only on the RSEs of the rule's {@code source_replica_expression} if it
 * has one, ranked by {@link SourceRanking}.
 */
final class TransferPlanner {
    private final ServerStorage storage;
    private final boolean bridgesProtocols;
    private final RseRepository rses;
    private final RseResolver resolver;

    /**
     * @param bridgesProtocols whether the tool copies between any two protocols it can reach (a source
     *     it can read and a destination it can write are then always directly linked)
     */
    TransferPlanner(ServerStorage storage, RseRepository rses, RseResolver resolver, boolean bridgesProtocols) {
        this.bridgesProtocols = bridgesProtocols;
        this.storage = Objects.requireNonNull(storage, "storage is null");
        this.rses = Objects.requireNonNull(rses, "rses is null");
        this.resolver = Objects.requireNonNull(resolver, "resolver is null");
    }

    /** A request as the conveyor's stages read it. */
    record Request(UUID id, String scope, String name, UUID destRseId, UUID ruleId, int retryCount, UUID previousSource, String activity,
            int priority) {
    }

    /** A file's place on an RSE through one protocol. */
    record Endpoint(Rse rse, RseProtocol protocol, String path) {
        String pfn() {
            return protocol.pfn(path);
        }
    }

    /** What planning a request gave: a {@link Plan}, or a {@link Refusal} saying why there is none. */
    sealed interface Planned permits Plan, Refusal {
    }

    /**
     * What to copy: the file, its sources best first and the destination; {@code direct} tells
     * whether one of the sources can copy to the destination directly ({@link TransferPaths#direct}),
     * otherwise the copy needs a multi-hop path.
     */
    record Plan(long bytes, String adler32, String md5, List<Endpoint> sources, Endpoint destination, boolean destinationKeepsPath,
            boolean direct) implements Planned {
    }

    /** Why a request cannot be planned at all: retrying it would not help. */
    record Refusal(String reason) implements Planned {
        Refusal {
            Objects.requireNonNull(reason, "reason is null");
        }
    }

    private record RseView(Rse rse, Optional<RseProtocol> read, Optional<RseProtocol> write, String algorithm, List<RseProtocol> usable) {
    }

    private record FileInfo(long bytes, String adler32, String md5) {
    }

    private record Source(UUID rseId, String path, int distance) {
    }

    /** A plan per request id, or the reason there is none. */
    Map<UUID, Planned> planAll(Tx tx, List<Request> requests) {
        Function<UUID, RseView> view = views(tx);
        Object ids = tx.array("uuid", requests.stream().map(Request::id).toArray());
        Object scopes = tx.array("text", requests.stream().map(Request::scope).toArray());
        Object names = tx.array("text", requests.stream().map(Request::name).toArray());
        Object dests = tx.array("uuid", requests.stream().map(Request::destRseId).toArray());
        Batch batch = new Batch(view, files(tx, scopes, names), allowedSources(tx, requests), sources(tx, ids, scopes, names, dests),
                destPaths(tx, ids, scopes, names, dests), new HashMap<>());
        Map<UUID, Planned> plans = new HashMap<>(requests.size() * 2);
        for (Request request : requests) {
            plans.put(request.id(), plan(request, batch));
        }
        refuseTakenPaths(tx, requests, plans);
        return plans;
    }

    /** What {@link #planAll} loaded for its requests in a few statements. */
    private record Batch(Function<UUID, RseView> view, Map<String, FileInfo> files, Map<UUID, Set<UUID>> allowedByRule,
                         Map<UUID, List<Source>> sources, Map<UUID, String> destPaths, Map<String, Boolean> directLinks) {
    }

    /** The RSEs as transfers see them, each read once per batch. */
    private Function<UUID, RseView> views(Tx tx) {
        Map<UUID, RseView> views = new HashMap<>();
        return id -> views.computeIfAbsent(id, key -> {
            Rse rse = rses.findById(tx, key).orElse(null);
            if (rse == null) {
                return null;
            }
            List<RseProtocol> protocols = rses.protocols(tx, key);
            String algorithm = Lfn2Pfn.algorithm(rses.attributes(tx, key));
            return new RseView(rse, best(protocols, "read"), best(protocols, "write"), algorithm,
                    TransferPaths.usable(storage, protocols));
        });
    }

    private static Map<String, FileInfo> files(Tx tx, Object scopes, Object names) {
        Map<String, FileInfo> files = new HashMap<>();
        tx.query("select d.scope, d.name, coalesce(d.bytes, 0), d.adler32, d.md5 from dids d join unnest(?::text[], ?::text[]) as u(s, n) "
                + "on d.scope = u.s and d.name = u.n", rs -> files.put(rs.getString(1) + ":" + rs.getString(2),
                new FileInfo(rs.getLong(3), rs.getString(4), rs.getString(5))), scopes, names);
        return files;
    }

    /** Per rule with a source_replica_expression, the RSEs it allows to read from. */
    private Map<UUID, Set<UUID>> allowedSources(Tx tx, List<Request> requests) {
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
        return allowedByRule;
    }

    private static Map<UUID, List<Source>> sources(Tx tx, Object ids, Object scopes, Object names, Object dests) {
        Map<UUID, List<Source>> sources = new HashMap<>();
        tx.query("select u.id, r.rse_id, r.path, coalesce(d.distance, " + SourceRanking.NO_DISTANCE + ") from unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[]) "
                        + "as u(id, s, n, dest) join replicas r on r.scope = u.s and r.name = u.n and r.state = 'AVAILABLE' and r.rse_id <> u.dest "
                        + "join rses x on x.id = r.rse_id and x.availability_read and not x.deleted "
                        + "left join distances d on d.src_rse_id = r.rse_id and d.dest_rse_id = u.dest",
                rs -> sources.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                        .add(new Source(rs.getObject(2, UUID.class), rs.getString(3), rs.getInt(4))), ids, scopes, names, dests);
        return sources;
    }

    private static Map<UUID, String> destPaths(Tx tx, Object ids, Object scopes, Object names, Object dests) {
        Map<UUID, String> destPaths = new HashMap<>();
        tx.query("select u.id, r.path from unnest(?::uuid[], ?::text[], ?::text[], ?::uuid[]) as u(id, s, n, dest) "
                        + "join replicas r on r.scope = u.s and r.name = u.n and r.rse_id = u.dest where r.path is not null",
                rs -> destPaths.put(rs.getObject(1, UUID.class), rs.getString(2)), ids, scopes, names, dests);
        return destPaths;
    }

    private Planned plan(Request request, Batch batch) {
        FileInfo file = batch.files().get(request.scope() + ":" + request.name());
        RseView dest = batch.view().apply(request.destRseId());
        if (file == null) {
            return new Refusal("File " + request.scope() + ":" + request.name() + " is not in the catalogue any more");
        }
        if (dest == null || dest.write().isEmpty()) {
            return new Refusal("RSE " + (dest == null ? request.destRseId() : dest.rse().name())
                    + " has no writable protocol that Laguna can use");
        }
        Set<UUID> allowed = request.ruleId() == null ? null : batch.allowedByRule().get(request.ruleId());
        List<SourceRanking.Candidate> candidates = new ArrayList<>();
        Map<UUID, String> paths = new HashMap<>();
        for (Source source : batch.sources().getOrDefault(request.id(), List.of())) {
            RseView from = batch.view().apply(source.rseId());
            if (from != null && from.read().isPresent()) {
                candidates.add(new SourceRanking.Candidate(source.rseId(), from.rse().name(), source.distance(),
                        from.read().get().priority("wan", "read")));
                paths.put(source.rseId(), source.path());
            }
        }
        List<Endpoint> endpoints = new ArrayList<>(candidates.size());
        boolean direct = false;
        for (SourceRanking.Candidate source : SourceRanking.rank(candidates, allowed, request.previousSource())) {
            RseView from = batch.view().apply(source.rseId());
            direct = direct || bridgesProtocols || batch.directLinks().computeIfAbsent(source.rseId() + " " + request.destRseId(),
                    k -> TransferPaths.direct(from.usable(), dest.usable()));
            String path = paths.get(source.rseId());
            endpoints.add(new Endpoint(from.rse(), from.read().get(),
                    path != null ? path : Lfn2Pfn.path(from.algorithm(), request.scope(), request.name())));
        }
        String destPath = batch.destPaths().getOrDefault(request.id(), Lfn2Pfn.path(dest.algorithm(), request.scope(), request.name()));
        return new Plan(file.bytes(), file.adler32(), file.md5(), endpoints,
                new Endpoint(dest.rse(), dest.write().get(), destPath), !dest.rse().deterministic(), direct || endpoints.isEmpty());
    }

    /**
     * A copy to a non-deterministic RSE keeps its destination path, which must not be the path of another file's
     * replica there: the copy would overwrite that file. Such requests get the reason instead of a plan.
     */
    /** Of (request id, destination RSE, path, scope, name), the ids whose path another file's replica holds there. */
    static final String TAKEN_PATHS = "select u.id, u.p from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[]) as u(id, dest, p, s, n) "
            + "where exists (select 1 from replicas o where o.rse_id = u.dest and o.path = u.p and (o.scope <> u.s or o.name <> u.n))";

    private static void refuseTakenPaths(Tx tx, List<Request> requests, Map<UUID, Planned> plans) {
        Map<UUID, Plan> keeping = new LinkedHashMap<>();
        List<Request> keepingRequests = new ArrayList<>();
        for (Request request : requests) {
            if (plans.get(request.id()) instanceof Plan plan && plan.destinationKeepsPath()) {
                keeping.put(request.id(), plan);
                keepingRequests.add(request);
            }
        }
        if (keeping.isEmpty()) {
            return;
        }
        tx.query(TAKEN_PATHS, rs -> {
                    Plan plan = keeping.get(rs.getObject(1, UUID.class));
                    return plans.put(rs.getObject(1, UUID.class), new Refusal("Path " + rs.getString(2) + " on "
                            + plan.destination().rse().name() + " is already the replica of another file"));
                },
                tx.array("uuid", keepingRequests.stream().map(Request::id).toArray()),
                tx.array("uuid", keepingRequests.stream().map(Request::destRseId).toArray()),
                tx.array("text", keepingRequests.stream().map(r -> keeping.get(r.id()).destination().path()).toArray()),
                tx.array("text", keepingRequests.stream().map(Request::scope).toArray()),
                tx.array("text", keepingRequests.stream().map(Request::name).toArray()));
    }

    /** The supported protocol with the best (lowest supported) WAN priority for an operation. */
    private Optional<RseProtocol> best(List<RseProtocol> protocols, String operation) {
        return protocols.stream()
                .filter(p -> storage.supports(p.scheme()) && p.supports("wan", operation))
                .min(Comparator.comparingInt(p -> p.priority("wan", operation)));
    }
}
