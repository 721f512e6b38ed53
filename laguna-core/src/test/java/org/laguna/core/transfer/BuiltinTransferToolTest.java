package org.laguna.core.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Adler32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StoredObject;
import org.laguna.spi.storage.ThirdPartyCopy;
import org.laguna.spi.transfer.FileStatus;
import org.laguna.spi.transfer.FileStatus.FileState;
import org.laguna.spi.transfer.JobStatus;
import org.laguna.spi.transfer.TransferEndpoint;
import org.laguna.spi.transfer.TransferFile;
import org.laguna.spi.transfer.TransferJob;

/** The built-in transfer tool against in-memory storages that count what happens to them. */
class BuiltinTransferToolTest {
    /** An in-memory storage that counts reads open at once and can lie about what it stored. */
    static class MemoryStorage implements StorageProtocol {
        final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        final AtomicInteger reading = new AtomicInteger();
        final AtomicInteger maxReading = new AtomicInteger();
        final AtomicInteger reads = new AtomicInteger();
        final List<String> deleted = new java.util.concurrent.CopyOnWriteArrayList<>();
        volatile String reportedAdler32;
        volatile long writeMillis;
        volatile long capacity = Long.MAX_VALUE;

        @Override
        public Optional<StoredObject> stat(String pfn) {
            byte[] bytes = objects.get(pfn);
            return bytes == null ? Optional.empty() : Optional.of(StoredObject.ofSize(pfn, bytes.length));
        }

        @Override
        public InputStream openRead(String pfn, long offset) {
            byte[] bytes = objects.get(pfn);
            if (bytes == null) {
                throw new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "No such object: " + pfn);
            }
            maxReading.accumulateAndGet(reading.incrementAndGet(), Math::max);
            reads.incrementAndGet();
            return new FilterInputStream(new ByteArrayInputStream(bytes)) {
                @Override
                public void close() throws IOException {
                    reading.decrementAndGet();
                    super.close();
                }
            };
        }

