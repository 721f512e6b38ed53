package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.ListableStorage;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StoredObject;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code laguna import}: registers files that already sit on an RSE, from a manifest (CSV or JSON
 * lines) or from a listing of the storage. Re-running it registers only what is new; entries that
 * contradict the catalogue are reported, never overwritten.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Register files that already sit on storage, from a manifest or a listing.")
final class ImportCommand extends ClientCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 100_000;

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

    @Option(names = "--dry-run", description = "Report what would be registered, register nothing.")
    boolean dryRun;

    @Option(names = "--threads", defaultValue = "2", description = "Batches of 100,000 sent in parallel (default 2).")
    int threads;

    private final AtomicLong found = new AtomicLong();
    private final AtomicLong registered = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong mismatched = new AtomicLong();
    private final AtomicLong invalid = new AtomicLong();
    private final List<String> names = new ArrayList<>();
    private Progress progress;

    @Override
    protected void run(LagunaClient client, Output out) {
        int parallel = Math.max(1, threads);
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(parallel);
        List<java.util.concurrent.Future<?>> jobs = new ArrayList<>();
        try (Progress bar = progress = Progress.start("import", "files", spec.commandLine().getErr(), out.json());
             java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallel)) {
            List<Map<String, Object>> batch = new ArrayList<>();
            java.util.function.Consumer<List<Map<String, Object>>> submit = full -> {
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
            java.util.function.Consumer<Map<String, Object>> add = entry -> {
                progress.expect(1, entry.get("bytes") instanceof Number n ? n.longValue() : 0);
                batch.add(entry);
                if (dataset != null) {
                    names.add((String) entry.get("name"));
                }
                if (batch.size() == BATCH) {
                    submit.accept(new ArrayList<>(batch));
                    batch.clear();
                }
            };
            if (source.manifest != null) {
                readManifest(add);
            } else {
                readListing(client, add);
            }
            if (!batch.isEmpty()) {
                submit.accept(new ArrayList<>(batch));
            }
            for (java.util.concurrent.Future<?> job : jobs) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Import interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof LagunaException laguna) {
                throw laguna;
            }
            throw new LagunaException(ErrorCode.INTERNAL, "Import failed: " + e.getCause());
        }
        if (dataset != null && !dryRun && mismatched.get() == 0 && invalid.get() == 0) {
            attach(client);
        }
        out.line((dryRun ? "Dry run: " : "") + "found " + found + ", registered " + registered + ", already registered " + skipped
                + ", mismatched " + mismatched + ", invalid " + invalid);
        if (mismatched.get() + invalid.get() > 0) {
            throw new LagunaException(ErrorCode.FILE_CONSISTENCY_MISMATCH, (mismatched.get() + invalid.get())
                    + " entries were not imported (see above)");
        }
    }

    private void send(LagunaClient client, List<Map<String, Object>> batch, Output out) {
        JsonNode summary = client.replicas().importReplicas(rse, batch, dryRun);
        progress.done(batch.size());
        progress.bytes(batch.stream().mapToLong(e -> e.get("bytes") instanceof Number n ? n.longValue() : 0).sum());
        found.addAndGet(summary.path("found").asLong());
        registered.addAndGet(summary.path("registered").asLong());
        skipped.addAndGet(summary.path("skipped").asLong());
        mismatched.addAndGet(summary.path("mismatched").asLong());
        invalid.addAndGet(summary.path("invalid").asLong());
        synchronized (this) {
            summary.path("problems").forEach(p -> spec.commandLine().getErr().println("laguna: not imported: " + p.asText()));
        }
    }

    private void readManifest(java.util.function.Consumer<Map<String, Object>> add) {
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

    @SuppressWarnings("unchecked")
    private Map<String, Object> jsonLine(String line, int number) {
        try {
            return normalise(new LinkedHashMap<>(JSON.readValue(line, Map.class)), number);
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
        Object bytes = entry.get("bytes");
        if (bytes == null || entry.get("name") == null) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, source.manifest + " line " + number + ": name and bytes are needed");
        }
        try {
            entry.put("bytes", Long.parseLong(bytes.toString()));
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, source.manifest + " line " + number + ": bytes is not a number: " + bytes);
        }
        return entry;
    }

    private void readListing(LagunaClient client, java.util.function.Consumer<Map<String, Object>> add) {
        JsonNode info = client.rses().get(rse);
        StorageAccess storage = new StorageAccess(client);
        StorageAccess.Protocol protocol = storage.best(info, "read");
        boolean deterministic = info.path("deterministic").asBoolean(true);
        String base = trimSlashes(protocol.prefix());
        String start = "file".equals(protocol.scheme()) ? "file://" + protocol.hostname() + "/" + base + "/" + trimSlashes(source.prefix)
                : protocol.scheme() + "://" + protocol.hostname() + ":" + protocol.port() + "/" + base + "/" + trimSlashes(source.prefix);
        try (StorageProtocol target = storage.open(protocol)) {
            if (!(target instanceof ListableStorage listable)) {
                throw new LagunaException(ErrorCode.RSE_OPERATION_NOT_SUPPORTED, "The " + protocol.scheme() + " storage of " + rse + " cannot list");
            }
            List<StoredObject> objects = new ArrayList<>();
            listable.list(start, objects::add);
            for (StoredObject object : objects) {
                int at = object.pfn().indexOf("/" + base + "/");
                String relative = object.pfn().substring(at + base.length() + 2);
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("scope", scope);
                entry.put("name", deterministic ? nameFromLayout(relative) : relative);
                entry.put("bytes", object.size());
                entry.put("path", relative);
                checksum(target, object).ifPresent(a -> entry.put("adler32", a));
                add.accept(entry);
            }
        }
    }

    private static java.util.Optional<String> checksum(StorageProtocol target, StoredObject object) {
        if (object.adler32().isPresent()) {
            return object.adler32();
        }
        if (target instanceof org.laguna.spi.storage.ServerSideChecksums checksums) {
            return checksums.checksum(object.pfn(), "adler32");
        }
        return java.util.Optional.empty();
    }

    /** The file name in the hash layout {@code scope-path/xx/yy/name}; the server checks the whole path. */
    private static String nameFromLayout(String relative) {
        String[] parts = relative.split("/");
        for (int i = 1; i + 2 < parts.length; i++) {
            if (parts[i].matches("[0-9a-f]{2}") && parts[i + 1].matches("[0-9a-f]{2}")) {
                return String.join("/", java.util.Arrays.copyOfRange(parts, i + 2, parts.length));
            }
        }
        return parts[parts.length - 1];
    }

    private static String trimSlashes(String text) {
        String t = text == null ? "" : text;
        while (t.startsWith("/")) {
            t = t.substring(1);
        }
        while (t.endsWith("/")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }

    private void attach(LagunaClient client) {
        DatasetAttacher.attach(client, Dids.parse(spec, dataset), scope, names);
    }
}
