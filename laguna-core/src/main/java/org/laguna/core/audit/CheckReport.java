package org.laguna.core.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a storage consistency check of one RSE found and did.
 *
 * @param rse the RSE
 * @param source {@code listing} (the storage's own listing) or {@code dump} (a file of paths)
 * @param startedAt when the storage was listed (replicas changed since are not judged)
 * @param storageFiles files on storage, part files of transfers under way included
 * @param catalogueFiles replicas of the RSE in the catalogue
 * @param dark files on storage that the catalogue does not know and older than the grace period
 * @param darkDeleted of those, deleted (with fix)
 * @param darkYoung files the catalogue does not know but younger than the grace period (or of unknown age): kept
 * @param partFiles hidden part files of transfers under way: never touched
 * @param lost AVAILABLE replicas whose file is not on storage
 * @param lostDeclaredBad of those, declared BAD (the judge-repairer re-creates them from another copy)
 * @param lostLastCopies of those, the last available copy of their file (the repairer marks them LOST)
 * @param sizeMismatches replicas whose file has another size on storage: declared suspicious
 * @param darkSample some dark paths
 * @param lostSample some lost files, {@code scope:name}
 * @param note why nothing was acted on, or empty
 */
public record CheckReport(String rse, String source, Instant startedAt, long storageFiles, long catalogueFiles, long dark,
        long darkDeleted, long darkYoung, long partFiles, long lost, long lostDeclaredBad, long lostLastCopies, long sizeMismatches,
        List<String> darkSample, List<String> lostSample, String note) {
    public CheckReport {
        Objects.requireNonNull(rse, "rse is null");
        Objects.requireNonNull(source, "source is null");
        Objects.requireNonNull(startedAt, "startedAt is null");
        darkSample = List.copyOf(darkSample);
        lostSample = List.copyOf(lostSample);
        Objects.requireNonNull(note, "note is null");
    }
}
