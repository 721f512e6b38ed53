package org.laguna.core.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.did.DidKey;
import org.laguna.core.replica.SuspiciousReplicas;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the sorted storage side ({@code path TAB size TAB modified-millis}, {@code -} when unknown)
 * and the sorted catalogue side ({@code path TAB scope TAB name TAB state TAB bytes TAB
 * updated-millis}) together, one line of each in memory, and acts on what differs: lost replicas
 * are declared BAD and replicas of another size suspicious, a batch per transaction; with fix, dark
 * files older than the grace period are deleted. Part files are never touched.
 */
final class CheckMerge {
    private static final Logger LOG = LoggerFactory.getLogger(CheckMerge.class);
    private static final int BATCH = 1_000;
    private static final int SAMPLE = 20;

    /** What the merge needs to act: where the RSE is, how to reach its files, and the rules. */
    record Target(UUID rseId, String rse, StorageProtocol store, Function<String, String> pfnOfPath, Instant startedAt,
            Instant darkBefore, boolean fix, boolean declareLost, Optional<String> daemon) {
        Target {
            Objects.requireNonNull(daemon, "daemon is null");
            Objects.requireNonNull(rseId, "rseId is null");
            Objects.requireNonNull(store, "store is null");
            Objects.requireNonNull(pfnOfPath, "pfnOfPath is null");
        }
    }

    private record Finding(DidKey file, String reason, boolean lost) {
    }

    private final Database database;
    private final Target target;
    private final List<Finding> pending = new ArrayList<>();
    private final List<String> darkSample = new ArrayList<>();
    private final List<String> lostSample = new ArrayList<>();
    private long dark;
    private long darkDeleted;
    private long darkYoung;
    private long partFiles;
    private long lost;
    private long lostDeclaredBad;
    private long lostLastCopies;
    private long sizeMismatches;

    CheckMerge(Database database, Target target) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.target = Objects.requireNonNull(target, "target is null");
    }

    static String key(String line) {
        int tab = line.indexOf('\t');
        return tab < 0 ? line : line.substring(0, tab);
    }

    void merge(Iterator<String> storage, Iterator<String> catalogue) {
        String onStorage = storage.hasNext() ? storage.next() : null;
        String inCatalogue = catalogue.hasNext() ? catalogue.next() : null;
        while (onStorage != null || inCatalogue != null) {
            int order = onStorage == null ? 1 : inCatalogue == null ? -1 : key(onStorage).compareTo(key(inCatalogue));
            if (order < 0) {
                onlyOnStorage(onStorage.split("\t", -1));
                onStorage = storage.hasNext() ? storage.next() : null;
            } else if (order > 0) {
                onlyInCatalogue(inCatalogue.split("\t", -1));
                inCatalogue = catalogue.hasNext() ? catalogue.next() : null;
            } else {
                both(onStorage.split("\t", -1), inCatalogue.split("\t", -1));
                onStorage = storage.hasNext() ? storage.next() : null;
                inCatalogue = catalogue.hasNext() ? catalogue.next() : null;
            }
        }
        flush();
    }

    private void onlyOnStorage(String[] file) {
        String path = file[0];
        if (path.substring(path.lastIndexOf('/') + 1).endsWith(StorageProtocol.PART_SUFFIX)) {
            partFiles++;
            return;
        }
        Optional<Instant> modified = file[2].equals("-") ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(file[2])));
        if (modified.isEmpty() && target.fix()) {
            modified = statModified(path);
        }
        if (modified.isEmpty() || !modified.get().isBefore(target.darkBefore())) {
            darkYoung++;
            return;
        }
        dark++;
        if (darkSample.size() < SAMPLE) {
            darkSample.add(path);
        }
        if (target.fix()) {
            try {
                target.store().delete(target.pfnOfPath().apply(path));
                darkDeleted++;
            } catch (RuntimeException e) {
                LOG.warn("Storage check of " + target.rse() + ": could not delete the dark file " + path + ": " + e.getMessage());
            }
        }
    }

    private Optional<Instant> statModified(String path) {
        try {
            return target.store().stat(target.pfnOfPath().apply(path)).flatMap(StoredObject::modified);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private boolean judged(String[] replica) {
        return replica[3].equals("AVAILABLE") && Instant.ofEpochMilli(Long.parseLong(replica[5])).isBefore(target.startedAt());
    }

    private void onlyInCatalogue(String[] replica) {
        if (!judged(replica)) {
            return;
        }
        lost++;
        DidKey file = new DidKey(replica[1], replica[2]);
        if (lostSample.size() < SAMPLE) {
            lostSample.add(file.toString());
        }
        if (target.declareLost()) {
            add(new Finding(file, "auditor: not on storage at " + target.rse() + " (path " + replica[0] + ")", true));
        }
    }

    private void both(String[] file, String[] replica) {
        if (file[1].equals("-") || !judged(replica) || file[1].equals(replica[4])) {
            return;
        }
        sizeMismatches++;
        add(new Finding(new DidKey(replica[1], replica[2]), "auditor: " + file[1] + " bytes on storage, the catalogue says " + replica[4],
                false));
    }

    private void add(Finding finding) {
        pending.add(finding);
        if (pending.size() >= BATCH) {
            flush();
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        database.inTransactionVoid(tx -> pending.forEach(finding -> act(tx, finding)));
        pending.clear();
    }

    private void act(Tx tx, Finding finding) {
        DidKey file = finding.file();
        boolean stillJudged = tx.exists("select 1 from replicas where scope = ? and name = ? and rse_id = ? and state = 'AVAILABLE' "
                + "and updated_at < ?", file.scope(), file.name(), target.rseId(), Timestamp.from(target.startedAt()));
        if (!stillJudged) {
            return;
        }
        if (!finding.lost()) {
            if (target.daemon().isPresent()) {
                SuspiciousReplicas.declareSuspiciousByDaemon(tx, file, target.rseId(), finding.reason(), target.daemon().get(),
                        target.startedAt());
            } else {
                SuspiciousReplicas.declareSuspicious(tx, file, target.rseId(), finding.reason(), SuspiciousReplicas.SYSTEM_ACCOUNT,
                        target.startedAt());
            }
            return;
        }
        boolean otherCopy = tx.exists("select 1 from replicas where scope = ? and name = ? and rse_id <> ? and state = 'AVAILABLE'",
                file.scope(), file.name(), target.rseId());
        boolean declared = target.daemon().isPresent()
                ? SuspiciousReplicas.declareBadByDaemon(tx, file, target.rseId(), finding.reason(), target.daemon().get(), target.startedAt())
                : SuspiciousReplicas.declareBad(tx, file, target.rseId(), finding.reason(), SuspiciousReplicas.SYSTEM_ACCOUNT,
                        target.startedAt());
        if (declared) {
            lostDeclaredBad++;
            if (!otherCopy) {
                lostLastCopies++;
                LOG.warn("Storage check of " + target.rse() + ": the last copy of " + file + " is not on storage: declared bad, "
                        + "the file will be LOST");
            }
        }
    }

    CheckReport report(String source, long storageFiles, long catalogueFiles, String note) {
        return new CheckReport(target.rse(), source, target.startedAt(), storageFiles, catalogueFiles, dark, darkDeleted, darkYoung,
                partFiles, lost, lostDeclaredBad, lostLastCopies, sizeMismatches, darkSample, lostSample, note);
    }
}
