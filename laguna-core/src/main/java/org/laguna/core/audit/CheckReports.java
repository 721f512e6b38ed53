package org.laguna.core.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link CheckReport} as the JSON document stored in {@code rse_checks.report} (a storage format of
 * the core, beside the skipped-check documents {@link Auditor} writes); the REST answer is rendered
 * by the server, with the same fields.
 */
public final class CheckReports {
    private CheckReports() {
    }

    public static Map<String, Object> toMap(CheckReport report) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rse", report.rse());
        map.put("source", report.source());
        map.put("started_at", report.startedAt().toString());
        map.put("storage_files", report.storageFiles());
        map.put("catalogue_files", report.catalogueFiles());
        map.put("dark", report.dark());
        map.put("dark_deleted", report.darkDeleted());
        map.put("dark_young", report.darkYoung());
        map.put("part_files", report.partFiles());
        map.put("lost", report.lost());
        map.put("lost_declared_bad", report.lostDeclaredBad());
        map.put("lost_last_copies", report.lostLastCopies());
        map.put("size_mismatches", report.sizeMismatches());
        map.put("dark_sample", report.darkSample());
        map.put("lost_sample", report.lostSample());
        map.put("note", report.note());
        return map;
    }
}
