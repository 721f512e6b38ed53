package org.laguna.core.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.laguna.core.db.JsonValues;
import org.laguna.core.db.Tx;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.storage.ServerStorage;
import org.laguna.core.transfer.path.PathFinder;
import org.laguna.core.transfer.path.PathRse;
import org.laguna.core.transfer.path.RseGraph;

/**
 * What the conveyor gives the multi-hop {@link PathFinder}: the protocols of RSEs as copies can
 * use them, whether a source reaches a destination directly, and the graph of a VO's RSEs
 * (protocols, {@code available_for_multihop}, {@code hop_penalty}, distances) read from the
 * catalogue.
 *
 * <p>A protocol counts for copies when a storage plugin of this process supports its scheme; its
 * third-party-copy read (write) priority is its own, or where it has none its WAN read (write)
 * priority, since the built-in tool moves bytes through the WAN protocols. Two RSEs are linked
 * directly when a readable protocol of the source and a writable one of the destination have the
 * same or interchangeable schemes ({@link org.laguna.core.transfer.path.SchemeCompatibility}).
 */
final class TransferPaths {
    private TransferPaths() {
    }

    /** A protocol's priorities as the path finder reads them (see the class comment). */
    static RseProtocol effective(RseProtocol p) {
        int read = p.thirdPartyCopyRead() != RseProtocol.UNSUPPORTED ? p.thirdPartyCopyRead() : p.readWan();
        int write = p.thirdPartyCopyWrite() != RseProtocol.UNSUPPORTED ? p.thirdPartyCopyWrite() : p.writeWan();
        if (read == p.thirdPartyCopyRead() && write == p.thirdPartyCopyWrite()) {
            return p;
        }
        return new RseProtocol(p.scheme(), p.hostname(), p.port(), p.prefix(), p.impl(), p.readLan(), p.writeLan(), p.deleteLan(),
                p.readWan(), p.writeWan(), p.deleteWan(), read, write, p.extendedAttributesJson());
    }

    /** The protocols copies can use, with their effective priorities. */
    static List<RseProtocol> usable(ServerStorage storage, List<RseProtocol> protocols) {
        List<RseProtocol> usable = new ArrayList<>(protocols.size());
        for (RseProtocol protocol : protocols) {
            if (storage.supports(protocol.scheme())) {
                usable.add(effective(protocol));
            }
        }
        return usable;
    }

    /** Whether an RSE with these (usable) protocols can copy directly to one with those. */
    static boolean direct(List<RseProtocol> from, List<RseProtocol> to) {
        return PathFinder.directHop(new PathRse("from", from, false), new PathRse("to", to, false)).isPresent();
    }

    /** The RSEs of a VO in a graph for the path finder, with their ids by name. */
    record Graph(RseGraph graph, Map<String, UUID> ids) {
    }

    /**
     * Reads a VO's live RSEs, their protocols and multi-hop attributes, and the distances between
     * them. An RSE that cannot be read or written is never an intermediate.
     */
    static Graph load(Tx tx, ServerStorage storage, String vo) {
        Map<UUID, String> names = new HashMap<>();
        Map<UUID, Boolean> open = new HashMap<>();
        tx.query("select id, rse, availability_read and availability_write from rses where vo = ? and not deleted", rs -> {
            UUID id = rs.getObject(1, UUID.class);
            names.put(id, rs.getString(2));
            open.put(id, rs.getBoolean(3));
            return null;
        }, vo);
        Map<UUID, List<RseProtocol>> protocols = new HashMap<>();
        tx.query("select p.* from rse_protocols p join rses r on r.id = p.rse_id where r.vo = ? and not r.deleted "
                        + "order by p.hostname, p.scheme, p.port", rs -> {
                    RseProtocol protocol = RseRepository.PROTOCOL.map(rs);
                    protocols.computeIfAbsent(rs.getObject("rse_id", UUID.class), k -> new ArrayList<>()).add(protocol);
                    return null;
                }, vo);
        Map<UUID, Map<String, Object>> attributes = new HashMap<>();
        tx.query("select a.rse_id, a.key, a.value::text from rse_attrs a join rses r on r.id = a.rse_id where r.vo = ? and not r.deleted "
                        + "and a.key in ('available_for_multihop', 'hop_penalty')",
                rs -> attributes.computeIfAbsent(rs.getObject(1, UUID.class), k -> new HashMap<>())
                        .put(rs.getString(2), JsonValues.read(rs.getString(3))), vo);
        RseGraph.Builder graph = RseGraph.builder();
        Map<String, UUID> ids = new HashMap<>();
        names.forEach((id, name) -> {
            ids.put(name, id);
            PathRse rse = PathRse.of(name, usable(storage, protocols.getOrDefault(id, List.of())), attributes.getOrDefault(id, Map.of()));
            graph.rse(Objects.requireNonNull(open.get(id)) ? rse : new PathRse(name, rse.protocols(), false, rse.hopPenalty()));
        });
        tx.query("select d.src_rse_id, d.dest_rse_id, d.distance from distances d join rses r on r.id = d.src_rse_id "
                + "where r.vo = ? and not r.deleted", rs -> {
                    String from = names.get(rs.getObject(1, UUID.class));
                    String to = names.get(rs.getObject(2, UUID.class));
                    if (from != null && to != null && rs.getInt(3) >= 0) {
                        graph.distance(from, to, rs.getInt(3));
                    }
                    return null;
                }, vo);
        return new Graph(graph.build(), ids);
    }
}
