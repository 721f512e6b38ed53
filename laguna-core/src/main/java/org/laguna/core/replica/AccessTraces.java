package org.laguna.core.replica;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;

/**
 * Records when data was last read, from the traces Rucio's clients send after a download (Rucio's
 * kronos daemon does this from a message queue): the replica read, its file and the datasets that
 * contain the file get {@code accessed_at}. A batch of traces costs three statements; a row already
 * touched within {@link #GRANULARITY} is not written again, so popular files do not become hot rows.
 */
public final class AccessTraces {
    /** How stale a stored access time may be before a new trace rewrites it. */
    public static final Duration GRANULARITY = Duration.ofMinutes(1);

    /**
     * One read to record. {@code rses} are the RSE names the file was read from (a download trace's
     * {@code remoteSite}); a touch of a dataset alone has no file and names the dataset in {@code scope}/{@code name}
     * with {@code datasetOnly}.
     */
    public record Access(String vo, String scope, String name, List<String> rses, boolean datasetOnly) {
        public Access {
            Objects.requireNonNull(vo, "vo is null");
            Objects.requireNonNull(scope, "scope is null");
            Objects.requireNonNull(name, "name is null");
            rses = List.copyOf(rses);
        }
    }

    private record ReplicaKey(String vo, String rse, String scope, String name) implements Comparable<ReplicaKey> {
        @Override
        public int compareTo(ReplicaKey o) {
            int c = vo.compareTo(o.vo);
            c = c != 0 ? c : rse.compareTo(o.rse);
            c = c != 0 ? c : scope.compareTo(o.scope);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    private record Key(String scope, String name) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = scope.compareTo(o.scope);
            return c != 0 ? c : name.compareTo(o.name);
        }
    }

    private final Database database;
    private final Clock clock;

    public AccessTraces(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** Records the accesses at the current time; names that match nothing are ignored, as Rucio ignores them. */
    public void record(Collection<Access> accesses) {
        TreeSet<ReplicaKey> replicas = new TreeSet<>();
        TreeSet<Key> files = new TreeSet<>();
        TreeSet<Key> datasets = new TreeSet<>();
        for (Access access : accesses) {
            Key key = new Key(access.scope(), access.name());
            if (access.datasetOnly()) {
                datasets.add(key);
                continue;
            }
            files.add(key);
            for (String rse : access.rses()) {
                replicas.add(new ReplicaKey(access.vo(), rse, access.scope(), access.name()));
            }
        }
        if (files.isEmpty() && datasets.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Timestamp at = Timestamp.from(now);
        Timestamp stale = Timestamp.from(now.minus(GRANULARITY));
        database.inTransactionVoid(tx -> {
            if (!replicas.isEmpty()) {
                // sorted input: concurrent batches lock rows in the same order
                tx.update("update replicas p set accessed_at = ? from (select t.scope, t.name, r.id from "
                                + "unnest(?::text[], ?::text[], ?::text[], ?::text[]) as t(vo, rse, scope, name) "
                                + "join rses r on r.vo = t.vo and r.rse = t.rse and not r.deleted order by r.id, t.scope, t.name) k "
                                + "where p.rse_id = k.id and p.scope = k.scope and p.name = k.name "
                                + "and (p.accessed_at is null or p.accessed_at < ?)",
                        at, tx.textArray(replicas.stream().map(ReplicaKey::vo).toList()),
                        tx.textArray(replicas.stream().map(ReplicaKey::rse).toList()),
                        tx.textArray(replicas.stream().map(ReplicaKey::scope).toList()),
                        tx.textArray(replicas.stream().map(ReplicaKey::name).toList()), stale);
            }
            touchDids(tx, files, at, stale);
            // the datasets that hold the files read, as kronos touches them
            if (!files.isEmpty()) {
                List<Key> parents = tx.query("select distinct c.scope, c.name from contents c join unnest(?::text[], ?::text[]) as t(scope, name) "
                                + "on c.child_scope = t.scope and c.child_name = t.name where c.did_type = 'DATASET'",
                        rs -> new Key(rs.getString(1), rs.getString(2)),
                        tx.textArray(files.stream().map(Key::scope).toList()), tx.textArray(files.stream().map(Key::name).toList()));
                datasets.addAll(parents);
            }
            touchDids(tx, datasets, at, stale);
        });
    }

    private static void touchDids(Tx tx, TreeSet<Key> keys, Timestamp at, Timestamp stale) {
        if (keys.isEmpty()) {
            return;
        }
        List<String> scopes = new ArrayList<>(keys.size());
        List<String> names = new ArrayList<>(keys.size());
        for (Key key : keys) {
            scopes.add(key.scope());
            names.add(key.name());
        }
        tx.update("update dids d set accessed_at = ? from unnest(?::text[], ?::text[]) as t(scope, name) "
                + "where d.scope = t.scope and d.name = t.name and (d.accessed_at is null or d.accessed_at < ?)",
                at, tx.textArray(scopes), tx.textArray(names), stale);
    }

    /** The access time stored for a DID, for tests and tools. */
    public Optional<Instant> didAccessedAt(String scope, String name) {
        return database.readOnly(tx -> tx.queryOne("select accessed_at from dids where scope = ? and name = ?",
                rs -> Optional.ofNullable(Tx.instant(rs, "accessed_at")), scope, name)).flatMap(at -> at);
    }
}
