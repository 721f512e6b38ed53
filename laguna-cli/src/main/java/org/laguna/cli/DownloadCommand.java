package org.laguna.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.laguna.client.LagunaClient;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageProtocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code laguna download}: fetches the files of DIDs (files, datasets, containers) into
 * {@code DIR/SCOPE/NAME}, trying replicas in the catalogue's priority order, verifying the
 * Adler-32 of every file, and skipping files that are already present and correct. A replica whose
 * bytes do not match the catalogue's checksum is reported to the server as suspicious
 * ({@code POST /replicas/suspicious}) before the next replica is tried.
 */
@Command(name = "download", mixinStandardHelpOptions = true, description = "Download the files of DIDs, verifying their checksums.")
final class DownloadCommand extends ClientCommand {
    @Option(names = "--dir", defaultValue = ".", description = "Where to put the files (DIR/SCOPE/NAME; default the current directory).")
    Path dir;

    @Option(names = "--rse", description = "Only replicas on RSEs of this expression.")
    String rseExpression;

    @Option(names = "--nrandom", description = "Download only this many files, picked at random.")
    Integer nrandom;

    @Option(names = "--threads", defaultValue = "4", description = "Files downloaded in parallel (default 4).")
    int threads;

    @Parameters(arity = "1..*", paramLabel = "SCOPE:NAME")
    List<String> dids;

    private final AtomicInteger downloaded = new AtomicInteger();
    private final AtomicInteger present = new AtomicInteger();
    private final ArrayNode results = JsonNodeFactory.instance.arrayNode();

