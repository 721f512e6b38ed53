package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code laguna import}: registers files that already sit on an RSE, from a manifest (CSV or JSON
 * lines) or from a listing of the storage. Manifest lines are checked against the storage first;
 * re-running it registers only what is new; entries that contradict the catalogue or the storage
 * are reported, never registered.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Register files that already sit on storage, from a manifest or a listing.",
            "On a deterministic RSE the files must sit where its layout puts them (SCOPE/xx/yy/NAME, or SCOPE/NAME with"
                + " lfn2pfn_algorithm=identity) and their names are read from it; on a non-deterministic RSE any path will do"
                + " and names come from --name-from.",
            "--json prints one JSON document: the counts, the problems, the hints (and, with --dry-run, the first names)."})
final class ImportCommand extends ClientCommand {
    private static final int BATCH = 100_000;
    private static final int SAMPLE = 10;

    @Option(names = "--rse", required = true)
    String rse;

    @Option(names = "--scope", required = true, description = "Scope of the files (a manifest line may name its own).")
    String scope;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--manifest", description = "CSV (header name,path,bytes,adler32,md5) or JSON lines with the same keys.")
        Path manifest;

        @Option(names = "--prefix", description = "List the storage below this path (relative to the RSE's prefix) and import what is found.")
        String prefix;
    }

    @Option(names = "--dataset", paramLabel = "SCOPE:NAME", description = "Attach the imported files to this dataset (created if missing).")
    String dataset;

    @Option(names = "--dry-run", description = "Report what would be registered and the names it would give, register nothing.")
    boolean dryRun;

    @Option(names = "--name-from", paramLabel = "path|basename",
            description = "Non-deterministic RSEs: name a file by its path below the RSE's prefix (path, the default: unique) or by"
                    + " its file name (basename). Used for listings and manifest lines without a name.")
    ImportNames.NameFrom nameFrom;

    @Option(names = "--verify", paramLabel = "size|checksum|none", defaultValue = "size",
            description = "Check manifest lines against the storage: size (default: the file exists with that size, and its adler32"
                    + " where the storage reports one), checksum (also read the file for its adler32), none (trust the manifest).")
    ImportVerifier.Verify verify;

    @Option(names = "--threads", defaultValue = "2", description = "Batches of 100,000 sent in parallel (default 2).")
    int threads;

    private final AtomicLong found = new AtomicLong();
    private final AtomicLong registered = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong mismatched = new AtomicLong();
    private final AtomicLong missing = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final List<String> names = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Set<String> hints = new LinkedHashSet<>();
    private final List<Map<String, Object>> sample = new ArrayList<>();
    private ImportVerifier verifier;
    private String naming;
    private Progress progress;

    @Override
    protected void run(LagunaClient client, Output out) {
        JsonNode info = client.rses().get(rse);
        boolean deterministic = info.path("deterministic").asBoolean(true);
        if (deterministic && nameFrom != null && source.prefix != null) {
            throw new ParameterException(spec.commandLine(), "--name-from applies to non-deterministic RSEs: " + rse
                    + " is deterministic, so the names of listed files are read from its layout");
        }
        StorageAccess storage = new StorageAccess(client);
        if (source.manifest != null && verify != ImportVerifier.Verify.none) {
            verifier = new ImportVerifier(client, storage, readProtocol(storage, info),
                    deterministic ? ImportListing.algorithm(client, rse) : null, verify);
        }
        readAndSend(client, storage, info, deterministic, out);
        if (dataset != null && !dryRun && problemCount() == 0) {
            attach(client);
        }
        report(out);
        if (dataset != null && !dryRun && problemCount() == 0 && !out.json()) {
            out.line("Attached " + names.size() + " file(s) to " + dataset);
        }
        if (problemCount() > 0) {
            throw new LagunaException(ErrorCode.FILE_CONSISTENCY_MISMATCH, problemCount() + " entries were not imported"
                    + (out.json() ? "" : " (see above)"));
        }
    }

    private long problemCount() {
        return mismatched.get() + missing.get() + invalid.get();
    }

    private StorageAccess.Protocol readProtocol(StorageAccess storage, JsonNode info) {
        try {
            return storage.best(info, "read");
        } catch (LagunaException e) {
            throw new LagunaException(e.code(), e.getMessage() + ", so the manifest cannot be checked against the storage;"
                    + " --verify none registers it unchecked");
        }
    }

    private void readAndSend(LagunaClient client, StorageAccess storage, JsonNode info, boolean deterministic, Output out) {
        int parallel = Math.max(1, threads);
        Semaphore inFlight = new Semaphore(parallel);
        List<Future<?>> jobs = new ArrayList<>();
        try (Progress bar = progress = Progress.start("import", "files", spec.commandLine().getErr(), out.json());
             ExecutorService pool = Executors.newFixedThreadPool(parallel)) {
            List<Map<String, Object>> batch = new ArrayList<>();
            Consumer<List<Map<String, Object>>> submit = full -> {
                inFlight.acquireUninterruptibly();
                jobs.add(pool.submit(() -> {
                    try {
                        send(client, full, out);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
            };
            Consumer<Map<String, Object>> add = entry -> {
                progress.expect(1, entry.get("bytes") instanceof Number n ? n.longValue() : 0);
                batch.add(entry);
                if (dataset != null) {
                    names.add((String) entry.get("name"));
                }
                if (sample.size() < SAMPLE) {
                    sample.add(new LinkedHashMap<>(entry));
                }
                if (batch.size() == BATCH) {
                    submit.accept(new ArrayList<>(batch));
                    batch.clear();
                }
            };
            if (source.manifest != null) {
                naming = "manifest";
                readManifest(add);
            } else {
                ImportListing listing = new ImportListing(client, storage, info, scope);
                naming = deterministic ? "layout" : (nameFrom == null ? ImportNames.NameFrom.path : nameFrom).name();
                listing.read(source.prefix, nameFrom == null ? ImportNames.NameFrom.path : nameFrom, add);
            }
            if (!batch.isEmpty()) {
                submit.accept(new ArrayList<>(batch));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Import interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LagunaException laguna) {
                throw laguna;
            }
            throw new LagunaException(ErrorCode.INTERNAL, "Import failed: " + e.getCause());
        }
    }

    private void send(LagunaClient client, List<Map<String, Object>> batch, Output out) {
        List<Map<String, Object>> good = verifier == null ? batch : verifier.verify(batch, problem -> {
            found.incrementAndGet();
            (problem.missing() ? missing : mismatched).incrementAndGet();
            problem(problem.message(), out);
        });
        progress.done(batch.size());
        progress.bytes(batch.stream().mapToLong(e -> e.get("bytes") instanceof Number n ? n.longValue() : 0).sum());
        if (good.isEmpty()) {
            return;
        }
        JsonNode summary = client.replicas().importReplicas(rse, good, dryRun);
        found.addAndGet(summary.path("found").asLong());
        registered.addAndGet(summary.path("registered").asLong());
        skipped.addAndGet(summary.path("skipped").asLong());
        mismatched.addAndGet(summary.path("mismatched").asLong());
        invalid.addAndGet(summary.path("invalid").asLong());
        summary.path("problems").forEach(p -> problem(p.asText(), out));
        synchronized (this) {
            summary.path("hints").forEach(h -> hints.add(h.asText()));
        }
    }

    private synchronized void problem(String message, Output out) {
        if (out.json()) {
            problems.add(message);
        } else {
            spec.commandLine().getErr().println("laguna: not imported: " + message);
        }
    }

    /** The naming rule and, in a dry run, the first names; then the counts (one JSON document with --json). */
    private void report(Output out) {
        if (missing.get() > 0) {
            hints.add("files are looked for from this machine through " + rse + "'s protocol; where the storage is not"
                    + " reachable from here, --verify none registers the manifest unchecked");
        }
        if (out.json()) {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("rse", rse);
            document.put("dry_run", dryRun);
            document.put("names_from", naming);
            document.put("verify", source.manifest == null ? "listing" : verify.name());
            document.put("found", found.get());
            document.put("registered", registered.get());
            document.put("already_registered", skipped.get());
            document.put("mismatched", mismatched.get());
            document.put("missing", missing.get());
            document.put("invalid", invalid.get());
            document.put("problems", problems);
            document.put("hints", List.copyOf(hints));
            if (dryRun) {
                document.put("sample", sample);
            }
            out.object(CliJson.tree(document));
            return;
        }
        if (dryRun) {
            out.line("Names: " + namingText());
            sample.forEach(e -> out.line("  " + e.get("scope") + ":" + e.get("name")
                    + (e.get("path") == null ? "" : "  <- " + e.get("path")) + "  (" + e.get("bytes") + " bytes)"));
            if (found.get() > sample.size()) {
                out.line("  ...");
            }
        }
        hints.forEach(h -> spec.commandLine().getErr().println("laguna: hint: " + h));
        out.line((dryRun ? "Dry run: " : "") + "found " + found + (dryRun ? ", would register " : ", registered ") + registered
                + ", already registered " + skipped
                + ", mismatched " + mismatched + ", invalid " + invalid + ", missing on storage " + missing);
    }

    private String namingText() {
        return switch (naming) {
            case "manifest" -> "the manifest's name column; lines without one are named by their path (--name-from "
                    + (nameFrom == null ? ImportNames.NameFrom.path : nameFrom) + ")";
            case "layout" -> "read from " + rse + "'s layout (deterministic RSE: a file's path is computed from its name)";
            case "basename" -> "the file name only (--name-from basename)";
            default -> "the path below " + rse + "'s prefix (--name-from path; --name-from basename keeps the file name only)";
        };
    }

    private void readManifest(Consumer<Map<String, Object>> add) {
        try (BufferedReader reader = Files.newBufferedReader(source.manifest, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            if (first == null) {
                return;
            }
            if (first.trim().startsWith("{")) {
                add.accept(jsonLine(first, 1));
                String line;
                int number = 1;
                while ((line = reader.readLine()) != null) {
                    number++;
                    if (!line.isBlank()) {
                        add.accept(jsonLine(line, number));
                    }
                }
                return;
            }
            String[] header = first.split(",", -1);
            String line;
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != header.length) {
                    throw new LagunaException(ErrorCode.INVALID_OBJECT, source.manifest + " line " + number + ": " + cells.length
                            + " fields where the header has " + header.length);
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                for (int i = 0; i < header.length; i++) {
                    String key = header[i].trim();
                    String value = cells[i].trim();
                    if (!value.isEmpty()) {
                        entry.put(key.equals("size") ? "bytes" : key.equals("pfn") ? "path" : key, value);
                    }
                }
                add.accept(normalise(entry, number));
            }
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "Cannot read manifest " + source.manifest + ": " + e.getMessage());
        }
    }

    private Map<String, Object> jsonLine(String line, int number) {
        try {
            return normalise(CliJson.object(line), number);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, source.manifest + " line " + number + " is not JSON: " + e.getMessage());
        }
    }

    private Map<String, Object> normalise(Map<String, Object> entry, int number) {
        entry.putIfAbsent("scope", scope);
        if (entry.containsKey("size")) {
            entry.put("bytes", entry.remove("size"));
        }
        if (entry.containsKey("pfn")) {
            entry.put("path", entry.remove("pfn"));
        }
        if (entry.get("name") == null && entry.get("path") != null) {
            entry.put("name", ImportNames.name(nameFrom == null ? ImportNames.NameFrom.path : nameFrom, entry.get("path").toString()));
        }
        Object bytes = entry.get("bytes");
        if (bytes == null || entry.get("name") == null) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, source.manifest + " line " + number + ": a name (or a path) and bytes"
                    + " are needed");
        }
        try {
            entry.put("bytes", Long.parseLong(bytes.toString()));
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, source.manifest + " line " + number + ": bytes is not a number: " + bytes);
        }
        return entry;
    }

    private void attach(LagunaClient client) {
        DatasetAttacher.attach(client, Dids.parse(spec, dataset), scope, names);
    }
}
