package org.laguna.core.did;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Database;
import org.laguna.core.db.Json;
import org.laguna.core.db.SqlErrors;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidRecords.Attachment;
import org.laguna.core.did.DidRecords.Child;
import org.laguna.core.did.DidRecords.Content;
import org.laguna.core.did.DidRecords.ContentHistory;
import org.laguna.core.did.DidRecords.Did;
import org.laguna.core.did.DidRecords.DidRef;
import org.laguna.core.did.DidRecords.FileEntry;
import org.laguna.core.did.DidRecords.NewDid;
import org.laguna.core.did.DidRecords.Parent;
import org.laguna.core.did.DidRecords.ScopeEntry;
import org.laguna.core.did.DidRecords.SearchHit;
import org.laguna.core.did.filter.DidFilter;
import org.laguna.core.did.filter.FilterSql;
import org.laguna.core.did.filter.SqlFragment;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/** Use cases of the did feature; each opens its own transaction. */
public final class DidService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DID_COLUMNS = "scope, name, did_type, account, is_open, monotonic, hidden, obsolete, complete, "
            + "is_new, availability, suppressed, bytes, length, md5, adler32, guid, events, project, datatype, run_number, "
            + "stream_name, prod_step, version, campaign, task_id, panda_id, lumiblocknr, provenance, phys_group, transient, "
            + "expired_at, eol_at, closed_at, accessed_at, access_cnt, created_at, updated_at";

    private final Database database;
    private final Permissions permissions;
    private final Clock clock;

    public DidService(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    // ---------------------------------------------------------------- create

    /** Creates datasets and containers, with their metadata and content; all or nothing. */
    public void addDids(Caller caller, List<NewDid> dids) {
        if (dids.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Set<DidRef> seen = new HashSet<>();
        for (NewDid did : dids) {
            if (did.type() == DidType.FILE) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                        "Only collection (dataset/container) can be registered: " + did.did() + " is a FILE");
            }
            if (!seen.add(did.did())) {
                throw new LagunaException(ErrorCode.DATA_IDENTIFIER_ALREADY_EXISTS, "Data identifier '" + did.did() + "' is given twice");
            }
        }
        database.inTransactionVoid(tx -> {
            Set<String> scopes = new TreeSet<>();
            dids.forEach(d -> scopes.add(d.did().scope()));
            for (String scope : scopes) {
                permissions.check(tx, caller, Actions.ADD_DID, "scope", scope);
            }
            requireScopes(tx, scopes);
            Set<String> accounts = new TreeSet<>();
            dids.stream().filter(d -> d.account() != null).forEach(d -> accounts.add(d.account()));
            for (String account : accounts) {
                if (!account.equals(caller.account()) && !permissions.isAdmin(tx, caller)) {
                    throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not add DIDs for account " + account);
                }
                if (!tx.exists("select 1 from accounts where account = ? and status <> 'DELETED'", account)) {
                    throw new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account " + account + " not found");
                }
            }
            int n = dids.size();
            String[] s = new String[n];
            String[] nm = new String[n];
            String[] t = new String[n];
            String[] a = new String[n];
            Boolean[] m = new Boolean[n];
            Timestamp[] e = new Timestamp[n];
            for (int i = 0; i < n; i++) {
                NewDid did = dids.get(i);
                s[i] = did.did().scope();
                nm[i] = did.did().name();
                t[i] = did.type().name();
                a[i] = did.account() != null ? did.account() : caller.account();
                m[i] = did.monotonic();
                e[i] = did.lifetimeSeconds() == null ? null
                        : (Timestamp) MetaRules.column("lifetime", JSON.getNodeFactory().numberNode(did.lifetimeSeconds()), now).value();
            }
            Set<DidRef> inserted = new HashSet<>();
            tx.query("insert into dids (scope, name, did_type, account, is_open, monotonic, expired_at, bytes, length, created_at, updated_at) "
                            + "select u.s, u.n, u.t, u.a, true, u.m, u.e, case when u.t = 'DATASET' then 0 end, 0, ?, ? "
                            + "from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::timestamptz[]) as u(s, n, t, a, m, e) "
                            + "on conflict do nothing returning scope, name",
                    rs -> inserted.add(new DidRef(rs.getString(1), rs.getString(2))),
                    Timestamp.from(now), Timestamp.from(now),
                    array(tx, "text", s), array(tx, "text", nm), array(tx, "text", t), array(tx, "text", a),
                    array(tx, "bool", m), array(tx, "timestamptz", e));
            for (NewDid did : dids) {
                if (!inserted.contains(did.did())) {
                    throw new LagunaException(ErrorCode.DATA_IDENTIFIER_ALREADY_EXISTS, "Data identifier '" + did.did() + "' already exists");
                }
            }
            for (NewDid did : dids) {
                if (did.meta() != null && !did.meta().isEmpty()) {
                    applyMetadata(tx, did.did(), did.type(), did.meta(), false, now);
                }
            }
            List<Attachment> contents = new ArrayList<>();
            for (NewDid did : dids) {
                if (!did.children().isEmpty()) {
                    contents.add(new Attachment(did.did(), did.children(), did.rse()));
                }
            }
            if (!contents.isEmpty()) {
                attachInTx(tx, contents, false);
            }
        });
        database.statistics().wrote("dids", dids.size());
    }

    // ---------------------------------------------------------------- read one

    /** Rucio's get_did; with {@code dynamicDepth} the size of collections is counted from contents. */
    public Did getDid(DidRef ref, DidType dynamicDepth) {
        return database.readOnly(tx -> {
            Did did = loadDid(tx, ref);
            if (dynamicDepth == null || did.type() == DidType.FILE) {
                return did;
            }
            long[] sizes = resolveSizes(tx, ref, did.type(), dynamicDepth);
            return new Did(did.scope(), did.name(), did.type(), did.account(), sizes[1], sizes[0], did.md5(), did.adler32(),
                    did.open(), did.monotonic(), did.expiredAt());
        });
    }

    private static Did loadDid(Tx tx, DidRef ref) {
        return tx.queryOne("select scope, name, did_type, account, bytes, length, md5, adler32, is_open, monotonic, expired_at "
                        + "from dids where scope = ? and name = ?",
                rs -> new Did(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3)), rs.getString(4),
                        Tx.longOrNull(rs, "bytes"), Tx.longOrNull(rs, "length"), rs.getString(7), rs.getString(8),
                        Tx.boolOrNull(rs, "is_open"), rs.getBoolean(10), Tx.instant(rs, "expired_at")),
                ref.scope(), ref.name()).orElseThrow(() -> notFound(ref));
    }

    /** {length, bytes, events} of a collection counted from its contents down to {@code depth}. */
    private static long[] resolveSizes(Tx tx, DidRef ref, DidType type, DidType depth) {
        String sql;
        if (type == DidType.DATASET && depth == DidType.FILE) {
            sql = "select count(*), coalesce(sum(bytes), 0), coalesce(sum(events), 0) from contents where scope = ? and name = ?";
        } else if (type == DidType.CONTAINER && depth == DidType.DATASET) {
            sql = DATASETS_BELOW + " select coalesce(sum(d.length), 0), coalesce(sum(d.bytes), 0), coalesce(sum(d.events), 0) "
                    + "from (select distinct scope, name from below where child_type = 'DATASET') x join dids d on d.scope = x.scope and d.name = x.name";
        } else if (type == DidType.CONTAINER) {
            sql = DATASETS_BELOW + " select count(*), coalesce(sum(c.bytes), 0), coalesce(sum(c.events), 0) "
                    + "from (select distinct scope, name from below where child_type = 'DATASET') x join contents c on c.scope = x.scope and c.name = x.name";
        } else {
            sql = "select coalesce(length, 0), coalesce(bytes, 0), coalesce(events, 0) from dids where scope = ? and name = ?";
        }
        return tx.queryOne(sql, rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}, ref.scope(), ref.name())
                .orElse(new long[] {0, 0, 0});
    }

    /** Collections below a container: {@code below(scope, name, child_type)} with the child's own key. */
    private static final String DATASETS_BELOW = "with recursive below(scope, name, child_type) as ("
            + "select child_scope, child_name, child_type from contents where scope = ? and name = ? and child_type <> 'FILE' "
            + "union select c.child_scope, c.child_name, c.child_type from contents c join below b on c.scope = b.scope and c.name = b.name "
            + "where b.child_type = 'CONTAINER' and c.child_type <> 'FILE')";

    // ---------------------------------------------------------------- status

    /** Rucio's set_status: only {@code open}; closing fixes the collection's size. */
    public void setStatus(Caller caller, DidRef ref, Map<String, Boolean> statuses) {
        for (String key : statuses.keySet()) {
            if (!key.equals("open")) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_STATUS, "The status " + key + " is not a valid data identifier status.");
            }
        }
        Boolean open = statuses.get("open");
        if (open == null) {
            return;
        }
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.SET_STATUS, "scope", ref.scope(), "name", ref.name());
            Did did = tx.queryOne("select did_type from dids where scope = ? and name = ? for update",
                    rs -> DidType.valueOf(rs.getString(1)), ref.scope(), ref.name())
                    .map(type -> loadDid(tx, ref)).orElseThrow(() -> notFound(ref));
            if (open && !permissions.isAdmin(tx, caller)) {
                throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not reopen " + ref);
            }
            int rows;
            if (!open) {
                long[] sizes = did.type() == DidType.FILE ? new long[3] : resolveSizes(tx, ref, did.type(), DidType.FILE);
                rows = tx.update("update dids set is_open = false, closed_at = ?, length = ?, bytes = ?, events = ?, updated_at = ? "
                                + "where scope = ? and name = ? and is_open and did_type <> 'FILE'",
                        Timestamp.from(clock.instant()), sizes[0], sizes[1], sizes[2], Timestamp.from(clock.instant()), ref.scope(), ref.name());
            } else {
                rows = tx.update("update dids set is_open = true, closed_at = null, updated_at = ? "
                                + "where scope = ? and name = ? and not is_open and did_type <> 'FILE'",
                        Timestamp.from(clock.instant()), ref.scope(), ref.name());
            }
            if (rows == 0) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "The status of the data identifier '" + ref + "' cannot be changed");
            }
        });
    }

    // ---------------------------------------------------------------- attach / detach

    /** Attaches children to collections; all or nothing. */
    public void attach(Caller caller, List<Attachment> attachments, boolean ignoreDuplicate) {
        if (attachments.isEmpty()) {
            return;
        }
        database.inTransactionVoid(tx -> {
            Set<String> scopes = new TreeSet<>();
            attachments.forEach(a -> scopes.add(a.parent().scope()));
            for (String scope : scopes) {
                permissions.check(tx, caller, Actions.ATTACH_DIDS, "scope", scope);
            }
            attachInTx(tx, attachments, ignoreDuplicate);
        });
        database.statistics().wrote("contents", attachments.stream().mapToLong(a -> a.children().size()).sum());
    }

    private record Row(DidRef parent, Child child) {
    }

    private record ParentState(DidType type, Boolean open) {
    }

    private void attachInTx(Tx tx, List<Attachment> attachments, boolean ignoreDuplicate) {
        for (Attachment attachment : attachments) {
            if (attachment.rse() != null) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                        "Registering replicas while attaching (rse=" + attachment.rse() + ") is not supported; add the replicas first, then attach");
            }
        }
        // one row per distinct (parent, child)
        Map<List<DidRef>, Row> unique = new LinkedHashMap<>();
        Set<DidRef> parents = new LinkedHashSet<>();
        for (Attachment attachment : attachments) {
            parents.add(attachment.parent());
            for (Child child : attachment.children()) {
                unique.putIfAbsent(List.of(attachment.parent(), child.did()), new Row(attachment.parent(), child));
            }
        }
        List<Row> rows = new ArrayList<>(unique.values());
        // lock the parents and read their state
        Map<DidRef, ParentState> state = new HashMap<>();
        String[] ps = new String[parents.size()];
        String[] pn = new String[parents.size()];
        int k = 0;
        for (DidRef parent : parents) {
            ps[k] = parent.scope();
            pn[k++] = parent.name();
        }
        tx.query("select d.scope, d.name, d.did_type, d.is_open from dids d "
                        + "join unnest(?::text[], ?::text[]) as u(s, n) on d.scope = u.s and d.name = u.n for update of d",
                rs -> state.put(new DidRef(rs.getString(1), rs.getString(2)),
                        new ParentState(DidType.valueOf(rs.getString(3)), Tx.boolOrNull(rs, "is_open"))),
                array(tx, "text", ps), array(tx, "text", pn));
        for (DidRef parent : parents) {
            ParentState parentState = state.get(parent);
            if (parentState == null) {
                throw notFound(parent);
            }
            if (parentState.type() == DidType.FILE) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Data identifier '" + parent + "' is a file");
            }
            if (!Boolean.TRUE.equals(parentState.open())) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Data identifier '" + parent + "' is closed");
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        String[] rps = new String[n];
        String[] rpn = new String[n];
        String[] rcs = new String[n];
        String[] rcn = new String[n];
        for (int i = 0; i < n; i++) {
            rps[i] = rows.get(i).parent().scope();
            rpn[i] = rows.get(i).parent().name();
            rcs[i] = rows.get(i).child().did().scope();
            rcn[i] = rows.get(i).child().did().name();
        }
        // the children and whether each is attached already, in one query
        boolean[] keep = new boolean[n];
        Map<DidRef, DidType> childTypeOfParent = new HashMap<>();
        boolean[] anyContainerChild = {false};
        tx.query("select u.ord, d.did_type, d.bytes, d.adler32, d.md5, d.availability, (c.scope is not null) as attached "
                        + "from unnest(?::text[], ?::text[], ?::text[], ?::text[]) with ordinality as u(ps, pn, cs, cn, ord) "
                        + "left join dids d on d.scope = u.cs and d.name = u.cn "
                        + "left join contents c on c.scope = u.ps and c.name = u.pn and c.child_scope = u.cs and c.child_name = u.cn "
                        + "order by u.ord",
                rs -> {
                    int i = (int) rs.getLong(1) - 1;
                    Row row = rows.get(i);
                    DidRef parent = row.parent();
                    DidRef child = row.child().did();
                    String type = rs.getString(2);
                    if (type == null) {
                        throw notFound(child);
                    }
                    DidType childType = DidType.valueOf(type);
                    ParentState parentState = state.get(parent);
                    if (child.equals(parent)) {
                        throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Self-append is not valid: " + parent);
                    }
                    if (parentState.type() == DidType.DATASET) {
                        if (childType != DidType.FILE) {
                            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                                    "Data identifier " + child + " of type " + childType + " cannot be added to a dataset");
                        }
                        if ("LOST".equals(rs.getString(6))) {
                            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "File " + child + " is LOST and cannot be attached");
                        }
                        checkConsistency(row.child(), Tx.longOrNull(rs, "bytes"), rs.getString(4), rs.getString(5));
                    } else {
                        if (childType == DidType.FILE) {
                            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                                    "Adding a file (" + child + ") to a container (" + parent + ") is forbidden");
                        }
                        DidType first = childTypeOfParent.putIfAbsent(parent, childType);
                        if (first != null && first != childType) {
                            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Mixed collection is not allowed: '"
                                    + child + "' is a " + childType + " (expected type: " + first + ")");
                        }
                        if (childType == DidType.CONTAINER) {
                            anyContainerChild[0] = true;
                        }
                    }
                    if (rs.getBoolean(7)) {
                        if (!ignoreDuplicate) {
                            throw new LagunaException(parentState.type() == DidType.DATASET ? ErrorCode.FILE_ALREADY_EXISTS : ErrorCode.DUPLICATE_CONTENT,
                                    "Data identifier '" + child + "' is already attached to '" + parent + "'");
                        }
                        return null;
                    }
                    keep[i] = true;
                    return null;
                },
                array(tx, "text", rps), array(tx, "text", rpn), array(tx, "text", rcs), array(tx, "text", rcn));
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                kept.add(i);
            }
        }
        if (kept.isEmpty()) {
            return;
        }
        String[] ips = new String[kept.size()];
        String[] ipn = new String[kept.size()];
        String[] ics = new String[kept.size()];
        String[] icn = new String[kept.size()];
        for (int j = 0; j < kept.size(); j++) {
            int i = kept.get(j);
            ips[j] = rps[i];
            ipn[j] = rpn[i];
            ics[j] = rcs[i];
            icn[j] = rcn[i];
        }
        Timestamp now = Timestamp.from(clock.instant());
        // only content under a rule needs the evaluator; the rest is marked as seen right away
        boolean ruled = tx.exists("with recursive up(s, n) as (select * from unnest(?::text[], ?::text[]) "
                + "union select c.scope::text, c.name::text from contents c join up on c.child_scope = up.s and c.child_name = up.n) "
                + "select 1 from rules r join up on r.scope = up.s and r.name = up.n", array(tx, "text", ps), array(tx, "text", pn));
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
                ruled, now, now, array(tx, "text", ips), array(tx, "text", ipn), array(tx, "text", ics), array(tx, "text", icn), now);
        if (ruled) {
            // the evaluator extends the rules above these collections to their new content
            tx.update("insert into updated_dids (scope, name, action, created_at) select distinct u.ps, u.pn, 'A', ?::timestamptz "
                    + "from unnest(?::text[], ?::text[]) as u(ps, pn)", now, array(tx, "text", ips), array(tx, "text", ipn));
        }
        if (anyContainerChild[0]) {
            // a new edge parent -> child closes a cycle if the parent is now reachable from the child
            tx.queryOne("with recursive new(ps, pn, cs, cn) as (select * from unnest(?::text[], ?::text[], ?::text[], ?::text[])), "
                            + "down(rs, rn, s, n) as (select cs, cn, cs, cn from new "
                            + "union select d.rs, d.rn, c.child_scope::text, c.child_name::text from contents c join down d on c.scope = d.s and c.name = d.n "
                            + "where c.child_type = 'CONTAINER') "
                            + "select new.ps, new.pn, new.cs, new.cn from new join down on down.rs = new.cs and down.rn = new.cn "
                            + "and down.s = new.ps and down.n = new.pn limit 1",
                    rs -> rs.getString(3) + ":" + rs.getString(4) + " is already a parent of " + rs.getString(1) + ":" + rs.getString(2),
                    array(tx, "text", ips), array(tx, "text", ipn), array(tx, "text", ics), array(tx, "text", icn))
                    .ifPresent(cycle -> {
                        throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Circular attachment detected. " + cycle);
                    });
        }
    }

    private static void checkConsistency(Child child, Long bytes, String adler32, String md5) {
        if (child.bytes() != null && !child.bytes().equals(bytes)) {
            throw new LagunaException(ErrorCode.FILE_CONSISTENCY_MISMATCH,
                    "bytes mismatch for '" + child.did() + "': " + child.bytes() + "!=" + bytes);
        }
        if (child.adler32() != null && !child.adler32().equalsIgnoreCase(String.valueOf(adler32))) {
            throw new LagunaException(ErrorCode.FILE_CONSISTENCY_MISMATCH,
                    "adler32 mismatch for '" + child.did() + "': " + child.adler32() + "!=" + adler32);
        }
        if (child.md5() != null && !child.md5().equalsIgnoreCase(String.valueOf(md5))) {
            throw new LagunaException(ErrorCode.FILE_CONSISTENCY_MISMATCH,
                    "md5 mismatch for '" + child.did() + "': " + child.md5() + "!=" + md5);
        }
    }

    /** Detaches children from a collection, keeping them in the contents history; all or nothing. */
    public void detach(Caller caller, DidRef parent, List<DidRef> children) {
        if (children.isEmpty()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "dids to detach are missing");
        }
        for (DidRef child : children) {
            if (child.equals(parent)) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Self-detach is not valid: " + parent);
            }
        }
        Set<DidRef> distinct = new LinkedHashSet<>(children);
        String[] cs = distinct.stream().map(DidRef::scope).toArray(String[]::new);
        String[] cn = distinct.stream().map(DidRef::name).toArray(String[]::new);
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DETACH_DIDS, "scope", parent.scope(), "name", parent.name());
            boolean[] monotonic = {false};
            Timestamp createdAt = tx.queryOne("select did_type, monotonic, created_at from dids where scope = ? and name = ? for update",
                    rs -> {
                        if (DidType.valueOf(rs.getString(1)) == DidType.FILE) {
                            throw notFound(parent);
                        }
                        monotonic[0] = rs.getBoolean(2);
                        return rs.getTimestamp(3);
                    }, parent.scope(), parent.name()).orElseThrow(() -> notFound(parent));
            if (monotonic[0]) {
                throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Data identifier '" + parent + "' is monotonic: content cannot be removed");
            }
            tx.queryOne("select cs, cn from (select u.cs, u.cn from unnest(?::text[], ?::text[]) as u(cs, cn) "
                            + "except select c.child_scope::text, c.child_name::text from contents c where c.scope = ? and c.name = ?) missing limit 1",
                    rs -> rs.getString(1) + ":" + rs.getString(2),
                    array(tx, "text", cs), array(tx, "text", cn), parent.scope(), parent.name())
                    .ifPresent(missing -> {
                        throw new LagunaException(ErrorCode.DATA_IDENTIFIER_NOT_FOUND,
                                "Data identifier '" + missing + "' not found under '" + parent + "'");
                    });
            Timestamp now = Timestamp.from(clock.instant());
            tx.update("with del as (delete from contents c where (c.child_scope::text, c.child_name::text) in "
                            + "(select u.cs, u.cn from unnest(?::text[], ?::text[]) as u(cs, cn)) and c.scope = ? and c.name = ? returning c.*), "
                            + "hist as (insert into contents_history (scope, name, child_scope, child_name, did_type, child_type, bytes, adler32, md5, "
                            + "guid, events, rule_evaluation, did_created_at, created_at, updated_at, deleted_at) "
                            + "select scope, name, child_scope, child_name, did_type, child_type, bytes, adler32, md5, guid, events, rule_evaluation, "
                            + "?, created_at, updated_at, ? from del) "
                            + "update dids d set length = greatest(coalesce(d.length, 0) - x.cnt, 0), "
                            + "bytes = case when d.did_type = 'DATASET' then greatest(coalesce(d.bytes, 0) - x.b, 0) else d.bytes end, "
                            + "events = case when d.did_type = 'DATASET' and d.events is not null then greatest(d.events - x.e, 0) else d.events end, "
                            + "updated_at = ? "
                            + "from (select count(*) as cnt, coalesce(sum(bytes), 0) as b, coalesce(sum(events), 0) as e from del) x "
                            + "where d.scope = ? and d.name = ?",
                    array(tx, "text", cs), array(tx, "text", cn), parent.scope(), parent.name(), createdAt, now, now,
                    parent.scope(), parent.name());
            tx.update("insert into updated_dids (scope, name, action, created_at) values (?, ?, 'D', ?)", parent.scope(), parent.name(), now);
        });
    }

    // ---------------------------------------------------------------- listings (streamed)

    /** The direct children of a collection. */
    public void listContent(DidRef ref, Consumer<Content> sink) {
        database.readOnly(tx -> {
            requireDid(tx, ref);
            tx.stream("select child_scope, child_name, child_type, bytes, adler32, md5 from contents where scope = ? and name = ?",
                    rs -> new Content(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3)),
                            Tx.longOrNull(rs, "bytes"), rs.getString(5), rs.getString(6)),
                    sink, ref.scope(), ref.name());
            return null;
        });
    }

    /** The former children of a collection. */
    public void listContentHistory(DidRef ref, Consumer<ContentHistory> sink) {
        database.readOnly(tx -> {
            requireDid(tx, ref);
            tx.stream("select child_scope, child_name, child_type, bytes, adler32, md5, deleted_at, created_at, updated_at "
                            + "from contents_history where scope = ? and name = ? order by deleted_at",
                    rs -> new ContentHistory(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3)),
                            Tx.longOrNull(rs, "bytes"), rs.getString(5), rs.getString(6),
                            Tx.instant(rs, "deleted_at"), Tx.instant(rs, "created_at"), Tx.instant(rs, "updated_at")),
                    sink, ref.scope(), ref.name());
            return null;
        });
    }

    /** All files below a DID (the DID itself if it is a file), through any depth of collections. */
    public void listFiles(DidRef ref, Consumer<FileEntry> sink) {
        database.readOnly(tx -> {
            DidType type = tx.queryOne("select did_type from dids where scope = ? and name = ?",
                    rs -> DidType.valueOf(rs.getString(1)), ref.scope(), ref.name()).orElseThrow(() -> notFound(ref));
            if (type == DidType.FILE) {
                tx.stream("select scope, name, bytes, adler32, md5, guid, events from dids where scope = ? and name = ?",
                        DidService::fileEntry, sink, ref.scope(), ref.name());
            } else {
                tx.stream("with recursive tree(scope, name) as (select ?::text, ?::text "
                                + "union select c.child_scope::text, c.child_name::text from contents c join tree t on c.scope = t.scope and c.name = t.name "
                                + "where c.child_type <> 'FILE') "
                                + "select c.child_scope, c.child_name, c.bytes, c.adler32, c.md5, c.guid, c.events from tree t "
                                + "join contents c on c.scope = t.scope and c.name = t.name and c.child_type = 'FILE'",
                        DidService::fileEntry, sink, ref.scope(), ref.name());
            }
            return null;
        });
    }

    private static FileEntry fileEntry(ResultSet rs) throws SQLException {
        return new FileEntry(rs.getString(1), rs.getString(2), Tx.longOrNull(rs, "bytes"),
                rs.getString(4), rs.getString(5), rs.getObject(6, UUID.class), Tx.longOrNull(rs, "events"));
    }

    /** The collections that a DID is directly attached to. */
    public void listParents(DidRef ref, Consumer<Parent> sink) {
        database.readOnly(tx -> {
            requireDid(tx, ref);
            tx.stream("select scope, name, did_type from contents where child_scope = ? and child_name = ?",
                    rs -> new Parent(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3))),
                    sink, ref.scope(), ref.name());
            return null;
        });
    }

    /**
     * Rucio's scope_list: without a name, the DIDs of the scope that have no parent in the scope
     * (and with {@code recursive} everything below them); with a name, what is below that DID.
     */
    public void listScope(String scope, String name, boolean recursive, Consumer<ScopeEntry> sink) {
        database.readOnly(tx -> {
            requireScopes(tx, Set.of(scope));
            String start;
            Object[] params;
            if (name == null) {
                start = "select d.scope::text, d.name::text, d.did_type::text, null::text as pscope, null::text as pname, 0 as level, "
                        + "case when d.did_type = 'FILE' then d.bytes end as bytes, array[d.name::text] as path "
                        + "from dids d where d.scope = ? and not exists (select 1 from contents c where c.child_scope = d.scope "
                        + "and c.child_name = d.name and c.scope = d.scope)";
                params = new Object[] {scope, recursive};
            } else {
                requireDid(tx, new DidRef(scope, name));
                start = "select c.child_scope::text, c.child_name::text, c.child_type::text, c.scope::text, c.name::text, 1, null::bigint, array[c.child_name::text] "
                        + "from contents c where c.scope = ? and c.name = ?";
                params = new Object[] {scope, name, recursive};
            }
            tx.stream("with recursive t(scope, name, type, pscope, pname, level, bytes, path) as (" + start
                            + " union all select c.child_scope::text, c.child_name::text, c.child_type::text, c.scope::text, c.name::text, t.level + 1, null::bigint, "
                            + "t.path || c.child_name::text from contents c join t on c.scope = t.scope and c.name = t.name "
                            + "where ?::boolean and t.type <> 'FILE') "
                            + "select scope, name, type, pscope, pname, level, bytes from t order by path",
                    rs -> new ScopeEntry(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3)),
                            rs.getString(4) == null ? null : new DidRef(rs.getString(4), rs.getString(5)),
                            rs.getInt(6), Tx.longOrNull(rs, "bytes")),
                    sink, params);
            return null;
        });
    }

    /** DIDs of a scope matching a filter; with {@code recursive}, matching DIDs inside matched collections too. */
    public void search(String scope, DidFilter filter, Integer limit, boolean recursive, Consumer<SearchHit> sink) {
        SqlFragment where = FilterSql.compile(filter, "d");
        List<Object> params = new ArrayList<>();
        String sql;
        if (!recursive) {
            sql = "select d.scope, d.name, d.did_type, d.bytes, d.length from dids d where d.scope = ? and not d.suppressed and "
                    + where.sql();
            params.add(scope);
            params.addAll(where.params());
        } else {
            SqlFragment inner = FilterSql.compile(filter.withoutName(), "d");
            sql = "with recursive matched as (select d.scope, d.name from dids d where d.scope = ? and not d.suppressed and " + where.sql() + "), "
                    + "tree(scope, name) as (select c.child_scope, c.child_name from contents c join matched m on c.scope = m.scope and c.name = m.name "
                    + "union select c.child_scope, c.child_name from contents c join tree t on c.scope = t.scope and c.name = t.name) "
                    + "select d.scope, d.name, d.did_type, d.bytes, d.length from dids d join matched m on d.scope = m.scope and d.name = m.name "
                    + "union select d.scope, d.name, d.did_type, d.bytes, d.length from dids d join tree t on d.scope = t.scope and d.name = t.name "
                    + "where not d.suppressed and " + inner.sql();
            params.add(scope);
            params.addAll(where.params());
            params.addAll(inner.params());
        }
        if (limit != null) {
            if (limit < 0) {
                throw new LagunaException(ErrorCode.VALUE_ERROR, "limit must not be negative, got " + limit);
            }
            sql += " limit ?";
            params.add(limit);
        }
        String query = sql;
        database.readOnly(tx -> {
            tx.stream(query, rs -> new SearchHit(rs.getString(1), rs.getString(2), DidType.valueOf(rs.getString(3)),
                    Tx.longOrNull(rs, "bytes"), Tx.longOrNull(rs, "length")), sink, params.toArray());
            return null;
        });
    }

    // ---------------------------------------------------------------- metadata

    /** Metadata of a DID: {@code DID_COLUMN} (the columns), {@code JSON} (other keys) or {@code ALL}. */
    public Map<String, Object> getMetadata(DidRef ref, String plugin) {
        String which = plugin == null ? "DID_COLUMN" : plugin.strip().toUpperCase(java.util.Locale.ROOT);
        if (!which.equals("DID_COLUMN") && !which.equals("JSON") && !which.equals("ALL")) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                    "Metadata plugin \"" + plugin + "\" is not enabled on the server; use DID_COLUMN, JSON or ALL");
        }
        return database.readOnly(tx -> tx.queryOne("select " + DID_COLUMNS + ", meta::text as meta_text from dids where scope = ? and name = ?",
                rs -> {
                    Map<String, Object> result = new LinkedHashMap<>();
                    if (!which.equals("JSON")) {
                        int columns = rs.getMetaData().getColumnCount() - 1;
                        for (int i = 1; i <= columns; i++) {
                            String column = rs.getMetaData().getColumnName(i);
                            Object value = rs.getObject(i);
                            if (value instanceof Timestamp ts) {
                                value = ts.toInstant();
                            } else if (value instanceof UUID uuid) {
                                value = MetaRules.showGuid(uuid);
                            }
                            result.put(column, value);
                        }
                    }
                    if (!which.equals("DID_COLUMN")) {
                        try {
                            JsonNode meta = JSON.readTree(rs.getString("meta_text"));
                            meta.fields().forEachRemaining(e -> result.put(e.getKey(), e.getValue()));
                        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                            throw new LagunaException(ErrorCode.INTERNAL, "stored metadata of " + ref + " is not JSON", e);
                        }
                    }
                    return result;
                }, ref.scope(), ref.name()).orElseThrow(() -> notFound(ref)));
    }

    /** Sets metadata keys; columns are typed, other keys go to the jsonb document. */
    public void setMetadata(Caller caller, DidRef ref, ObjectNode meta, boolean recursive) {
        if (meta.isEmpty()) {
            return;
        }
        meta.fieldNames().forEachRemaining(MetaRules::key);
        Instant now = clock.instant();
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.SET_METADATA, "scope", ref.scope(), "name", ref.name());
            DidType type = tx.queryOne("select did_type from dids where scope = ? and name = ? for update",
                    rs -> DidType.valueOf(rs.getString(1)), ref.scope(), ref.name()).orElseThrow(() -> notFound(ref));
            applyMetadata(tx, ref, type, meta, recursive, now);
        });
    }

    private void applyMetadata(Tx tx, DidRef ref, DidType type, ObjectNode meta, boolean recursive, Instant now) {
        org.laguna.core.meta.MetaConventions.check(tx, type, meta);
        List<MetaRules.ColumnValue> columns = new ArrayList<>();
        ObjectNode generic = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> entry : iterable(meta)) {
            String key = MetaRules.key(entry.getKey());
            if (MetaRules.isColumn(key)) {
                if (MetaRules.FILE_ONLY.contains(key) && type != DidType.FILE) {
                    throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, key + " for " + ref + " cannot be updated: only files have it");
                }
                columns.add(MetaRules.column(key, entry.getValue(), now));
            } else {
                generic.set(key, entry.getValue());
            }
        }
        StringBuilder set = new StringBuilder();
        List<Object> params = new ArrayList<>();
        for (MetaRules.ColumnValue column : columns) {
            set.append(column.column()).append(" = ").append(placeholder(column.kind())).append(", ");
            params.add(column.value());
        }
        if (!generic.isEmpty()) {
            set.append("meta = meta || ?::jsonb, ");
            params.add(new Json(generic.toString()));
        }
        set.append("updated_at = ?");
        params.add(Timestamp.from(now));
        List<Object> own = new ArrayList<>(params);
        own.add(ref.scope());
        own.add(ref.name());
        tx.update("update dids set " + set + " where scope = ? and name = ?", own.toArray());
        List<MetaRules.ColumnValue> fileColumns = columns.stream().filter(c -> MetaRules.FILE_ONLY.contains(c.column())).toList();
        if (!fileColumns.isEmpty()) {
            StringBuilder contentSet = new StringBuilder();
            List<Object> contentParams = new ArrayList<>();
            for (MetaRules.ColumnValue column : fileColumns) {
                contentSet.append(contentSet.isEmpty() ? "" : ", ").append(column.column()).append(" = ").append(placeholder(column.kind()));
                contentParams.add(column.value());
            }
            contentParams.add(ref.scope());
            contentParams.add(ref.name());
            tx.update("update contents set " + contentSet + " where child_scope = ? and child_name = ?", contentParams.toArray());
            if (fileColumns.stream().anyMatch(c -> c.column().equals("bytes") || c.column().equals("events"))) {
                tx.update("update dids p set bytes = s.b, events = s.e from (select c.scope, c.name, coalesce(sum(c.bytes), 0) as b, sum(c.events) as e "
                                + "from contents c where (c.scope, c.name) in (select scope, name from contents where child_scope = ? and child_name = ?) "
                                + "group by c.scope, c.name) s where p.scope = s.scope and p.name = s.name and p.did_type = 'DATASET'",
                        ref.scope(), ref.name());
            }
        }
        if (recursive && type != DidType.FILE) {
            List<Object> children = new ArrayList<>();
            StringBuilder childSet = new StringBuilder();
            for (MetaRules.ColumnValue column : columns) {
                if (!MetaRules.FILE_ONLY.contains(column.column())) {
                    childSet.append(column.column()).append(" = ").append(placeholder(column.kind())).append(", ");
                    children.add(column.value());
                }
            }
            if (!generic.isEmpty()) {
                childSet.append("meta = dids.meta || ?::jsonb, ");
                children.add(new Json(generic.toString()));
            }
            childSet.append("updated_at = ?");
            children.add(Timestamp.from(now));
            children.add(ref.scope());
            children.add(ref.name());
            tx.update("update dids set " + childSet + " from contents c where c.scope = ? and c.name = ? "
                    + "and dids.scope = c.child_scope and dids.name = c.child_name", children.toArray());
        }
    }

    private static String placeholder(MetaRules.Kind kind) {
        return switch (kind) {
            case TIME -> "?::timestamptz";
            case UUID -> "?::uuid";
            case INTEGER -> "?::bigint";
            case BOOLEAN -> "?::boolean";
            default -> "?";
        };
    }

    /** Removes a key from the jsonb metadata; column keys cannot be deleted. */
    public void deleteMetadata(Caller caller, DidRef ref, String key) {
        if (key == null || key.isBlank()) {
            throw new LagunaException(ErrorCode.KEY_NOT_FOUND, "No key provided to remove");
        }
        if (MetaRules.isColumn(key) || MetaRules.RESERVED.contains(key)) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION, "Key '" + key + "' is a column of the DID and cannot be deleted; set it instead");
        }
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DEL_METADATA, "scope", ref.scope(), "name", ref.name());
            int rows = tx.update("update dids set meta = meta - ?::text, updated_at = ? where scope = ? and name = ? and jsonb_exists(meta, ?::text)",
                    key, Timestamp.from(clock.instant()), ref.scope(), ref.name(), key);
            if (rows == 0) {
                requireDid(tx, ref);
                throw new LagunaException(ErrorCode.KEY_NOT_FOUND, "Key '" + key + "' not found for data identifier '" + ref + "'");
            }
        });
    }

    // ---------------------------------------------------------------- helpers

    private static void requireDid(Tx tx, DidRef ref) {
        if (!tx.exists("select 1 from dids where scope = ? and name = ?", ref.scope(), ref.name())) {
            throw notFound(ref);
        }
    }

    private static void requireScopes(Tx tx, Set<String> scopes) {
        Set<String> found = new HashSet<>();
        tx.query("select scope from scopes where scope = any(?::text[]) and status <> 'DELETED'",
                rs -> found.add(rs.getString(1)), array(tx, "text", scopes.toArray(String[]::new)));
        for (String scope : scopes) {
            if (!found.contains(scope)) {
                throw new LagunaException(ErrorCode.SCOPE_NOT_FOUND, "Scope '" + scope + "' not found");
            }
        }
    }

    private static LagunaException notFound(DidRef ref) {
        return new LagunaException(ErrorCode.DATA_IDENTIFIER_NOT_FOUND, "Data identifier '" + ref + "' not found");
    }

    private static Array array(Tx tx, String type, Object[] values) {
        try {
            return tx.connection().createArrayOf(type, values);
        } catch (SQLException e) {
            throw SqlErrors.translate(e);
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(ObjectNode node) {
        return node::fields;
    }
}