        @Override
        public StoredObject write(String pfn, InputStream content, long size) {
            try {
                byte[] bytes = content.readAllBytes();
                long used = objects.values().stream().mapToLong(b -> b.length).sum();
                if (used + bytes.length > capacity) {
                    throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Writing " + pfn + " failed: No space left on device");
                }
                if (writeMillis > 0) {
                    Thread.sleep(writeMillis);
                }
                objects.put(pfn, bytes);
                return new StoredObject(pfn, bytes.length, Optional.ofNullable(reportedAdler32), Optional.empty());
            } catch (IOException e) {
                throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "interrupted", e);
            }
        }

        @Override
        public void delete(String pfn) {
            objects.remove(pfn);
            deleted.add(pfn);
        }
    }

    /** A storage that damages what it writes while reporting the right size, and can compute checksums of what it holds. */
    static final class DamagingStorage extends MemoryStorage implements org.laguna.spi.storage.ServerSideChecksums {
        @Override
        public StoredObject write(String pfn, InputStream content, long size) {
            StoredObject stored = super.write(pfn, content, size);
            objects.get(pfn)[0] ^= 1;
            return stored;
        }

        @Override
        public Optional<String> checksum(String pfn, String algorithm) {
            return Optional.of(adler32(objects.get(pfn)));
        }
    }

    /**
     * A storage that fetches objects of the other in-memory storages itself, like S3 within one endpoint; it can
     * refuse, damage the copy, and report the adler32 of the source (as S3 carries its metadata over) or nothing.
     */
    final class FetchingStorage extends MemoryStorage implements ThirdPartyCopy {
        final AtomicInteger copies = new AtomicInteger();
        volatile boolean failing;
        volatile boolean damaging;
        volatile boolean reportsSourceAdler32 = true;

        @Override
        public boolean canCopyFrom(String sourcePfn) {
            return sourcePfn.startsWith("mem://");
        }

        @Override
        public StoredObject copyFrom(String sourcePfn, String pfn, long size) {
            if (failing) {
                throw new LagunaException(ErrorCode.STORAGE_ACCESS_DENIED, "Copy from " + sourcePfn + ": access denied");
            }
            String sourceRse = sourcePfn.substring("mem://".length(), sourcePfn.indexOf('/', "mem://".length()));
            byte[] bytes = rse(sourceRse).objects.get(sourcePfn);
            if (bytes == null) {
                throw new LagunaException(ErrorCode.SOURCE_NOT_FOUND, "No such object: " + sourcePfn);
            }
            byte[] copy = bytes.clone();
            if (damaging) {
                copy[0] ^= 1;
            }
            objects.put(pfn, copy);
            copies.incrementAndGet();
            return new StoredObject(pfn, copy.length, reportsSourceAdler32 ? Optional.of(adler32(bytes)) : Optional.empty(), Optional.empty());
        }
    }

    private final Map<String, MemoryStorage> rses = new ConcurrentHashMap<>();
    private BuiltinTransferTool tool;

    private MemoryStorage rse(String name) {
        return rses.computeIfAbsent(name, k -> new MemoryStorage());
    }

    private BuiltinTransferTool tool(int threads, int linkLimit) {
        tool = new BuiltinTransferTool((rse, pfn) -> rse(rse), Clock.systemUTC(), threads, linkLimit);
        return tool;
    }

    @AfterEach
    void close() {
        if (tool != null) {
            tool.close();
        }
    }

    private static String adler32(byte[] bytes) {
        Adler32 adler = new Adler32();
        adler.update(bytes);
        return String.format(Locale.ROOT, "%08x", adler.getValue());
    }

    private TransferFile file(String id, String content, String destination, String... sources) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        List<TransferEndpoint> from = new ArrayList<>();
        for (String source : sources) {
            from.add(new TransferEndpoint(source, "mem://" + source + "/" + id));
        }
        return new TransferFile(id, from, new TransferEndpoint(destination, "mem://" + destination + "/" + id), bytes.length,
                adler32(bytes), null);
    }

    private void put(String rse, String id, String content) {
        rse(rse).objects.put("mem://" + rse + "/" + id, content.getBytes(StandardCharsets.UTF_8));
    }

    private static TransferJob job(List<TransferFile> files) {
        return new TransferJob(files, "test", 3, false, true, true);
    }

    private JobStatus await(String jobId) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            JobStatus status = tool.query(List.of(jobId)).get(jobId);
            if (status.state().terminal()) {
                return status;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("job " + jobId + " did not end");
    }

    @Test
    void copiesManyFilesAtOnceButNoMoreThanTheLinkLimitFromOneRseToAnother() throws Exception {
        tool(8, 3);
        rse("B").writeMillis = 20;
        List<TransferFile> files = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String source = i % 2 == 0 ? "A" : "C";
            put(source, "f" + i, "content " + i);
            files.add(file("f" + i, "content " + i, "B", source));
        }
        JobStatus done = await(tool.submit(job(files)));
        assertThat(done.state()).isEqualTo(JobStatus.JobState.FINISHED);
        assertThat(rse("B").objects).hasSize(24);
        assertThat(rse("A").maxReading.get()).as("copies from A to B at once").isBetween(2, 3);
        assertThat(rse("C").maxReading.get()).as("copies from C to B at once").isBetween(2, 3);
        assertThat(tool.activeFiles()).isZero();
    }

    @Test
    void noMoreCopiesRunAtOnceThanTheEngineHasThreads() throws Exception {
        tool(2, 16);
        rse("B").writeMillis = 20;
        List<TransferFile> files = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            put("A", "g" + i, "content " + i);
            files.add(file("g" + i, "content " + i, "B", "A"));
        }
        assertThat(await(tool.submit(job(files))).state()).isEqualTo(JobStatus.JobState.FINISHED);
        // Two at once is the usual outcome; on a loaded machine the second copy may start only after the first ended.
        assertThat(rse("A").maxReading.get()).as("copies from A at once").isBetween(1, 2);
    }

    @Test
    void theNextSourceIsUsedWhenTheFirstHasNoSuchFile() throws Exception {
        tool(4, 4);
        put("FAR", "moved", "still here");
        JobStatus done = await(tool.submit(job(List.of(file("moved", "still here", "B", "NEAR", "FAR")))));
        FileStatus status = done.files().get("moved");
        assertThat(status.state()).isEqualTo(FileState.DONE);
        assertThat(status.source()).isEqualTo("mem://FAR/moved");
        assertThat(new String(rse("B").objects.get("mem://B/moved"), StandardCharsets.UTF_8)).isEqualTo("still here");
    }

    @Test
    void aChecksumTheDestinationReportsDifferentlyFailsTheFileAndDeletesTheCopy() throws Exception {
        tool(4, 4);
        put("A", "odd", "some bytes");
        rse("B").reportedAdler32 = "00000001";
        JobStatus failed = await(tool.submit(job(List.of(file("odd", "some bytes", "B", "A")))));
        assertThat(failed.state()).isEqualTo(JobStatus.JobState.FAILED);
        FileStatus status = failed.files().get("odd");
        assertThat(status.state()).isEqualTo(FileState.FAILED);
        assertThat(status.reason()).contains("A -> B", "Checksum mismatch");
        assertThat(rse("B").objects).doesNotContainKey("mem://B/odd");
        assertThat(rse("B").deleted).contains("mem://B/odd");
    }

    @Test
    void bytesDamagedAtTheDestinationAreFoundByItsOwnChecksumAndDeleted() throws Exception {
        tool(4, 4);
        rses.put("DAMAGING", new DamagingStorage());
        put("A", "damaged", "bytes that arrive damaged");
        JobStatus failed = await(tool.submit(job(List.of(file("damaged", "bytes that arrive damaged", "DAMAGING", "A")))));
        assertThat(failed.files().get("damaged").state()).isEqualTo(FileState.FAILED);
        assertThat(failed.files().get("damaged").reason()).contains("at the destination", "Checksum mismatch");
        assertThat(rse("DAMAGING").objects).isEmpty();
    }

    @Test
    void aFullDestinationFailsTheFileWithTheStoragesReasonAndHoldsNothingNew() throws Exception {
        tool(4, 4);
        rse("FULL").capacity = 5;
        put("A", "big", "more than five bytes");
        JobStatus failed = await(tool.submit(job(List.of(file("big", "more than five bytes", "FULL", "A")))));
        assertThat(failed.files().get("big").state()).isEqualTo(FileState.FAILED);
        assertThat(failed.files().get("big").reason()).contains("A -> FULL", "No space left on device");
        assertThat(rse("FULL").objects).isEmpty();
    }

    @Test
    void bytesThatDoNotMatchTheCatalogueFailWithEverySourceNamed() throws Exception {
        tool(4, 4);
        put("A", "bad", "not what the catalogue says");
        put("C", "bad", "neither is this");
        JobStatus failed = await(tool.submit(job(List.of(file("bad", "the catalogue's content", "B", "A", "C")))));
        FileStatus status = failed.files().get("bad");
        assertThat(status.state()).isEqualTo(FileState.FAILED);
        assertThat(status.reason()).contains("C -> B");
        assertThat(rse("B").objects).isEmpty();
    }

    @Test
    void aJobOfAnotherEngineIsUnknownAndItsEngineCanBeTold() throws Exception {
        tool(1, 1);
        put("A", "x", "x");
        String id = tool.submit(job(List.of(file("x", "x", "B", "A"))));
        assertThat(BuiltinTransferTool.engineOf(id)).isEqualTo(tool.engineId());
        BuiltinTransferTool other = new BuiltinTransferTool((rse, pfn) -> rse(rse), Clock.systemUTC(), 1, 1);
        try {
            assertThat(other.query(List.of(id))).isEmpty();
            assertThat(BuiltinTransferTool.engineOf(id)).isNotEqualTo(other.engineId());
        } finally {
            other.close();
        }
        await(id);
    }

    @Test
    void aFailedHopOfAMultihopJobStopsTheHopsAfterIt() throws Exception {
        tool(4, 4);
        TransferFile first = file("hop1", "hop", "MID", "A");
        TransferFile second = file("hop2", "hop", "B", "MID");
        JobStatus done = await(tool.submit(new TransferJob(List.of(first, second), "test", 3, true, true, true)));
        assertThat(done.files().get("hop1").state()).isEqualTo(FileState.FAILED);
        assertThat(done.files().get("hop2").state()).isEqualTo(FileState.NOT_USED);
    }

    private FetchingStorage fetching(String name) {
        FetchingStorage storage = new FetchingStorage();
        rses.put(name, storage);
        return storage;
    }

    @Test
    void aDestinationThatCanFetchTheSourceCopiesItWithoutAByteThroughTheEngine() throws Exception {
        tool(4, 4);
        FetchingStorage destination = fetching("S3_B");
        tool.thirdPartyMinBytes(0); // copied server-side however small
        put("A", "tpc", "copied by the destination");
        JobStatus done = await(tool.submit(job(List.of(file("tpc", "copied by the destination", "S3_B", "A")))));
        assertThat(done.files().get("tpc").state()).isEqualTo(FileState.DONE);
        assertThat(new String(destination.objects.get("mem://S3_B/tpc"), StandardCharsets.UTF_8)).isEqualTo("copied by the destination");
        assertThat(destination.copies.get()).isEqualTo(1);
        assertThat(tool.thirdPartyCopies()).isEqualTo(1);
        assertThat(rse("A").maxReading.get()).as("reads of the source through the engine").isZero();
        assertThat(destination.maxReading.get()).as("the adler32 the copy reported was enough").isZero();
    }

    @Test
    void aFailedThirdPartyCopyFallsBackToStreaming() throws Exception {
        tool(4, 4);
        FetchingStorage destination = fetching("S3_B");
        tool.thirdPartyMinBytes(0); // copied server-side however small
        destination.failing = true;
        put("A", "fallback", "streamed after all");
        JobStatus done = await(tool.submit(job(List.of(file("fallback", "streamed after all", "S3_B", "A")))));
        assertThat(done.files().get("fallback").state()).isEqualTo(FileState.DONE);
        assertThat(new String(destination.objects.get("mem://S3_B/fallback"), StandardCharsets.UTF_8)).isEqualTo("streamed after all");
        assertThat(tool.thirdPartyCopies()).isZero();
        assertThat(rse("A").maxReading.get()).as("the source was streamed").isEqualTo(1);
    }

    @Test
    void aThirdPartyCopyThatDoesNotMatchTheCatalogueWhenReadBackIsDeleted() throws Exception {
        tool(4, 4);
        FetchingStorage destination = fetching("S3_B");
        tool.thirdPartyMinBytes(0); // copied server-side however small
        destination.damaging = true;
        destination.reportsSourceAdler32 = false;
        put("A", "damaged", "damaged by the copy");
        JobStatus failed = await(tool.submit(job(List.of(file("damaged", "damaged by the copy", "S3_B", "A")))));
        FileStatus status = failed.files().get("damaged");
        assertThat(status.state()).isEqualTo(FileState.FAILED);
        assertThat(status.reason()).contains("A -> S3_B", "Checksum mismatch after a third-party copy", "read back");
        assertThat(destination.objects).isEmpty();
        assertThat(destination.deleted).contains("mem://S3_B/damaged");
        assertThat(destination.maxReading.get()).as("the copy was read back").isEqualTo(1);
    }

    @Test
    void aThirdPartyCopyOfASourceWhoseRecordedChecksumDiffersIsDeleted() throws Exception {
        tool(4, 4);
        FetchingStorage destination = fetching("S3_B");
        tool.thirdPartyMinBytes(0); // copied server-side however small
        put("A", "other", "not the catalogue's bytes");
        JobStatus failed = await(tool.submit(job(List.of(file("other", "the catalogue's bytes!!!!", "S3_B", "A")))));
        assertThat(failed.files().get("other").reason()).contains("Checksum mismatch after a third-party copy", "recorded with the object");
        assertThat(destination.objects).isEmpty();
    }

    @Test
    void aSourceTheDestinationCannotFindIsNotStreamedAndTheNextSourceIsUsed() throws Exception {
        tool(4, 4);
        FetchingStorage destination = fetching("S3_B");
        tool.thirdPartyMinBytes(0); // copied server-side however small
        put("FAR", "moved", "only far away");
        JobStatus done = await(tool.submit(job(List.of(file("moved", "only far away", "S3_B", "NEAR", "FAR")))));
        assertThat(done.files().get("moved").state()).isEqualTo(FileState.DONE);
        assertThat(done.files().get("moved").source()).isEqualTo("mem://FAR/moved");
        assertThat(destination.copies.get()).isEqualTo(1);
        assertThat(rse("FAR").maxReading.get()).isZero();
    }

    @Test
    void aSmallFileToStorageThatCannotComputeChecksumsIsStreamedAndALargerOneCopiedByTheStorage() throws Exception {
        tool(4, 4);
        tool.thirdPartyMinBytes(16);
        FetchingStorage destination = fetching("S3_B");
        put("A", "small", "15 bytes, small");
        put("A", "large", "16 bytes, larger");

        JobStatus done = await(tool.submit(job(List.of(file("small", "15 bytes, small", "S3_B", "A"), file("large", "16 bytes, larger", "S3_B", "A")))));

        assertThat(done.files().get("small").state()).isEqualTo(FileState.DONE);
        assertThat(done.files().get("large").state()).isEqualTo(FileState.DONE);
        assertThat(destination.copies.get()).as("copies made by the storage").isEqualTo(1);
        assertThat(rse("A").reads.get()).as("reads of the source: the small file was streamed").isEqualTo(1);
        assertThat(new String(destination.objects.get("mem://S3_B/small"), StandardCharsets.UTF_8)).isEqualTo("15 bytes, small");
        assertThat(new String(destination.objects.get("mem://S3_B/large"), StandardCharsets.UTF_8)).isEqualTo("16 bytes, larger");
    }

    @Test
    void aNegativeThirdPartyCopyThresholdIsRefused() {
        tool(1, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tool.thirdPartyMinBytes(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
