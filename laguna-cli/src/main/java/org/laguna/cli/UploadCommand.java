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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.laguna.cli.LocalFiles.LocalFile;
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
 * interrupted run left (replicas left COPYING, files not yet attached to the dataset), says so in its
 * summary, and skips files that are already there with the same checksum. Files found in a
 * directory are named by their path relative to it (see {@link LocalFiles}). When the server goes
 * away mid-way the command stops starting files and exits with the "server unreachable" code.
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

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR",
            description = "Files, and directories whose files are named by their path inside the directory (DIR/x/a.txt -> x/a.txt).")
    List<Path> paths;

    @Override
    protected void run(LagunaClient client, Output out) {
        List<LocalFile> files;
        try {
            files = LocalFiles.collect(paths, name);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        JsonNode rseInfo = client.rses().get(rse);
        StorageAccess storage = new StorageAccess(client);
        StorageAccess.Protocol protocol = storage.best(rseInfo, "write");
        boolean deterministic = rseInfo.path("deterministic").asBoolean(true);
        UploadReport report = new UploadReport(rse);
        AtomicReference<LagunaException> lostServer = new AtomicReference<>();
        try (Progress bar = Progress.start("upload", "files", spec.commandLine().getErr(), out.json());
             StorageProtocol target = storage.open(protocol);
             ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, files.size())))) {
            files.forEach(file -> bar.expect(1, sizeOf(file.path())));
            List<Future<?>> jobs = new ArrayList<>();
            for (LocalFile file : files) {
                jobs.add(pool.submit(() -> {
                    UploadReport.Outcome outcome = lostServer.get() != null
                            ? new UploadReport.Outcome(file, scope + ":" + file.name(), UploadReport.Status.NOT_ATTEMPTED, 0, null, null)
                            : attempt(client, target, protocol, deterministic, file, bar, lostServer);
                    bar.done(1);
                    report.add(outcome);
                    bar.above(() -> {
                        if (outcome.status() == UploadReport.Status.FAILED) {
                            spec.commandLine().getErr().println("laguna: " + UploadReport.line(outcome, rse));
                        } else if (!out.json() && outcome.status() != UploadReport.Status.NOT_ATTEMPTED) {
                            out.line(UploadReport.line(outcome, rse));
                        }
                    });
                    return null;
                }));
            }
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Upload interrupted; re-run the same command to finish");
        } catch (ExecutionException e) {
            throw new LagunaException(ErrorCode.INTERNAL, "Upload failed: " + e.getCause());
        }
        finish(client, out, report, lostServer.get());
    }

    /** Attaches what is stored to the dataset, prints the summary, and fails if any file did not make it. */
    private void finish(LagunaClient client, Output out, UploadReport report, LagunaException lostServer) {
        if (dataset != null && lostServer == null && !report.stored().isEmpty()) {
            report.attached(dataset, DatasetAttacher.attach(client, Dids.parse(spec, dataset), scope, report.stored()));
        }
        if (out.json()) {
            out.object(report.json());
        } else {
            report.summary().forEach(out::line);
        }
        if (lostServer != null) {
            int left = report.count(UploadReport.Status.FAILED) + report.count(UploadReport.Status.NOT_ATTEMPTED);
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "The server went away during the upload (" + lostServer.getMessage()
                    + "); " + left + " file(s) are not finished" + (dataset == null ? "" : " and none is attached to " + dataset)
                    + ": re-run the same command to finish");
        }
        int failed = report.count(UploadReport.Status.FAILED);
        if (failed > 0) {
            throw new LagunaException(ErrorCode.INTERNAL, failed + " file(s) could not be uploaded (see above); re-run the same command to retry them");
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // reported when the file is read
        }
    }

    /** Uploads one file; a failure becomes its outcome, and a server that cannot be reached stops the files not yet started. */
    private UploadReport.Outcome attempt(LagunaClient client, StorageProtocol target, StorageAccess.Protocol protocol, boolean deterministic,
            LocalFile file, Progress bar, AtomicReference<LagunaException> lostServer) {
        String did = scope + ":" + file.name();
        try {
            return upload(client, target, protocol, deterministic, file, bar);
        } catch (LagunaException e) {
            if (e.code() == ErrorCode.SERVICE_UNAVAILABLE) {
                lostServer.compareAndSet(null, e);
            }
            return new UploadReport.Outcome(file, did, UploadReport.Status.FAILED, 0, null, e.getMessage());
        } catch (RuntimeException e) {
            return new UploadReport.Outcome(file, did, UploadReport.Status.FAILED, 0, null, String.valueOf(e.getMessage()));
        }
    }

    private UploadReport.Outcome upload(LagunaClient client, StorageProtocol target, StorageAccess.Protocol protocol, boolean deterministic,
            LocalFile file, Progress bar) {
        String did = file.name();
        Checksums local;
        try {
            local = Checksums.of(file.path());
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "Cannot read " + file.path() + ": " + e.getMessage());
        }
        String lfn = scope + ":" + did;
        String state = existingState(client, did, local);
        if ("AVAILABLE".equals(state)) {
            bar.expect(0, -local.bytes());
            return new UploadReport.Outcome(file, lfn, UploadReport.Status.PRESENT, local.bytes(), local.adler32(), null);
        }
        String pfn = client.rses().lfns2pfns(rse, List.of(deterministic ? lfn : lfn + ":" + scope + "/" + did), protocol.scheme())
                .path(lfn).asText();
        boolean registerFirst = state == null && !registerAfterUpload;
        if (registerFirst) {
            client.replicas().add(rse, List.of(replica(did, local, pfn, deterministic, "COPYING")));
        }
        try (InputStream in = bar.counting(Files.newInputStream(file.path()))) {
            target.write(pfn, in, local.bytes());
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "Cannot read " + file.path() + ": " + e.getMessage());
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
        return state == null
                ? new UploadReport.Outcome(file, lfn, UploadReport.Status.UPLOADED, local.bytes(), local.adler32(), null)
                : new UploadReport.Outcome(file, lfn, UploadReport.Status.FINISHED, local.bytes(), local.adler32(),
                        "its replica was left " + state + " by an earlier run");
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
}
