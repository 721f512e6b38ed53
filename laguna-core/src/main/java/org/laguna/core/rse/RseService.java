package org.laguna.core.rse;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.Names;
import org.laguna.core.db.Database;
import org.laguna.core.db.Json;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/** Use cases of storage elements: settings, attributes, protocols, distances, limits, usage. */
public final class RseService {
    private final Database database;
    private final Permissions permissions;
    private final Clock clock;
    private final RseRepository rses = new RseRepository();
    private final RseResolver resolver = new RseResolver(rses);

    public RseService(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    public RseRepository repository() {
        return rses;
    }

    public RseResolver resolver() {
        return resolver;
    }

    /** An RSE with its attributes and protocols, as Rucio's get_rse describes it. */
    public record RseInfo(Rse rse, Map<String, Object> attributes, List<RseProtocol> protocols) {
    }

    /** Adds an RSE with the given fixed fields; text fields Rucio mirrors as attributes are also set as attributes. */
    public UUID addRse(Caller caller, String name, List<RseSetting> settings) {
        Names.rse(name);
        Map<String, Object> columns = columns(settings);
        return database.inTransaction(tx -> {
            permissions.check(tx, caller, Actions.ADD_RSE, "rse", name);
            if (rses.find(tx, caller.vo(), name).isPresent()) {
                throw new LagunaException(ErrorCode.DUPLICATE, "RSE '" + name + "' already exists!");
            }
            UUID id = UUID.randomUUID();
            tx.update("insert into rses (id, vo, rse) values (?, ?, ?)", id, caller.vo(), name);
            updateColumns(tx, id, columns);
            rses.setAttribute(tx, id, name, Boolean.TRUE);
            for (RseSetting setting : settings) {
                if (setting instanceof RseSetting.Text text && text.field().mirroredAsAttribute() && text.value() != null
                        && !text.value().isEmpty()) {
                    rses.setAttribute(tx, id, text.field().key(), text.value());
                }
            }
            return id;
        });
    }

    public RseInfo info(Caller caller, String name) {
        return database.readOnly(tx -> {
            Rse rse = rses.require(tx, caller.vo(), name);
            return new RseInfo(rse, rses.attributes(tx, rse.id()), rses.protocols(tx, rse.id()));
        });
    }

    public void updateRse(Caller caller, String name, List<RseSetting> settings) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.UPDATE_RSE, "rse", name);
            Rse rse = rses.require(tx, caller.vo(), name);
            applySettings(tx, rse.id(), settings);
        });
    }

    /** Sets the fixed fields; text fields Rucio mirrors as attributes are set (or, when null, removed) as attributes too. */
    private void applySettings(Tx tx, UUID rseId, List<RseSetting> settings) {
        updateColumns(tx, rseId, columns(settings));
        for (RseSetting setting : settings) {
            if (setting instanceof RseSetting.Text text && text.field().mirroredAsAttribute()) {
                if (text.value() == null) {
                    tx.update("delete from rse_attrs where rse_id = ? and key = ?", rseId, text.field().key());
                } else {
                    rses.setAttribute(tx, rseId, text.field().key(), text.value());
                }
            }
        }
    }

    private static Map<String, Object> columns(List<RseSetting> settings) {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (RseSetting setting : settings) {
            columns.put(setting.field().column(), setting.columnValue());
        }
        return columns;
    }

    private void updateColumns(Tx tx, UUID id, Map<String, Object> columns) {
        if (columns.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("update rses set updated_at = ?");
        List<Object> params = new ArrayList<>();
        params.add(clock.instant());
        columns.forEach((column, value) -> {
            // column names come from the fixed fields of RseField
            sql.append(", ").append(column).append(" = ?");
            params.add(value);
        });
        sql.append(" where id = ?");
        params.add(id);
        tx.update(sql.toString(), params.toArray());
    }

    public void deleteRse(Caller caller, String name) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DEL_RSE, "rse", name);
            Rse rse = rses.require(tx, caller.vo(), name);
            if (tx.exists("select 1 from replicas where rse_id = ? limit 1", rse.id())) {
                throw new LagunaException(ErrorCode.RSE_OPERATION_NOT_SUPPORTED, "RSE '" + name + "' is not empty");
            }
            tx.update("update rses set deleted = true, deleted_at = ?, updated_at = ? where id = ?", clock.instant(), clock.instant(), rse.id());
        });
    }

    /** All RSEs of the caller's VO, or those an expression selects (an empty result is an error). */
    public List<Rse> list(Caller caller, Optional<String> expression) {
        return database.readOnly(tx -> {
            if (expression.isEmpty()) {
                return rses.list(tx, caller.vo());
            }
            List<RseCandidate> matched = resolver.resolve(tx, caller.vo(), expression.get());
            List<Rse> result = new ArrayList<>();
            for (RseCandidate candidate : matched) {
                rses.findById(tx, candidate.id()).ifPresent(result::add);
            }
            return result;
        });
    }

    public Map<String, Object> attributes(Caller caller, String name) {
        return database.readOnly(tx -> rses.attributes(tx, rses.require(tx, caller.vo(), name).id()));
    }

    public void setAttribute(Caller caller, String name, String key, Object value) {
        Names.attributeKey(key);
        if (value == null) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "value not defined");
        }
        Object typed = typedAttribute(value);
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.ADD_RSE_ATTRIBUTE, "rse", name, "key", key);
            rses.setAttribute(tx, rses.require(tx, caller.vo(), name).id(), key, typed);
        });
    }

    /** An attribute's value as stored: the texts "true" and "false" become booleans, as in Rucio. */
    private static Object typedAttribute(Object value) {
        return value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))
                ? Boolean.valueOf(s.toLowerCase(Locale.ROOT)) : value;
    }

    public void deleteAttribute(Caller caller, String name, String key) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DEL_RSE_ATTRIBUTE, "rse", name, "key", key);
            Rse rse = rses.require(tx, caller.vo(), name);
            if (tx.update("delete from rse_attrs where rse_id = ? and key = ?", rse.id(), key) == 0) {
                throw new LagunaException(ErrorCode.RSE_ATTRIBUTE_NOT_FOUND, "RSE attribute '" + key + "' of RSE '" + name + "' not found");
            }
        });
    }

    public void addProtocol(Caller caller, String name, RseProtocol protocol) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.ADD_PROTOCOL, "rse", name);
            Rse rse = rses.require(tx, caller.vo(), name);
            if (tx.exists("select 1 from rse_protocols where rse_id = ? and scheme = ? and hostname = ? and port = ?",
                    rse.id(), protocol.scheme(), protocol.hostname(), protocol.port())) {
                throw new LagunaException(ErrorCode.DUPLICATE, "Protocol '" + protocol.scheme() + "' on " + protocol.hostname()
                        + ":" + protocol.port() + " already exists at RSE '" + name + "'");
            }
            insertProtocol(tx, rse.id(), protocol);
        });
    }

    private static void insertProtocol(Tx tx, UUID rseId, RseProtocol protocol) {
        tx.update("""
                insert into rse_protocols (rse_id, scheme, hostname, port, prefix, impl, read_lan, write_lan, delete_lan,
                  read_wan, write_wan, delete_wan, third_party_copy_read, third_party_copy_write, extended_attributes)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, rseId, protocol.scheme(), protocol.hostname(), protocol.port(), protocol.prefix(), protocol.impl(),
                RseProtocol.stored(protocol.readLan()), RseProtocol.stored(protocol.writeLan()),
                RseProtocol.stored(protocol.deleteLan()), RseProtocol.stored(protocol.readWan()),
                RseProtocol.stored(protocol.writeWan()), RseProtocol.stored(protocol.deleteWan()),
                RseProtocol.stored(protocol.thirdPartyCopyRead()), RseProtocol.stored(protocol.thirdPartyCopyWrite()),
                protocol.extendedAttributesJson() == null ? null : new Json(protocol.extendedAttributesJson()));
    }

    /** Changes priorities or settings of the protocols that match scheme (and hostname, port if given). */
    public void updateProtocols(Caller caller, String name, String scheme, Optional<String> hostname, Optional<Integer> port,
            List<ProtocolChange> changes) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.UPDATE_PROTOCOL, "rse", name);
            Rse rse = rses.require(tx, caller.vo(), name);
            List<Object> where = new ArrayList<>(List.of(rse.id(), scheme));
            String filter = protocolFilter(hostname, port, where);
            if (!tx.exists("select 1 from rse_protocols where rse_id = ? and scheme = ?" + filter, where.toArray())) {
                throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "RSE '" + name + "' does not support protocol '" + scheme + "'");
            }
            for (ProtocolChange change : changes) {
                List<Object> params = new ArrayList<>();
                params.add(change.columnValue());
                params.addAll(where);
                // column names come from the fixed settings and operations of ProtocolChange
                tx.update("update rse_protocols set " + change.column() + " = ? where rse_id = ? and scheme = ?" + filter, params.toArray());
            }
        });
    }

    public void deleteProtocols(Caller caller, String name, String scheme, Optional<String> hostname, Optional<Integer> port) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DEL_PROTOCOL, "rse", name);
            Rse rse = rses.require(tx, caller.vo(), name);
            List<Object> where = new ArrayList<>(List.of(rse.id(), scheme));
            String filter = protocolFilter(hostname, port, where);
            if (tx.update("delete from rse_protocols where rse_id = ? and scheme = ?" + filter, where.toArray()) == 0) {
                throw new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED, "RSE '" + name + "' does not support protocol '" + scheme + "'");
            }
        });
    }

    private static String protocolFilter(Optional<String> hostname, Optional<Integer> port, List<Object> params) {
        StringBuilder filter = new StringBuilder();
        hostname.ifPresent(h -> {
            filter.append(" and hostname = ?");
            params.add(h);
        });
        port.ifPresent(p -> {
            filter.append(" and port = ?");
            params.add(p);
        });
        return filter.toString();
    }

    /** One RSE of an export: its description, as {@link #info} gives it, and its limits. */
    public record RseExport(RseInfo info, Map<String, Long> limits) {
    }

    /** A distance of an export, between two RSEs named. */
    public record DistanceExport(String source, UUID sourceId, String destination, UUID destinationId, int distance) {
    }

    /** What Rucio's export holds: every RSE of the caller's VO and, when asked, the distances between them. */
    public record Export(List<RseExport> rses, List<DistanceExport> distances) {
    }

    /** Rucio's export, read in one transaction; for administrators. */
    public Export export(Caller caller, boolean withDistances) {
        return database.readOnly(tx -> {
            if (!permissions.isAdmin(tx, caller)) {
                throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not export data");
            }
            List<RseExport> exported = new ArrayList<>();
            for (Rse rse : rses.list(tx, caller.vo())) {
                Map<String, Long> limits = new LinkedHashMap<>();
                tx.query("select name, value from rse_limits where rse_id = ? order by name", rs -> limits.put(rs.getString(1), rs.getLong(2)), rse.id());
                exported.add(new RseExport(new RseInfo(rse, rses.attributes(tx, rse.id()), rses.protocols(tx, rse.id())), limits));
            }
            List<DistanceExport> distances = !withDistances ? List.of() : tx.query(
                    "select s.rse, s.id, d.rse, d.id, x.distance from distances x join rses s on s.id = x.src_rse_id"
                            + " join rses d on d.id = x.dest_rse_id where s.vo = ? and d.vo = ? and not s.deleted and not d.deleted"
                            + " order by s.rse, d.rse",
                    rs -> new DistanceExport(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getObject(4, UUID.class), rs.getInt(5)),
                    caller.vo(), caller.vo());
            return new Export(exported, distances);
        });
    }

    /**
     * An RSE of Rucio's import: its fixed fields, attributes to set, protocols to add or replace
     * (matched by scheme, hostname and port; null leaves them alone) and its MinFreeSpace limit.
     */
    public record RseImport(String name, List<RseSetting> settings, Map<String, Object> attributes, List<RseProtocol> protocols,
            Long minFreeSpace) {
        public RseImport {
            Names.rse(name);
            settings = List.copyOf(settings);
            Map<String, Object> typed = new LinkedHashMap<>();
            attributes.forEach((key, value) -> {
                Names.attributeKey(key);
                if (value != null) {
                    typed.put(key, typedAttribute(value));
                }
            });
            attributes = Collections.unmodifiableMap(typed);
            protocols = protocols == null ? null : List.copyOf(protocols);
        }
    }

    /** A distance of Rucio's import. */
    public record DistanceImport(String source, String destination, int distance) {
        public DistanceImport {
            if (distance < 0) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "distance must not be negative, got " + distance);
            }
        }
    }

    /**
     * Rucio's import ("edit" mode), in one transaction and for administrators: RSEs are added, or
     * changed when they exist (a deleted one comes back); the attributes, protocols and limit given
     * are set, those not named stay; then the distances are added or changed. Importing the same
     * data twice changes nothing the second time.
     */
    public void importData(Caller caller, List<RseImport> imported, List<DistanceImport> distances) {
        database.inTransactionVoid(tx -> {
            if (!permissions.isAdmin(tx, caller)) {
                throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not import data");
            }
            for (RseImport rse : imported) {
                UUID id = rses.find(tx, caller.vo(), rse.name()).map(Rse::id).orElse(null);
                if (id == null) {
                    id = tx.queryOne("select id from rses where vo = ? and rse = ? and deleted", r -> r.getObject(1, UUID.class),
                            caller.vo(), rse.name()).orElse(null);
                    if (id != null) {
                        tx.update("update rses set deleted = false, deleted_at = null where id = ?", id);
                    } else {
                        id = UUID.randomUUID();
                        tx.update("insert into rses (id, vo, rse) values (?, ?, ?)", id, caller.vo(), rse.name());
                        rses.setAttribute(tx, id, rse.name(), Boolean.TRUE);
                    }
                }
                applySettings(tx, id, rse.settings());
                for (Map.Entry<String, Object> attribute : rse.attributes().entrySet()) {
                    rses.setAttribute(tx, id, attribute.getKey(), attribute.getValue());
                }
                if (rse.protocols() != null) {
                    for (RseProtocol protocol : rse.protocols()) {
                        tx.update("delete from rse_protocols where rse_id = ? and scheme = ? and hostname = ? and port = ?",
                                id, protocol.scheme(), protocol.hostname(), protocol.port());
                        insertProtocol(tx, id, protocol);
                    }
                }
                if (rse.minFreeSpace() != null) {
                    tx.update("insert into rse_limits (rse_id, name, value) values (?, 'MinFreeSpace', ?)"
                            + " on conflict (rse_id, name) do update set value = excluded.value", id, rse.minFreeSpace());
                }
            }
            for (DistanceImport distance : distances) {
                UUID src = rses.require(tx, caller.vo(), distance.source()).id();
                UUID dst = rses.require(tx, caller.vo(), distance.destination()).id();
                if (tx.update("update distances set distance = ? where src_rse_id = ? and dest_rse_id = ?", distance.distance(), src, dst) == 0) {
                    tx.update("insert into distances (src_rse_id, dest_rse_id, distance) values (?, ?, ?)", src, dst, distance.distance());
                }
            }
            permissions.recordChange(tx, caller, "import_data", "rses", String.valueOf(imported.size()), "distances",
                    String.valueOf(distances.size()));
        });
    }

    public Optional<Integer> distance(Caller caller, String source, String destination) {
        return database.readOnly(tx -> {
            UUID src = rses.require(tx, caller.vo(), source).id();
            UUID dst = rses.require(tx, caller.vo(), destination).id();
            return tx.queryOne("select distance from distances where src_rse_id = ? and dest_rse_id = ?", rs -> rs.getInt(1), src, dst);
        });
    }

    /** A distance from or to an RSE: the other RSE and the distance. */
    public record Distance(String source, String destination, int distance) {
    }

    /** The distances from an RSE and to it, read as the single distances are (open to every account of the VO), by the other RSE's name. */
    public List<Distance> distances(Caller caller, String name) {
        return database.readOnly(tx -> {
            UUID id = rses.require(tx, caller.vo(), name).id();
            return tx.query("select s.rse, d.rse, x.distance from distances x join rses s on s.id = x.src_rse_id join rses d on d.id = x.dest_rse_id"
                    + " where (x.src_rse_id = ? or x.dest_rse_id = ?) and not s.deleted and not d.deleted"
                    + " order by case when x.src_rse_id = ? then d.rse else s.rse end, x.src_rse_id = ? desc",
                    rs -> new Distance(rs.getString(1), rs.getString(2), rs.getInt(3)), id, id, id, id);
        });
    }

    /** Adds ({@code create}) or changes the distance from source to destination, and back too when bidirectional. */
    public void setDistance(Caller caller, String source, String destination, int distance, boolean create, boolean bidirectional) {
        if (distance < 0) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "distance must not be negative, got " + distance);
        }
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, create ? Actions.ADD_DISTANCE : Actions.UPDATE_DISTANCE, "source", source, "destination", destination);
            UUID src = rses.require(tx, caller.vo(), source).id();
            UUID dst = rses.require(tx, caller.vo(), destination).id();
            setDistance(tx, src, dst, source + " to " + destination, distance, create);
            if (bidirectional) {
                setDistance(tx, dst, src, destination + " to " + source, distance, create);
            }
        });
    }

    private static void setDistance(Tx tx, UUID src, UUID dst, String fromTo, int distance, boolean create) {
        if (create) {
            if (tx.exists("select 1 from distances where src_rse_id = ? and dest_rse_id = ?", src, dst)) {
                throw new LagunaException(ErrorCode.DUPLICATE, "Distance from " + fromTo + " already exists!");
            }
            tx.update("insert into distances (src_rse_id, dest_rse_id, distance) values (?, ?, ?)", src, dst, distance);
        } else if (tx.update("update distances set distance = ? where src_rse_id = ? and dest_rse_id = ?", distance, src, dst) == 0) {
            throw new LagunaException(ErrorCode.NOT_FOUND, "No distance from " + fromTo);
        }
    }

    /** Removes the distance from source to destination, and the one back too when bidirectional. */
    public void deleteDistance(Caller caller, String source, String destination, boolean bidirectional) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DEL_DISTANCE, "source", source, "destination", destination);
            UUID src = rses.require(tx, caller.vo(), source).id();
            UUID dst = rses.require(tx, caller.vo(), destination).id();
            int deleted = tx.update("delete from distances where (src_rse_id = ? and dest_rse_id = ?) or (? and src_rse_id = ? and dest_rse_id = ?)",
                    src, dst, bidirectional, dst, src);
            if (deleted == 0) {
                throw new LagunaException(ErrorCode.NOT_FOUND, "No distance from " + source + " to " + destination);
            }
        });
    }

    public Map<String, Long> limits(Caller caller, String name) {
        return database.readOnly(tx -> {
            Map<String, Long> limits = new LinkedHashMap<>();
            tx.query("select name, value from rse_limits where rse_id = ? order by name",
                    rs -> limits.put(rs.getString(1), rs.getLong(2)), rses.require(tx, caller.vo(), name).id());
            return limits;
        });
    }

    public void setLimit(Caller caller, String name, String limit, long value) {
        if (limit == null || limit.isBlank()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "name not defined");
        }
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.SET_RSE_LIMITS, "rse", name);
            tx.update("insert into rse_limits (rse_id, name, value) values (?, ?, ?) on conflict (rse_id, name) do update set value = excluded.value",
                    rses.require(tx, caller.vo(), name).id(), limit, value);
        });
    }

    public void deleteLimit(Caller caller, String name, String limit) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.SET_RSE_LIMITS, "rse", name);
            if (tx.update("delete from rse_limits where rse_id = ? and name = ?", rses.require(tx, caller.vo(), name).id(), limit) == 0) {
                throw new LagunaException(ErrorCode.NOT_FOUND, "RSE '" + name + "' has no limit '" + limit + "'");
            }
        });
    }

    /** A usage row of one source (rucio, storage, ...). */
    public record Usage(String rse, UUID rseId, String source, Long used, Long free, Long files, Instant updatedAt) {
    }

    public void usage(Caller caller, String name, Optional<String> source, Consumer<Usage> sink) {
        database.readOnly(tx -> {
            Rse rse = rses.require(tx, caller.vo(), name);
            if (source.isEmpty() || source.get().equals("rucio")) {
                // kept by the triggers on replicas (V6); an RSE that never held a replica has no row yet
                Usage rucio = tx.queryOne("select used, files, updated_at from rse_usage where rse_id = ? and source = 'rucio'",
                        rs -> new Usage(name, rse.id(), "rucio", rs.getLong(1), null, rs.getLong(2),
                                Tx.instant(rs, "updated_at")), rse.id())
                        .orElse(new Usage(name, rse.id(), "rucio", 0L, null, 0L, clock.instant()));
                sink.accept(rucio);
            }
            tx.query("select source, used, free, files, updated_at from rse_usage where rse_id = ? and source <> 'rucio'"
                    + (source.isPresent() ? " and source = ?" : "") + " order by source",
                    rs -> {
                        sink.accept(new Usage(name, rse.id(), rs.getString(1), Tx.longOrNull(rs, "used"),
                                Tx.longOrNull(rs, "free"), Tx.longOrNull(rs, "files"),
                                Tx.instant(rs, "updated_at")));
                        return null;
                    }, source.isPresent() ? new Object[] {rse.id(), source.get()} : new Object[] {rse.id()});
            return null;
        });
    }

    public void setUsage(Caller caller, String name, String source, Long used, Long free, Long files) {
        if (source == null || source.isBlank()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "source not defined");
        }
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.SET_RSE_USAGE, "rse", name);
            tx.update("insert into rse_usage (rse_id, source, used, free, files, updated_at) values (?, ?, ?, ?, ?, ?)"
                    + " on conflict (rse_id, source) do update set used = excluded.used, free = excluded.free,"
                    + " files = excluded.files, updated_at = excluded.updated_at",
                    rses.require(tx, caller.vo(), name).id(), source, used, free, files, clock.instant());
        });
    }

    /** PFNs of LFNs ({@code scope:name}) on an RSE, for the best protocol of an operation or a given scheme. */
    public Map<String, String> lfns2pfns(Caller caller, String name, List<String> lfns, Optional<String> scheme,
            String operation, String domain) {
        return database.readOnly(tx -> {
            Rse rse = rses.require(tx, caller.vo(), name);
            Map<String, Object> attributes = rses.attributes(tx, rse.id());
            RseProtocol protocol = ProtocolChoice.best(rses.protocols(tx, rse.id()), scheme, operation, domain)
                    .orElseThrow(() -> new LagunaException(ErrorCode.RSE_PROTOCOL_NOT_SUPPORTED,
                            "RSE '" + name + "' has no protocol for " + operation + " in the " + domain + " domain"
                                    + scheme.map(s -> " with scheme " + s).orElse("") + ProtocolChoice.addHint(name, operation, domain)));
            String algorithm = String.valueOf(attributes.getOrDefault("lfn2pfn_algorithm", Lfn2Pfn.DEFAULT_ALGORITHM));
            Map<String, String> pfns = new LinkedHashMap<>();
            for (String lfn : lfns) {
                String[] parts = lfn.split(":", 3);
                if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                    throw new LagunaException(ErrorCode.INVALID_PATH, "LFN(s) in invalid format: " + lfn);
                }
                String path;
                if (parts.length == 3) {
                    path = parts[2];
                } else if (rse.deterministic()) {
                    path = Lfn2Pfn.path(algorithm, parts[0], parts[1]);
                } else {
                    path = tx.queryOne("select path from replicas where scope = ? and name = ? and rse_id = ?",
                            rs -> rs.getString(1), parts[0], parts[1], rse.id())
                            .orElseThrow(() -> new LagunaException(ErrorCode.REPLICA_NOT_FOUND,
                                    "Non-deterministic RSE '" + name + "' has no replica of " + lfn + "; give its path as scope:name:path"));
                }
                pfns.put(parts[0] + ":" + parts[1], protocol.pfn(path));
            }
            return pfns;
        });
    }
}
