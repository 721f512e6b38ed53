package org.laguna.core.replica;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.ReplicaState;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.laguna.core.did.DidKey;
import org.laguna.core.did.NewFileMetadata;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.rse.RseResolver;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.core.rule.ReplicaArrivals;
import org.laguna.core.storage.SigningService;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/**
 * Use cases of file replicas. Registration is set-based: one statement per step for a whole
 * batch, all-or-nothing. Listing streams from a cursor, grouped per file, with flat memory.
 */
public final class ReplicaService {
    private final Database database;
    private final Permissions permissions;
    private final Clock clock;
    private final RseRepository rses = new RseRepository();
    private final RseResolver resolver = new RseResolver(rses);

    private final SigningService signing;

    public ReplicaService(Database database, Permissions permissions, Clock clock, SigningService signing) {
        this.signing = Objects.requireNonNull(signing, "signing is null");
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** Registers replicas on one RSE, creating the file DIDs that do not exist yet. Returns how many. */
    public int addReplicas(Caller caller, String rseName, List<NewReplica> files, boolean ignoreAvailability) {
        if (files.isEmpty()) {
            return 0;
        }
        Set<String> seen = new HashSet<>();
        for (NewReplica file : files) {
            if (!seen.add(file.scope() + ":" + file.name())) {
                throw new LagunaException(ErrorCode.DUPLICATE, "File replica " + file.scope() + ":" + file.name() + " is given twice");
            }
        }
        int added = database.inTransaction(tx -> addReplicas(tx, caller, rseName, files, ignoreAvailability));
        database.statistics().wrote("replicas", added);
        database.statistics().wrote("dids", added);
        return added;
    }

    /** As {@link #addReplicas(Caller, String, List, boolean)}, inside the caller's transaction (files given once each). */
    public int addReplicas(Tx tx, Caller caller, String rseName, List<NewReplica> files, boolean ignoreAvailability) {
        Rse rse = rses.require(tx, caller.vo(), rseName);
        // as Rucio: without the permission the availability is checked, not refused (the client asks to ignore it by default)
        boolean ignore = ignoreAvailability && permissions.allows(tx, caller, Actions.SKIP_AVAILABILITY_CHECK, "rse", rseName);
        if (!rse.availabilityWrite() && !ignore) {
            throw new LagunaException(ErrorCode.RSE_OPERATION_NOT_SUPPORTED, "RSE '" + rseName + "' is not available for writing");
        }
        checkScopes(tx, caller, files.stream().map(NewReplica::scope).toList(), Actions.ADD_REPLICAS, rseName);
        String[] paths = paths(tx, rse, files);
        checkPathsFree(tx, rse, files, paths);
        return insert(tx, caller, rse, rseName, files, paths);
    }

    /** Registers the files as DIDs where new, checks the known ones match, and inserts the replicas. */
    private int insert(Tx tx, Caller caller, Rse rse, String rseName, List<NewReplica> files, String[] paths) {
        int n = files.size();
        String[] scopes = new String[n];
        String[] names = new String[n];
        Long[] bytes = new Long[n];
        String[] adler32 = new String[n];
        String[] md5 = new String[n];
        String[] states = new String[n];
        UUID[] guids = new UUID[n];
        for (int i = 0; i < n; i++) {
            NewReplica f = files.get(i);
            scopes[i] = f.scope();
            names[i] = f.name();
            bytes[i] = f.bytes();
            adler32[i] = f.adler32();
            md5[i] = f.md5();
            states[i] = f.state().name();
            guids[i] = f.guid();
        }
        Object[] arrays = {tx.array("text", scopes), tx.array("text", names), tx.array("bigint", bytes),
                tx.array("text", adler32), tx.array("text", md5)};
        Set<String> made = new HashSet<>(tx.query("insert into dids (scope, name, did_type, account, bytes, adler32, md5, guid)"
                + " select t.s, t.n, 'FILE', ?, t.b, t.a, t.m, t.g"
                + " from unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::uuid[]) as t(s, n, b, a, m, g)"
                + " on conflict (scope, name) do nothing returning scope || ':' || name",
                rs -> rs.getString(1), caller.account(), arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], tx.array("uuid", guids)));
        newFileMetadata(tx, files, made);
        tx.queryOne("select d.scope, d.name, d.did_type, d.bytes, t.b, d.adler32, t.a from dids d"
                + " join unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[]) as t(s, n, b, a, m) on d.scope = t.s and d.name = t.n"
                + " where d.did_type <> 'FILE' or d.bytes is distinct from t.b"
                + " or (d.adler32 is not null and t.a is not null and d.adler32 <> t.a)"
                + " or (d.md5 is not null and t.m is not null and d.md5 <> t.m) limit 1",
                rs -> {
                    String did = rs.getString(1) + ":" + rs.getString(2);
                    if (!"FILE".equals(rs.getString(3))) {
                        return new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, did + " is a " + rs.getString(3) + ", not a file");
                    }
                    return new LagunaException(ErrorCode.FILE_CONSISTENCY_MISMATCH, "File " + did + " is registered with bytes="
                            + rs.getLong(4) + " adler32=" + rs.getString(6) + " but the replica says bytes=" + rs.getLong(5)
                            + " adler32=" + rs.getString(7));
                }, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4])
                .ifPresent(e -> {
                    throw e;
                });
        tx.queryOne("select r.scope, r.name from replicas r join unnest(?::text[], ?::text[]) as t(s, n)"
                + " on r.scope = t.s and r.name = t.n where r.rse_id = ? limit 1",
                rs -> rs.getString(1) + ":" + rs.getString(2), arrays[0], arrays[1], rse.id())
                .ifPresent(did -> {
                    throw new LagunaException(ErrorCode.DUPLICATE, "File replica " + did + " already exists on " + rseName);
                });
        return tx.update("insert into replicas (scope, name, rse_id, bytes, adler32, md5, path, state, created_at, updated_at)"
                + " select t.s, t.n, ?, t.b, t.a, t.m, t.p, t.st, ?, ?"
                + " from unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[]) as t(s, n, b, a, m, p, st)",
                rse.id(), clock.instant(), clock.instant(), arrays[0], arrays[1], arrays[2], arrays[3], arrays[4],
                tx.array("text", paths), tx.array("text", states));
    }

    /** Sets the {@code meta} keys of the files this registration made, as Rucio does (the GUID is set already). */
    private void newFileMetadata(Tx tx, List<NewReplica> files, Set<String> made) {
        Instant now = clock.instant();
        for (NewReplica file : files) {
            if (file.meta() != null && made.contains(file.scope() + ":" + file.name())) {
                ObjectNode meta = file.meta().deepCopy();
                meta.remove("guid");
                NewFileMetadata.apply(tx, new DidKey(file.scope(), file.name()), meta, now);
            }
        }
    }

    /** Storage paths to keep: given PFNs on non-deterministic RSEs; checked but not kept on deterministic ones. */
    private String[] paths(Tx tx, Rse rse, List<NewReplica> files) {
        String[] paths = new String[files.size()];
        List<RseProtocol> protocols = null;
        String algorithm = null;
        for (int i = 0; i < files.size(); i++) {
            NewReplica file = files.get(i);
            if (file.pfn() == null) {
                if (!rse.deterministic()) {
                    throw new LagunaException(ErrorCode.INVALID_PATH, "RSE '" + rse.name()
                            + "' is non-deterministic: the pfn of " + file.scope() + ":" + file.name() + " is needed");
                }
                continue;
            }
            if (protocols == null) {
                protocols = rses.protocols(tx, rse.id());
                algorithm = Lfn2Pfn.algorithm(rses.attributes(tx, rse.id()));
            }
            if (rse.deterministic()) {
                String expected = Lfn2Pfn.path(algorithm, file.scope(), file.name());
                boolean matches = protocols.stream().anyMatch(p -> p.pfn(expected).equals(file.pfn()));
                if (!matches) {
                    throw new LagunaException(ErrorCode.INVALID_PATH, "PFN " + file.pfn() + " of " + file.scope() + ":" + file.name()
                            + " does not match the deterministic path " + expected + " on " + rse.name());
                }
            } else {
                paths[i] = PfnPaths.relativePath(protocols, file.pfn()).orElseThrow(() -> new LagunaException(ErrorCode.INVALID_PATH,
                        "PFN " + file.pfn() + " matches no protocol of RSE " + rse.name()));
                PfnPaths.unsafe(paths[i]).ifPresent(why -> {
                    throw new LagunaException(ErrorCode.INVALID_PATH, "PFN " + file.pfn() + " of " + file.scope() + ":" + file.name() + " " + why);
                });
            }
        }
        return paths;
    }

    /** Refuses paths given twice in the batch or already held by a replica of another file on the RSE: one file, one replica. */
    private static void checkPathsFree(Tx tx, Rse rse, List<NewReplica> files, String[] paths) {
        Map<String, String> owners = new HashMap<>();
        for (int i = 0; i < paths.length; i++) {
            String did = files.get(i).scope() + ":" + files.get(i).name();
            if (paths[i] != null && owners.putIfAbsent(paths[i], did) != null) {
                throw new LagunaException(ErrorCode.DUPLICATE, "Path " + paths[i] + " on " + rse.name() + " is given for both "
                        + owners.get(paths[i]) + " and " + did);
            }
        }
        if (owners.isEmpty()) {
            return;
        }
        tx.queryOne("select t.p from unnest(?::text[], ?::text[]) as t(p, did) join replicas r on r.rse_id = ? and r.path = t.p"
                        + " where r.scope || ':' || r.name <> t.did limit 1", rs -> rs.getString(1),
                tx.array("text", owners.keySet().toArray()), tx.array("text", owners.keySet().stream().map(owners::get).toArray()), rse.id())
                .ifPresent(path -> {
                    throw new LagunaException(ErrorCode.DUPLICATE, "Path " + path + " on " + rse.name()
                            + " is already the replica of another file: a physical file belongs to one replica");
                });
    }

    private void checkScopes(Tx tx, Caller caller, List<String> scopes, String action, String rseName) {
        Set<String> distinct = new LinkedHashSet<>(scopes);
        Set<String> existing = new HashSet<>(tx.query("select scope from scopes where scope = any(?) and status <> 'DELETED'",
                rs -> rs.getString(1), tx.array("text", distinct.toArray())));
        for (String scope : distinct) {
            if (!existing.contains(scope)) {
                throw new LagunaException(ErrorCode.SCOPE_NOT_FOUND, "Scope '" + scope + "' does not exist");
            }
            permissions.check(tx, caller, action, "scope", scope, "rse", rseName);
        }
    }

    /** Removes replicas (that no rule locks) from an RSE. */
    public void deleteReplicas(Caller caller, String rseName, List<DidKey> files) {
        database.inTransactionVoid(tx -> {
            Rse rse = rses.require(tx, caller.vo(), rseName);
            checkScopes(tx, caller, files.stream().map(DidKey::scope).toList(), Actions.DELETE_REPLICAS, rseName);
            for (DidKey file : files) {
                Optional<Integer> locks = tx.queryOne("select lock_cnt from replicas where scope = ? and name = ? and rse_id = ? for update",
                        rs -> rs.getInt(1), file.scope(), file.name(), rse.id());
                if (locks.isEmpty()) {
                    throw new LagunaException(ErrorCode.REPLICA_NOT_FOUND, "No replica of " + file + " on " + rseName);
                }
                if (locks.get() > 0) {
                    throw new LagunaException(ErrorCode.REPLICA_IS_LOCKED, "Replica of " + file + " on " + rseName + " is locked by a rule");
                }
                tx.update("delete from replicas where scope = ? and name = ? and rse_id = ?", file.scope(), file.name(), rse.id());
            }
            ArchiveCleanup.afterRemoval(tx, files.stream().map(DidKey::scope).toList(), files.stream().map(DidKey::name).toList(),
                    Timestamp.from(clock.instant()));
        });
    }

    /**
     * Marks replicas, each given by RSE and file, for deletion by the reaper at its next pass (the tombstone
     * Rucio calls OBSOLETE, the epoch); a replica that a rule locks, or that does not exist, is refused.
     */
    public void setTombstones(Caller caller, List<Map.Entry<String, DidKey>> replicas) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.SET_TOMBSTONE);
            for (Map.Entry<String, DidKey> replica : replicas) {
                Rse rse = rses.require(tx, caller.vo(), replica.getKey());
                DidKey file = replica.getValue();
                Optional<Integer> locks = tx.queryOne("select lock_cnt from replicas where scope = ? and name = ? and rse_id = ? for update",
                        rs -> rs.getInt(1), file.scope(), file.name(), rse.id());
                if (locks.isEmpty()) {
                    throw new LagunaException(ErrorCode.REPLICA_NOT_FOUND, "Replica " + file + " on RSE " + replica.getKey() + " could not be found");
                }
                if (locks.get() > 0) {
                    throw new LagunaException(ErrorCode.REPLICA_IS_LOCKED, "Replica " + file + " on RSE " + replica.getKey() + " is locked");
                }
                tx.update("update replicas set tombstone = ?, updated_at = ? where scope = ? and name = ? and rse_id = ?",
                        Timestamp.from(Instant.EPOCH), Timestamp.from(clock.instant()), file.scope(), file.name(),
                        rse.id());
            }
        });
    }

    /** Sets replica states on an RSE. */
    public void updateStates(Caller caller, String rseName, Map<DidKey, ReplicaState> states) {
        database.inTransactionVoid(tx -> {
            Rse rse = rses.require(tx, caller.vo(), rseName);
            checkScopes(tx, caller, states.keySet().stream().map(DidKey::scope).toList(), Actions.UPDATE_REPLICAS_STATES, rseName);
            states.forEach((file, state) -> {
                if (tx.update("update replicas set state = ?, updated_at = ? where scope = ? and name = ? and rse_id = ?",
                        state.name(), clock.instant(), file.scope(), file.name(), rse.id()) == 0) {
                    throw new LagunaException(ErrorCode.REPLICA_NOT_FOUND, "No replica of " + file + " on " + rseName);
                }
                if (state == ReplicaState.AVAILABLE) {
                    ReplicaArrivals.arrived(tx, file.scope(), file.name(), rse.id(), clock.instant());
                }
            });
        });
    }

    /** Streams one answer per file of the given DIDs (collections resolved recursively), ordered by scope and name. */
    public void listReplicas(Caller caller, ReplicaListRequest request, Consumer<ReplicaListing> sink) {
        if (request.dids().isEmpty()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "List of DIDs is empty");
        }
        String domain = request.domain();
        if (!domain.equals("wan") && !domain.equals("lan")) {
            throw new LagunaException(ErrorCode.RSE_PROTOCOL_DOMAIN_NOT_SUPPORTED, "Domain '" + domain + "' is not supported: use lan or wan");
        }
        database.readOnly(tx -> {
            Map<UUID, ReplicaPfns.RseView> views = views(tx, caller, request);
            List<DidKey> dids = List.copyOf(new LinkedHashSet<>(request.dids()));
            Object scopes = tx.array("text", dids.stream().map(DidKey::scope).toArray());
            Object names = tx.array("text", dids.stream().map(DidKey::name).toArray());
            List<String> found = tx.query("select d.scope || ':' || d.name from dids d join unnest(?::text[], ?::text[]) as t(s, n)"
                    + " on d.scope = t.s and d.name = t.n", rs -> rs.getString(1), scopes, names);
            if (found.size() != dids.size()) {
                Set<String> present = new HashSet<>(found);
                DidKey missing = dids.stream().filter(d -> !present.contains(d.toString())).findFirst().orElseThrow();
                throw new LagunaException(ErrorCode.DATA_IDENTIFIER_NOT_FOUND, "Data identifier '" + missing + "' not found");
            }
            List<Object> params = new ArrayList<>(List.of(scopes, names));
            StringBuilder sql = new StringBuilder("""
                    with recursive input(scope, name) as (select * from unnest(?::text[], ?::text[])),
                    tree(scope, name, did_type) as (
                      select d.scope, d.name, d.did_type from dids d join input i on d.scope = i.scope and d.name = i.name
                      union all
                      select c.child_scope, c.child_name, c.child_type from contents c
                        join tree t on c.scope = t.scope and c.name = t.name where t.did_type <> 'FILE'),
                    files as (select scope, name from (select distinct scope, name from tree where did_type = 'FILE') all_files
                    """);
            request.nrandom().ifPresent(n -> {
                sql.append(" order by random() limit ?");
                params.add(n);
            });
            // a file inside archives is also read through the replicas of its archives, as Rucio lists it
            String available = request.allStates() ? "" : " and r.state = 'AVAILABLE'";
            sql.append(")\n" + """
                    select f.scope, f.name, d.bytes, d.md5, d.adler32, r.rse_id, r.path, r.state, null as a_scope, null as a_name
                      from files f join dids d on d.scope = f.scope and d.name = f.name
                      left join replicas r on r.scope = f.scope and r.name = f.name and r.rse_id = any(?::uuid[])""" + available + """
                    union all
                    select f.scope, f.name, a.bytes, a.md5, a.adler32, r.rse_id, r.path, r.state, a.scope, a.name
                      from files f join archive_contents a on a.child_scope = f.scope and a.child_name = f.name
                      join replicas r on r.scope = a.scope and r.name = a.name and r.rse_id = any(?::uuid[])""" + available + """
                     order by 1, 2, 9 nulls first
                    """);
            Object rseIds = tx.array("uuid", views.keySet().toArray());
            params.add(rseIds);
            params.add(rseIds);
            FileGrouper grouper = new FileGrouper(views, sink);
            tx.stream(sql.toString(), rs -> new Row(rs.getString(1), rs.getString(2), Tx.longOrNull(rs, "bytes"),
                    rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class), rs.getString(7), rs.getString(8),
                    rs.getString(9) == null ? null : new DidKey(rs.getString(9), rs.getString(10))), grouper, params.toArray());
            grouper.flush();
            return null;
        });
    }

    /** The RSEs a listing may answer from (all, or those of the expression), with their readable protocols. */
    private Map<UUID, ReplicaPfns.RseView> views(Tx tx, Caller caller, ReplicaListRequest request) {
        String vo = caller.vo();
        Set<UUID> allowed = null;
        if (request.rseExpression().isPresent()) {
            allowed = new HashSet<>();
            for (RseCandidate candidate : resolver.resolve(tx, vo, request.rseExpression().get())) {
                allowed.add(candidate.id());
            }
        }
        Map<UUID, ReplicaPfns.RseView> views = new HashMap<>();
        for (Rse rse : rses.list(tx, vo)) {
            if (allowed != null && !allowed.contains(rse.id())) {
                continue;
            }
            Map<String, Object> attributes = rses.attributes(tx, rse.id());
            UnaryOperator<String> sign = UnaryOperator.identity();
            Object signUrl = attributes.get("sign_url");
            if (signUrl != null && !Boolean.FALSE.equals(signUrl) && !"false".equalsIgnoreCase(signUrl.toString())) {
                Duration lifetime = request.signatureLifetime().map(Duration::ofSeconds).orElse(signing.defaultLifetime());
                signing.requireLifetime(lifetime);
                sign = pfn -> signing.canSign(pfn.substring(0, Math.max(0, pfn.indexOf("://"))))
                        ? signing.sign(caller, rse.name(), pfn, "read", lifetime).toString() : pfn;
            }
            views.put(rse.id(), new ReplicaPfns.RseView(rse,
                    Lfn2Pfn.algorithm(attributes),
                    ReplicaPfns.readable(rses.protocols(tx, rse.id()), request.domain(), request.schemes()), request.domain(), sign));
        }
        return views;
    }

    private record Row(String scope, String name, Long bytes, String md5, String adler32, UUID rseId, String path, String state,
            DidKey archive) {
    }

    /** Collects consecutive rows of one file and hands out one answer per file. */
    private static final class FileGrouper implements Consumer<Row> {
        private final Map<UUID, ReplicaPfns.RseView> views;
        private final Consumer<ReplicaListing> sink;
        private Row first;
        private final List<ReplicaPfns.Copy> copies = new ArrayList<>();

        FileGrouper(Map<UUID, ReplicaPfns.RseView> views, Consumer<ReplicaListing> sink) {
            this.views = views;
            this.sink = sink;
        }

        @Override
        public void accept(Row row) {
            if (first != null && !(first.scope().equals(row.scope()) && first.name().equals(row.name()))) {
                flush();
            }
            if (first == null) {
                first = row;
            }
            if (row.rseId() != null) {
                copies.add(new ReplicaPfns.Copy(row.rseId(), row.path(), ReplicaState.valueOf(row.state()), row.archive()));
            }
        }

        void flush() {
            if (first == null) {
                return;
            }
            sink.accept(ReplicaPfns.file(first.scope(), first.name(), first.bytes(), first.md5(), first.adler32(), copies, views));
            first = null;
            copies.clear();
        }
    }

    /**
     * Declares replicas bad, given as PFNs or as {@code scope:name} on an RSE. Answers what could not be
     * declared, per RSE ({@code "unknown"} when no RSE matched a PFN).
     */
    public Map<String, List<String>> declareBad(Caller caller, String reason, List<String> pfns, List<Map.Entry<String, DidKey>> byRse) {
        return database.inTransaction(tx -> {
            permissions.check(tx, caller, Actions.DECLARE_BAD_FILE_REPLICAS);
            Map<String, List<String>> failed = new LinkedHashMap<>();
            List<Rse> all = rses.list(tx, caller.vo());
            for (String pfn : pfns) {
                Optional<Map.Entry<Rse, DidKey>> replica = PfnPaths.resolve(tx, rses, all, pfn);
                if (replica.isEmpty()) {
                    failed.computeIfAbsent("unknown", k -> new ArrayList<>()).add(pfn + " Unknown replica");
                } else if (!markBad(tx, caller, replica.get().getKey(), replica.get().getValue(), reason)) {
                    failed.computeIfAbsent(replica.get().getKey().name(), k -> new ArrayList<>()).add(pfn + " Unknown replica");
                }
            }
            for (Map.Entry<String, DidKey> entry : byRse) {
                Optional<Rse> rse = rses.find(tx, caller.vo(), entry.getKey());
                if (rse.isEmpty() || !markBad(tx, caller, rse.get(), entry.getValue(), reason)) {
                    failed.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue() + " Unknown replica");
                }
            }
            return failed;
        });
    }

    private boolean markBad(Tx tx, Caller caller, Rse rse, DidKey file, String reason) {
        return SuspiciousReplicas.declareBad(tx, file, rse.id(), reason, caller.account(), clock.instant());
    }
}
