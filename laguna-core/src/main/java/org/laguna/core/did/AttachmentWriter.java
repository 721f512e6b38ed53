package org.laguna.core.did;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Tx;
import org.laguna.core.event.DidEvents;
import org.laguna.core.did.DidRecords.Attachment;
import org.laguna.core.did.DidRecords.Child;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Writes attachments inside a transaction: locks and checks the parents, checks each child
 * against the catalogue, adds the new content rows with the parents' sizes, tells the rule
 * evaluator and refuses cycles.
 */
final class AttachmentWriter {
    private final Clock clock;

    AttachmentWriter(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** One distinct edge parent -> child. */
    private record Edge(DidKey parent, Child child) {
        DidKey childKey() {
            return child.did();
        }
    }

    private record ParentState(DidType type, Boolean open) {
    }

    /** What the catalogue holds for an edge's child: null type if the child does not exist. */
    private record ChildState(DidType type, Long bytes, String adler32, String md5, String availability, boolean attached) {
    }

    /** The edges that are not attached yet, and whether any checked edge attaches a container. */
    private record Checked(List<Edge> fresh, boolean containerChild) {
    }

    /** Attaches to collections only, all or nothing, as {@link #attach(Tx, String, List, boolean, boolean)} without archives. */
    void attach(Tx tx, String account, List<Attachment> attachments, boolean ignoreDuplicate) {
        attach(tx, account, attachments, ignoreDuplicate, false);
    }

    /**
     * Attaches all or nothing; with {@code ignoreDuplicate}, edges that exist already are skipped.
     * With {@code archives}, an attachment to a file named like an archive adds files to that
     * archive; files it makes are the {@code account}'s.
     */
    void attach(Tx tx, String account, List<Attachment> attachments, boolean ignoreDuplicate, boolean archives) {
        for (Attachment attachment : attachments) {
            if (attachment.rse() != null) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                        "Registering replicas while attaching (rse=" + attachment.rse() + ") is not supported; add the replicas first, then attach");
            }
        }
        Set<DidKey> parents = new LinkedHashSet<>();
        Map<List<DidKey>, Edge> unique = new LinkedHashMap<>();
        for (Attachment attachment : attachments) {
            parents.add(attachment.parent());
            for (Child child : attachment.children()) {
                unique.putIfAbsent(List.of(attachment.parent(), child.did()), new Edge(attachment.parent(), child));
            }
        }
        Map<DidKey, ParentState> state = lockParents(tx, parents, archives);
        Timestamp at = Timestamp.from(clock.instant());
        for (Attachment attachment : attachments) {
            if (state.get(attachment.parent()).type() == DidType.FILE) {
                ArchiveWriter.add(tx, attachment.parent(), attachment.children(), account, ignoreDuplicate, at);
            }
        }
        unique.values().removeIf(edge -> state.get(edge.parent()).type() == DidType.FILE);
        List<Edge> edges = List.copyOf(unique.values());
        if (edges.isEmpty()) {
            return;
        }
        Checked checked = check(edges, readChildren(tx, edges), state, ignoreDuplicate);
        if (checked.fresh().isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(clock.instant());
        boolean ruled = underRule(tx, parents);
        insert(tx, checked.fresh(), ruled, now);
        List<Edge> fresh = checked.fresh();
        DidEvents.attached(tx, account, fresh.stream().map(e -> e.parent().scope()).toList(), fresh.stream().map(e -> e.parent().name()).toList(),
                fresh.stream().map(e -> e.childKey().scope()).toList(), fresh.stream().map(e -> e.childKey().name()).toList(), now.toInstant());
        if (ruled) {
            // the evaluator extends the rules above these collections to their new content
            tx.update("insert into updated_dids (scope, name, action, created_at) select distinct u.ps, u.pn, 'A', ?::timestamptz "
                            + "from unnest(?::text[], ?::text[]) as u(ps, pn)", now,
                    DidSql.texts(tx, checked.fresh(), e -> e.parent().scope()), DidSql.texts(tx, checked.fresh(), e -> e.parent().name()));
        }
        // a dataset holding an archive is an archive holder too, as in Rucio
        tx.update("update dids d set is_archive = true from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as u(ps, pn, cs, cn) "
                        + "join dids f on f.scope = u.cs and f.name = u.cn and f.is_archive "
                        + "where d.scope = u.ps and d.name = u.pn and d.is_archive is not true",
                DidSql.texts(tx, checked.fresh(), e -> e.parent().scope()), DidSql.texts(tx, checked.fresh(), e -> e.parent().name()),
                DidSql.texts(tx, checked.fresh(), e -> e.childKey().scope()), DidSql.texts(tx, checked.fresh(), e -> e.childKey().name()));
        if (checked.containerChild()) {
            rejectCycles(tx, checked.fresh());
        }
    }

