package org.laguna.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an upload did, file by file, and its summary: as lines for people or as one JSON document
 * ({@code --json}). A re-run after an interrupted upload says what it repaired: replicas left
 * COPYING that it finished, and files it attached to the dataset that an earlier run had uploaded.
 */
final class UploadReport {
    /** What happened to one file. */
    enum Status {
        /** Written and registered by this run. */
        UPLOADED,
        /** A replica an earlier run left unfinished (COPYING), written again and made AVAILABLE. */
        FINISHED,
        /** Already AVAILABLE on the RSE with the same checksum. */
        PRESENT,
        FAILED,
        /** Not tried: the server went away first. */
        NOT_ATTEMPTED
    }

    record Outcome(LocalFiles.LocalFile file, String did, Status status, long bytes, String adler32, String detail) {
    }

    private final String rse;
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Map<Status, Integer> counts = new EnumMap<>(Status.class);
    private String dataset;
    private int attached;
    private int attachedFromEarlierRuns;

    UploadReport(String rse) {
        this.rse = rse;
    }

    synchronized void add(Outcome outcome) {
        outcomes.add(outcome);
        counts.merge(outcome.status(), 1, Integer::sum);
    }

    int count(Status status) {
        return counts.getOrDefault(status, 0);
    }

    /** The DID names of the files now on the RSE (uploaded, finished or present). */
    synchronized List<String> stored() {
        return outcomes.stream().filter(o -> o.status() == Status.UPLOADED || o.status() == Status.FINISHED || o.status() == Status.PRESENT)
                .map(o -> o.file().name()).toList();
    }

    /** Records the files attached to the dataset; those this run did not upload were left outside it by an earlier run. */
    synchronized void attached(String datasetDid, List<String> names) {
        dataset = datasetDid;
        attached = names.size();
        Set<String> justUploaded = new HashSet<>();
        outcomes.stream().filter(o -> o.status() == Status.UPLOADED).forEach(o -> justUploaded.add(o.file().name()));
        attachedFromEarlierRuns = (int) names.stream().filter(n -> !justUploaded.contains(n)).count();
    }

    /** One line per file, as it happens (nothing with --json: the document at the end says it all). */
    static String line(Outcome o, String rse) {
        return switch (o.status()) {
            case UPLOADED -> "Uploaded " + o.file().path() + " -> " + o.did() + " (" + o.bytes() + " bytes, adler32 " + o.adler32() + ")";
            case FINISHED -> "Finished " + o.file().path() + " -> " + o.did() + " (" + o.detail() + ")";
            case PRESENT -> "Already on " + rse + ": " + o.did();
            case FAILED -> "Failed " + o.file().path() + " -> " + o.did() + ": " + o.detail();
            case NOT_ATTEMPTED -> "Not attempted: " + o.file().path();
        };
    }

    /** The summary lines for people. */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        String notAttempted = count(Status.NOT_ATTEMPTED) > 0 ? ", not attempted " + count(Status.NOT_ATTEMPTED) : "";
        lines.add("Uploaded " + count(Status.UPLOADED) + ", already present " + count(Status.PRESENT) + ", failed " + count(Status.FAILED)
                + notAttempted + " (RSE " + rse + ")");
        if (dataset != null) {
            lines.add("Attached " + attached + " file(s) to " + dataset);
        }
        List<String> repaired = new ArrayList<>();
        if (count(Status.FINISHED) > 0) {
            repaired.add("finished " + count(Status.FINISHED) + " replica(s) left COPYING");
        }
        if (attachedFromEarlierRuns > 0) {
            repaired.add("attached " + attachedFromEarlierRuns + " file(s) uploaded earlier to " + dataset);
        }
        if (!repaired.isEmpty()) {
            lines.add("Repaired what an earlier run left unfinished: " + String.join(", ", repaired));
        }
        return lines;
    }

    /** The whole report as one JSON document. */
    synchronized ObjectNode json() {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        doc.put("rse", rse);
        for (Status status : Status.values()) {
            doc.put(status.name().toLowerCase(Locale.ROOT), count(status));
        }
        if (dataset != null) {
            doc.put("dataset", dataset);
            doc.put("attached", attached);
            doc.put("attached_from_earlier_runs", attachedFromEarlierRuns);
        }
        ArrayNode files = doc.putArray("files");
        for (Outcome o : outcomes) {
            ObjectNode file = files.addObject();
            file.put("path", o.file().path().toString());
            file.put("did", o.did());
            file.put("status", o.status().name().toLowerCase(Locale.ROOT));
            file.put("bytes", o.bytes());
            file.put("adler32", o.adler32());
            if (o.detail() != null) {
                file.put("detail", o.detail());
            }
        }
        return doc;
    }
}