    @Override
    protected void run(LagunaClient client, Output out) {
        List<Map<String, String>> wanted = new ArrayList<>();
        dids.forEach(d -> wanted.add(Dids.parse(spec, d).asMap()));
        StorageAccess storage = new StorageAccess(client);
        List<String> failures = new ArrayList<>();
        try (Progress bar = Progress.start("download", "files", spec.commandLine().getErr(), out.json());
             Stream<JsonNode> files = client.replicas().list(wanted, null, rseExpression, false, nrandom);
             ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads))) {
            List<Future<?>> jobs = new ArrayList<>();
            files.forEach(file -> {
                bar.expect(1, file.path("bytes").asLong(0));
                jobs.add(pool.submit(() -> {
                    try {
                        download(client, storage, file, out, bar);
                    } catch (LagunaException e) {
                        String did = file.path("scope").asText() + ":" + file.path("name").asText();
                        result(out, bar, did, "failed", null, null, e.getMessage());
                        synchronized (failures) {
                            failures.add(did + ": " + e.getMessage());
                        }
                    } finally {
                        bar.done(1);
                    }
                    return null;
                }));
            });
            for (Future<?> job : jobs) {
                job.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LagunaException(ErrorCode.SERVICE_UNAVAILABLE, "Download interrupted");
        } catch (ExecutionException e) {
            throw new LagunaException(ErrorCode.INTERNAL, "Download failed: " + e.getCause());
        }
        if (out.json()) {
            ObjectNode doc = JsonNodeFactory.instance.objectNode();
            doc.put("downloaded", downloaded.get());
            doc.put("present", present.get());
            doc.put("failed", failures.size());
            doc.set("files", results);
            out.object(doc);
        } else {
            out.line("Downloaded " + downloaded.get() + ", already present " + present.get() + ", failed " + failures.size());
        }
        if (!failures.isEmpty()) {
            if (!out.json()) {
                failures.forEach(f -> spec.commandLine().getErr().println("laguna: " + f));
            }
            throw new LagunaException(ErrorCode.INTERNAL, failures.size() + " file(s) could not be downloaded");
        }
    }

    /** Records one file's outcome: a line for people now, or an entry of the JSON document printed at the end. */
    private void result(Output out, Progress bar, String did, String status, Path target, String rse, String detail) {
        if (!out.json()) {
            switch (status) {
                case "downloaded" -> bar.above(() -> out.line("Downloaded " + did + " from " + rse + " -> " + target));
                case "present" -> bar.above(() -> out.line("Already present: " + target));
                default -> { } // failures are listed on stderr with the summary
            }
            return;
        }
        synchronized (results) {
            ObjectNode entry = results.addObject();
            entry.put("did", did);
            entry.put("status", status);
            entry.put("path", target == null ? null : target.toString());
            if (rse != null) {
                entry.put("rse", rse);
            }
            if (detail != null) {
                entry.put("detail", detail);
            }
        }
    }

    private void download(LagunaClient client, StorageAccess storage, JsonNode file, Output out, Progress bar) {
        String scope = file.path("scope").asText();
        String name = file.path("name").asText();
        String adler32 = file.path("adler32").asText(null);
        Path target = dir.resolve(scope).resolve(name).normalize();
        if (!target.startsWith(dir.normalize())) {
            throw new LagunaException(ErrorCode.INVALID_PATH, "Refusing to write outside " + dir + ": " + target);
        }
        try {
            if (Files.isRegularFile(target) && Files.size(target) == file.path("bytes").asLong(-1)
                    && (adler32 == null || Checksums.of(target).adler32().equalsIgnoreCase(adler32))) {
                present.incrementAndGet();
                bar.expect(0, -file.path("bytes").asLong(0));
                result(out, bar, scope + ":" + name, "present", target, null, null);
                return;
            }
        } catch (IOException e) {
            // not readable: download again
        }
        List<String> pfns = new ArrayList<>();
        file.path("pfns").fields().forEachRemaining(e -> pfns.add(e.getKey()));
        pfns.sort((a, b) -> Integer.compare(file.path("pfns").path(a).path("priority").asInt(), file.path("pfns").path(b).path("priority").asInt()));
        if (pfns.isEmpty()) {
            throw new LagunaException(ErrorCode.REPLICA_NOT_FOUND, "No available replica");
        }
        List<String> tried = new ArrayList<>();
        for (String pfn : pfns) {
            String rse = file.path("pfns").path(pfn).path("rse").asText();
            Optional<StorageProtocol> protocol = storage.openFor(rse, pfn);
            if (protocol.isEmpty()) {
                tried.add(pfn + ": no plugin for its scheme");
                continue;
            }
            try (StorageProtocol source = protocol.get()) {
                fetch(source, pfn, target, new Expected(file.path("bytes").asLong(-1), adler32), bar);
                downloaded.incrementAndGet();
                result(out, bar, scope + ":" + name, "downloaded", target, rse, null);
                return;
            } catch (LagunaException e) {
                tried.add(pfn + ": " + e.getMessage());
                if (e.code() == ErrorCode.CHECKSUM_MISMATCH) {
                    reportSuspicious(client, pfn, e.getMessage());
                }
            } catch (IOException e) {
                tried.add(pfn + ": " + e.getMessage());
            }
        }
        throw new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "Every replica failed: " + String.join("; ", tried));
    }

    /** Tells the server that a replica's bytes looked wrong; a failure to tell it does not stop the download. */
    private void reportSuspicious(LagunaClient client, String pfn, String why) {
        try {
            client.replicas().declareSuspicious(List.of(pfn), "download: " + why);
        } catch (LagunaException e) {
            spec.commandLine().getErr().println("laguna: could not report " + pfn + " as suspicious: " + e.getMessage());
        }
    }

    /** What the catalogue says of a file: its size (negative when it does not say) and adler32 (null when it does not say). */
    private record Expected(long bytes, String adler32) {
    }

    private static void fetch(StorageProtocol source, String pfn, Path target, Expected expected, Progress bar) throws IOException {
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling("." + target.getFileName() + StorageProtocol.PART_SUFFIX);
        Checksums checksums = new Checksums();
        try (InputStream in = Checksums.tee(bar.counting(source.openRead(pfn, 0)), checksums);
             OutputStream outStream = Files.newOutputStream(part)) {
            in.transferTo(outStream);
        }
        // both must match: an adler32 that agrees does not make up for a size that does not
        if (expected.bytes() >= 0 && checksums.bytes() != expected.bytes()) {
            Files.deleteIfExists(part);
            throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "size is " + checksums.bytes() + " bytes, the catalogue says "
                    + expected.bytes());
        }
        if (expected.adler32() != null && !checksums.adler32().equalsIgnoreCase(expected.adler32())) {
            Files.deleteIfExists(part);
            throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "adler32 is " + checksums.adler32() + ", the catalogue says "
                    + expected.adler32());
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