    /** Locks the parents; each must be an open collection, or (with {@code archives}) a file named like an archive. */
    private static Map<DidKey, ParentState> lockParents(Tx tx, Set<DidKey> parents, boolean archives) {
        Map<DidKey, ParentState> state = new HashMap<>();
        tx.query("select d.scope, d.name, d.did_type, d.is_open from dids d "
                        + "join unnest(?::text[], ?::text[]) as u(s, n) on d.scope = u.s and d.name = u.n for update of d",
                rs -> state.put(new DidKey(rs.getString(1), rs.getString(2)),
                        new ParentState(DidType.valueOf(rs.getString(3)), Tx.boolOrNull(rs, "is_open"))),
                DidSql.texts(tx, parents, DidKey::scope), DidSql.texts(tx, parents, DidKey::name));
        for (DidKey parent : parents) {
            ParentState parentState = state.get(parent);
            if (parentState == null) {
                throw DidSql.notFound(parent);
            }
            if (parentState.type() == DidType.FILE && archives && ArchiveWriter.isArchiveName(parent.name())) {
                continue;
            }
            if (parentState.type() == DidType.FILE) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Data identifier '" + parent + "' is a file");
            }
            if (!Boolean.TRUE.equals(parentState.open())) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Data identifier '" + parent + "' is closed");
            }
        }
        return state;
    }

    /** The children of the edges and whether each edge exists already, in the order of the edges. */
    private static List<ChildState> readChildren(Tx tx, List<Edge> edges) {
        return tx.query("select d.did_type, d.bytes, d.adler32, d.md5, d.availability, (c.scope is not null) as attached "
                        + "from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as u(ps, pn, cs, cn, ord) "
                        + "left join dids d on d.scope = u.cs and d.name = u.cn "
                        + "left join contents c on c.scope = u.ps and c.name = u.pn and c.child_scope = u.cs and c.child_name = u.cn "
                        + "order by u.ord",
                rs -> new ChildState(rs.getString(1) == null ? null : DidType.valueOf(rs.getString(1)), Tx.longOrNull(rs, "bytes"),
                        rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6)),
                DidSql.texts(tx, edges, e -> e.parent().scope()), DidSql.texts(tx, edges, e -> e.parent().name()),
                DidSql.texts(tx, edges, e -> e.childKey().scope()), DidSql.texts(tx, edges, e -> e.childKey().name()));
    }

    /** Checks the edges in order; the first bad one fails the whole attachment. */
    private static Checked check(List<Edge> edges, List<ChildState> children, Map<DidKey, ParentState> state, boolean ignoreDuplicate) {
        List<Edge> fresh = new ArrayList<>();
        Map<DidKey, DidType> childTypeOfParent = new HashMap<>();
        boolean containerChild = false;
        for (int i = 0; i < edges.size(); i++) {
            Edge edge = edges.get(i);
            ChildState child = children.get(i);
            if (child.type() == null) {
                throw DidSql.notFound(edge.childKey());
            }
            if (edge.childKey().equals(edge.parent())) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Self-append is not valid: " + edge.parent());
            }
            DidType parentType = state.get(edge.parent()).type();
            if (parentType == DidType.DATASET) {
                checkFile(edge, child);
            } else {
                checkCollection(edge, child, childTypeOfParent);
                containerChild |= child.type() == DidType.CONTAINER;
            }
            if (!child.attached()) {
                fresh.add(edge);
            } else if (!ignoreDuplicate) {
                throw new LagunaException(parentType == DidType.DATASET ? ErrorCode.FILE_ALREADY_EXISTS : ErrorCode.DUPLICATE_CONTENT,
                        "Data identifier '" + edge.childKey() + "' is already attached to '" + edge.parent() + "'");
            }
        }
        return new Checked(fresh, containerChild);
    }

    /** A dataset takes files that are not lost and agree with the sizes and checksums given. */
    private static void checkFile(Edge edge, ChildState child) {
        DidKey key = edge.childKey();
        if (child.type() != DidType.FILE) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                    "Data identifier " + key + " of type " + child.type() + " cannot be added to a dataset");
        }
        if ("LOST".equals(child.availability())) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "File " + key + " is LOST and cannot be attached");
        }
        Child given = edge.child();
        if (given.bytes() != null && !given.bytes().equals(child.bytes())) {
            throw new LagunaException(ErrorCode.FILE_CONSISTENCY_MISMATCH,
                    "bytes mismatch for '" + key + "': " + given.bytes() + "!=" + child.bytes());
        }
        if (given.adler32() != null && !given.adler32().equalsIgnoreCase(String.valueOf(child.adler32()))) {
            throw new LagunaException(ErrorCode.FILE_CONSISTENCY_MISMATCH,
                    "adler32 mismatch for '" + key + "': " + given.adler32() + "!=" + child.adler32());
        }
        if (given.md5() != null && !given.md5().equalsIgnoreCase(String.valueOf(child.md5()))) {
            throw new LagunaException(ErrorCode.FILE_CONSISTENCY_MISMATCH,
                    "md5 mismatch for '" + key + "': " + given.md5() + "!=" + child.md5());
        }
    }

    /** A container takes collections, all of one type. */
    private static void checkCollection(Edge edge, ChildState child, Map<DidKey, DidType> childTypeOfParent) {
        if (child.type() == DidType.FILE) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                    "Adding a file (" + edge.childKey() + ") to a container (" + edge.parent() + ") is forbidden");
        }
        DidType first = childTypeOfParent.putIfAbsent(edge.parent(), child.type());
        if (first != null && first != child.type()) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Mixed collection is not allowed: '"
                    + edge.childKey() + "' is a " + child.type() + " (expected type: " + first + ")");
        }
    }

    /** True if a rule covers any of the parents or a collection above them. */
    private static boolean underRule(Tx tx, Set<DidKey> parents) {
        // only content under a rule needs the evaluator; the rest is marked as seen right away
        return tx.exists("with recursive up(s, n) as (select * from unnest(?::text[], ?::text[]) "
                        + "union select c.scope::text, c.name::text from contents c join up on c.child_scope = up.s and c.child_name = up.n) "
                        + "select 1 from rules r join up on r.scope = up.s and r.name = up.n",
                DidSql.texts(tx, parents, DidKey::scope), DidSql.texts(tx, parents, DidKey::name));
    }

    /** Adds the content rows and grows the parents' length, and a dataset's bytes and events. */
    private static void insert(Tx tx, List<Edge> fresh, boolean ruled, Timestamp now) {
        tx.update("with ins as ("
                        + "insert into contents (scope, name, child_scope, child_name, did_type, child_type, bytes, adler32, md5, guid, events, "
                        + "rule_evaluation, created_at, updated_at) "
                        + "select u.ps, u.pn, u.cs, u.cn, p.did_type, c.did_type, c.bytes, c.adler32, c.md5, c.guid, c.events, ?, ?, ? "
                        + "from unnest(?::text[], ?::text[], ?::text[], ?::text[]) as u(ps, pn, cs, cn) "
                        + "join dids p on p.scope = u.ps and p.name = u.pn join dids c on c.scope = u.cs and c.name = u.cn "
                        + "on conflict do nothing returning scope, name, bytes, events) "
                        + "update dids d set length = coalesce(d.length, 0) + x.cnt, "
                        + "bytes = case when d.did_type = 'DATASET' then coalesce(d.bytes, 0) + x.b else d.bytes end, "
                        + "events = case when d.did_type = 'DATASET' and x.e is not null then coalesce(d.events, 0) + x.e else d.events end, "
                        + "updated_at = ? "
                        + "from (select scope, name, count(*) as cnt, coalesce(sum(bytes), 0) as b, sum(events) as e from ins group by scope, name) x "
                        + "where d.scope = x.scope and d.name = x.name",
                ruled, now, now, DidSql.texts(tx, fresh, e -> e.parent().scope()), DidSql.texts(tx, fresh, e -> e.parent().name()),
                DidSql.texts(tx, fresh, e -> e.childKey().scope()), DidSql.texts(tx, fresh, e -> e.childKey().name()), now);
    }

    /** A new edge parent -> child closes a cycle if the parent is now reachable from the child. */
    private static void rejectCycles(Tx tx, List<Edge> fresh) {
        tx.queryOne("with recursive new(ps, pn, cs, cn) as (select * from unnest(?::text[], ?::text[], ?::text[], ?::text[])), "
                        + "down(rs, rn, s, n) as (select cs, cn, cs, cn from new "
                        + "union select d.rs, d.rn, c.child_scope::text, c.child_name::text from contents c join down d on c.scope = d.s and c.name = d.n "
                        + "where c.child_type = 'CONTAINER') "
                        + "select new.ps, new.pn, new.cs, new.cn from new join down on down.rs = new.cs and down.rn = new.cn "
                        + "and down.s = new.ps and down.n = new.pn limit 1",
                rs -> rs.getString(3) + ":" + rs.getString(4) + " is already a parent of " + rs.getString(1) + ":" + rs.getString(2),
                DidSql.texts(tx, fresh, e -> e.parent().scope()), DidSql.texts(tx, fresh, e -> e.parent().name()),
                DidSql.texts(tx, fresh, e -> e.childKey().scope()), DidSql.texts(tx, fresh, e -> e.childKey().name()))
                .ifPresent(cycle -> {
                    throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Circular attachment detected. " + cycle);
                });
    }
}
