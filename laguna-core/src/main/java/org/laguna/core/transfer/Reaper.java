package org.laguna.core.transfer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.laguna.core.daemon.Daemon;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.db.Database;
import org.laguna.core.rse.Lfn2Pfn;
import org.laguna.core.rse.Rse;
import org.laguna.core.rse.RseProtocol;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.storage.ServerStorage;
import org.laguna.spi.storage.StorageProtocol;

/**
 * reaper: deletes replicas whose tombstone has passed and that no rule locks, first from storage
 * through the plugins, then from the catalogue. This first version is greedy and only acts on
 * RSEs with the attribute {@code greedyDeletion=true}. A replica is marked BEING_DELETED before its
 * bytes go; a lock added in the meantime stops the deletion; a storage error leaves the replica
 * for a later attempt.
 */
public final class Reaper implements Daemon {
    public static final String NAME = "reaper";
    private static final int BATCH = 200;

    private final Database database;
    private final ServerStorage storage;
    private final RseRepository rses;
    private final Clock clock;

    public Reaper(Database database, ServerStorage storage, RseRepository rses, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.storage = Objects.requireNonNull(storage, "storage is null");
        this.rses = Objects.requireNonNull(rses, "rses is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    private record Victim(String scope, String name, String path) {
    }

    @Override
    public int runOnce(WorkSlice slice) {
        List<UUID> greedy = database.readOnly(tx -> tx.query("select r.id from rses r join rse_attrs a on a.rse_id = r.id "
                + "and a.key = 'greedyDeletion' where not r.deleted and r.availability_delete and a.value in ('true'::jsonb, '\"true\"'::jsonb, "
                + "'\"True\"'::jsonb, '1'::jsonb) and " + slice.sql("r.id::text"), rs -> rs.getObject(1, UUID.class)));
        int deleted = 0;
        for (UUID rseId : greedy) {
            deleted += reap(rseId);
        }
        return deleted;
    }

    private int reap(UUID rseId) {
        Timestamp now = Timestamp.from(clock.instant());
        List<Victim> victims = database.inTransaction(tx -> tx.query("update replicas r set state = 'BEING_DELETED', updated_at = ? "
                        + "from (select scope, name, rse_id from replicas where rse_id = ? and tombstone is not null and tombstone < ? "
                        + "and lock_cnt = 0 and state <> 'BEING_DELETED' order by tombstone limit ? for update skip locked) v "
                        + "where r.scope = v.scope and r.name = v.name and r.rse_id = v.rse_id returning r.scope, r.name, r.path",
                rs -> new Victim(rs.getString(1), rs.getString(2), rs.getString(3)), now, rseId, now, BATCH));
        if (victims.isEmpty()) {
            return 0;
        }
        record Target(Rse rse, Optional<RseProtocol> protocol, String algorithm) {
        }
        Target target = database.readOnly(tx -> {
            Rse rse = rses.findById(tx, rseId).orElseThrow();
            Optional<RseProtocol> protocol = rses.protocols(tx, rseId).stream()
                    .filter(p -> storage.supports(p.scheme()) && p.priority("wan", "delete") > 0)
                    .min(Comparator.comparingInt(p -> p.priority("wan", "delete")));
            return new Target(rse, protocol, String.valueOf(rses.attributes(tx, rseId).getOrDefault("lfn2pfn_algorithm", Lfn2Pfn.DEFAULT_ALGORITHM)));
        });
        List<Victim> gone = new ArrayList<>();
        List<Victim> kept = new ArrayList<>();
        for (Victim victim : victims) {
            try {
                if (target.protocol().isPresent()) {
                    StorageProtocol store = storage.open(target.rse().name(), target.protocol().get());
                    String path = victim.path() != null ? victim.path() : Lfn2Pfn.path(target.algorithm(), victim.scope(), victim.name());
                    store.delete(target.protocol().get().pfn(path));
                }
                gone.add(victim);
            } catch (RuntimeException e) {
                kept.add(victim);
            }
        }
        Timestamp done = Timestamp.from(clock.instant());
        database.inTransactionVoid(tx -> {
            for (Victim victim : gone) {
                // a rule may have locked it again while the bytes went: then it must be copied anew
                int removed = tx.update("delete from replicas where scope = ? and name = ? and rse_id = ? and lock_cnt = 0",
                        victim.scope(), victim.name(), rseId);
                if (removed == 0) {
                    tx.update("update replicas set state = 'COPYING', updated_at = ? where scope = ? and name = ? and rse_id = ?",
                            done, victim.scope(), victim.name(), rseId);
                }
            }
            for (Victim victim : kept) {
                tx.update("update replicas set state = 'UNAVAILABLE', tombstone = ?, updated_at = ? where scope = ? and name = ? "
                        + "and rse_id = ?", Timestamp.from(clock.instant().plus(Duration.ofMinutes(10))), done, victim.scope(), victim.name(), rseId);
            }
        });
        return gone.size();
    }
}
