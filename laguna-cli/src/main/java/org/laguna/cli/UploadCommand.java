package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.laguna.client.DidsApi;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.ServerSideChecksums;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StoredObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code laguna upload}: copies local files onto an RSE and registers them. Each file is
 * registered as a COPYING replica first, written to a temporary name and moved into place by the
 * storage plugin, checked on storage, and only then made AVAILABLE; a re-run finishes what an
 * interrupted run left and skips files that are already there with the same checksum.
 */
@Command(name = "upload", mixinStandardHelpOptions = true, description = "Upload files (or directories) to an RSE and register them.")
final class UploadCommand extends ClientCommand {
    @Option(names = "--rse", required = true)
    String rse;

    @Option(names = "--scope", required = true)
    String scope;

    @Option(names = "--name", description = "DID name (only with one file; default: the file's name).")
    String name;

    @Option(names = "--dataset", paramLabel = "SCOPE:NAME", description = "Attach the files to this dataset (created if missing).")
    String dataset;

    @Option(names = "--lifetime", description = "Seconds until the uploaded files expire.")
    Long lifetime;

    @Option(names = "--register-after-upload", description = "Register the replica only once the bytes are stored (no COPYING replica meanwhile).")
    boolean registerAfterUpload;

    @Option(names = "--threads", defaultValue = "4", description = "Files uploaded in parallel (default 4).")
    int threads;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR")
    List<Path> paths;

    private final AtomicInteger uploaded = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();

    @Override
    protected void run(LagunaClient client, Output out) {
        List<Path> files = files();
        if (name != null && files.size() != 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--name needs exactly one file, got " + files.size());
        }
        JsonNode rseInfo = client.rses().get(rse);
        StorageAccess storage = new StorageAccess(client);
        StorageAccess.Protocol protocol = storage.best(rseInfo, "write");
        boolean deterministic = rseInfo.path("deterministic").asBoolean(true);
        List<String> failures = new ArrayList<>();
        long total = 0;
        for (Path f : files) {
            try {
                total += Files.size(f);
            } catch (IOException e) {
                // reported when the file is read
            }
        }
        try (Progress bar = Progress.start("upload", total, out.json());
             StorageProtocol target = storage.open(protocol);
             ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, files.size())))) {
            List<Future<?>> jobs = new ArrayList<>();
            for (Path file : files) {
                String did = name != null ? name : file.getFileName().toString();
                jobs.add(pool.submit(() -> {
                    try {
                        upload(client, target, protocol, deterministic, file, did, out, bar);
                    } catch (LagunaException e) {
                        synchronized (failures) {
                            failures.add(scope + ":" + did + ": " + e.getMessage());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Upload interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new LagunaException(ErrorCode.INTERNAL, "Upload failed: " + e.getCause());
        }
        if (dataset != null && failures.isEmpty()) {
            attach(client, files);
        }
        out.line("Uploaded " + uploaded.get() + ", already present " + skipped.get() + ", failed " + failures.size() + " (RSE " + rse + ")");
        if (!failures.isEmpty()) {
            failures.forEach(f -> spec.commandLine().getErr().println("laguna: " + f));
            throw new LagunaException(ErrorCode.INTERNAL, failures.size() + " file(s) could not be uploaded");
        }
    }

    private void upload(LagunaClient client, StorageProtocol target, StorageAccess.Protocol protocol, boolean deterministic,
            Path file, String did, Output out, Progress bar) {
        Checksums local;
        try {
            local = Checksums.of(file);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "Cannot read " + file + ": " + e.getMessage());
        }
        String lfn = scope + ":" + did;
        String pfn = client.rses().lfns2pfns(rse, List.of(deterministic ? lfn : lfn + ":" + scope + "/" + did), protocol.scheme())
                .path(lfn).asText();
        String state = existingState(client, did, local);
        if ("AVAILABLE".equals(state)) {
            skipped.incrementAndGet();
            out.line("Already on " + rse + ": " + lfn);
            return;
        }
        boolean registerFirst = state == null && !registerAfterUpload;
        if (registerFirst) {
            client.replicas().add(rse, List.of(replica(did, local, pfn, deterministic, "COPYING")));
        }
        try (InputStream in = bar.counting(Files.newInputStream(file))) {
            target.write(pfn, in, local.bytes());
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "Cannot read " + file + ": " + e.getMessage());
        }
        verify(target, pfn, local);
        if (state == null && registerAfterUpload) {
            client.replicas().add(rse, List.of(replica(did, local, pfn, deterministic, "AVAILABLE")));
        } else {
            client.replicas().updateStates(rse, List.of(Map.of("scope", scope, "name", did, "state", "AVAILABLE")));
        }
        if (lifetime != null) {
            client.dids().setMeta(scope, did, "lifetime", lifetime);
        }
        uploaded.incrementAndGet();
        out.line("Uploaded " + file + " -> " + lfn + " (" + local.bytes() + " bytes, adler32 " + local.adler32() + ")");
    }

    private Map<String, Object> replica(String did, Checksums local, String pfn, boolean deterministic, String state) {
        Map<String, Object> replica = new LinkedHashMap<>();
        replica.put("scope", scope);
        replica.put("name", did);
        replica.put("bytes", local.bytes());
        replica.put("adler32", local.adler32());
        replica.put("md5", local.md5());
        replica.put("state", state);
        if (!deterministic) {
            replica.put("pfn", pfn);
        }
        return replica;
    }

    /** The state of this file's replica on the RSE, or null if there is none; a different file under the name is an error. */
    private String existingState(LagunaClient client, String did, Checksums local) {
        JsonNode existing;
        try {
            existing = client.dids().get(scope, did);
        } catch (LagunaException e) {
            if (e.code() == ErrorCode.DATA_IDENTIFIER_NOT_FOUND) {
                return null;
            }
            throw e;
        }
        if (existing.path("bytes").asLong(-1) != local.bytes()
                || (existing.hasNonNull("adler32") && !existing.get("adler32").asText().equalsIgnoreCase(local.adler32()))) {
            throw new LagunaException(ErrorCode.FILE_CONSISTENCY_MISMATCH, scope + ":" + did
                    + " is already registered with other content (bytes " + existing.path("bytes").asText() + ", adler32 "
                    + existing.path("adler32").asText() + ")");
        }
        try (Stream<JsonNode> files = client.replicas().list(List.of(DidsApi.did(scope, did)), null, rse, true)) {
            return files.findFirst().map(f -> f.path("states").path(rse).asText(null)).orElse(null);
        }
    }

    private static void verify(StorageProtocol target, String pfn, Checksums local) {
        StoredObject stored = target.stat(pfn).orElseThrow(() -> new LagunaException(ErrorCode.SOURCE_NOT_FOUND,
                "The storage does not show " + pfn + " after writing it"));
        if (stored.size() != local.bytes()) {
            throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, pfn + " has " + stored.size() + " bytes on storage, " + local.bytes() + " locally");
        }
        if (target instanceof ServerSideChecksums checksums) {
            checksums.checksum(pfn, "adler32").ifPresent(remote -> {
                if (!remote.equalsIgnoreCase(local.adler32())) {
                    throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, pfn + " has adler32 " + remote + " on storage, " + local.adler32() + " locally");
                }
            });
        }
    }

    private void attach(LagunaClient client, List<Path> files) {
        DatasetAttacher.attach(client, Dids.parse(spec, dataset), scope,
                files.stream().map(f -> name != null ? name : f.getFileName().toString()).toList());
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "Cannot list " + path + ": " + e.getMessage());
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "No such file or directory: " + path);
            }
        }
        return files;
    }
}
