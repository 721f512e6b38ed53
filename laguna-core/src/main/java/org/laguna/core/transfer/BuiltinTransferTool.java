package org.laguna.core.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Adler32;
import java.util.zip.CheckedInputStream;
import org.laguna.core.storage.ServerStorage;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.storage.ServerSideChecksums;
import org.laguna.spi.storage.StorageProtocol;
import org.laguna.spi.storage.StoredObject;
import org.laguna.spi.storage.ThirdPartyCopy;
import org.laguna.spi.transfer.FileStatus;
import org.laguna.spi.transfer.FileStatus.FileState;
import org.laguna.spi.transfer.FileStatus.SourceProblem;
import org.laguna.spi.transfer.FileStatus.SuspiciousSource;
import org.laguna.spi.transfer.InProcessEngine;
import org.laguna.spi.transfer.JobStatus;
import org.laguna.spi.transfer.JobStatus.JobState;
import org.laguna.spi.transfer.TransferEndpoint;
import org.laguna.spi.transfer.TransferFile;
import org.laguna.spi.transfer.TransferJob;
import org.laguna.spi.transfer.TransferToolException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transfer tool inside the server ({@code builtin}): copies through the storage plugins with
 * the server's credentials, streaming (never a whole file in memory), computing adler32 on the way,
 * then checks the size the destination reports and its adler32 (computed by the destination when it
 * can, as POSIX does) against the catalogue's. A mismatch deletes the copy. Where the destination can fetch the file
 * itself ({@link ThirdPartyCopy}: S3 within one endpoint, POSIX on one host), it does, and no byte passes through
 * this process; if that fails, the file is streamed. Many files move at once: up to {@code threads} copies in
 * all and {@code link-limit} between one source RSE and one destination RSE, each copy on a virtual
 * thread that waits for its permits.
 *
 * <p>A source that is not there, or whose bytes do not match the catalogue's size or adler32, is reported in the file's
 * status ({@link FileStatus#suspiciousSources()}) even when another source then serves the file, so that the conveyor can
 * declare that copy suspicious.
 *
 * <p>Jobs live in memory only: their ids start with this engine's id, so a poller can tell a job
 * of a process that is gone (the conveyor then looks at the destination). Finished jobs are
 * forgotten a minute after they end.
 */
public final class BuiltinTransferTool implements InProcessEngine {
    public static final String NAME = TransferConfig.BUILTIN;
    private static final Logger LOG = LoggerFactory.getLogger(BuiltinTransferTool.class);
    private static final Duration RETENTION = Duration.ofMinutes(1);
    /** Files an engine holds (copying or waiting for a permit) beyond which its process's submitter takes no more. */
    public static final int MAX_WAITING = 10_000;

    /** Below this size, a file going to storage that cannot compute checksums itself is streamed, not copied by the storage. */
    public static final long DEFAULT_THIRD_PARTY_MIN_BYTES = 1L << 20;

    /**
     * Opens the storage connection a PFN of an RSE belongs to ({@link ServerStorage#openPfn} in the server), refusing a
     * PFN that none of the RSE's endpoints serves: a third-party copy relies on that to fetch only the source RSE's files.
     */
    @FunctionalInterface
    public interface Connections {
        StorageProtocol open(String rse, String pfn);
    }

    private final Connections storage;
    private final Clock clock;
    private final String engineId = UUID.randomUUID().toString().replace("-", "");
    private final Semaphore slots;
    private final int linkLimit;
    private final boolean readBack;
    private volatile boolean bridgesProtocols = true;
    private volatile long thirdPartyMinBytes = DEFAULT_THIRD_PARTY_MIN_BYTES;
    private final Map<String, Semaphore> links = new ConcurrentHashMap<>();
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong thirdPartyCopies = new AtomicLong();
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("laguna-copy-", 0).factory());
    private volatile boolean closed;

    public BuiltinTransferTool(Connections storage, Clock clock, int threads, int linkLimit) {
        this(storage, clock, threads, linkLimit, true);
    }

    /**
     * @param readBack whether a destination that can compute checksums itself ({@link ServerSideChecksums}) is asked for
     *     the adler32 of what it stored, rather than trusting the one computed while the bytes went in
     */
    public BuiltinTransferTool(Connections storage, Clock clock, int threads, int linkLimit, boolean readBack) {
        this.storage = Objects.requireNonNull(storage, "storage is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        if (threads < 1 || linkLimit < 1) {
            throw new IllegalArgumentException("threads and link-limit must be positive");
        }
        this.slots = new Semaphore(threads, true);
        this.linkLimit = linkLimit;
        this.readBack = readBack;
    }

    /**
     * From the configuration: {@code transfer.builtin.threads} (32), {@code transfer.builtin.link-limit} (16),
     * {@code transfer.builtin.read-back} (true), {@code transfer.builtin.bridge-protocols} (true),
     * {@code transfer.builtin.third-party-copy-min-bytes} (1 MiB, {@link #thirdPartyMinBytes}).
     */
    public static BuiltinTransferTool create(ServerStorage storage, Clock clock, TransferConfig config) {
        BuiltinTransferTool tool = new BuiltinTransferTool(storage::openPfn, clock, config.toolInt("threads", 32),
                config.toolInt("link-limit", 16), !"false".equalsIgnoreCase(config.toolConfig().getOrDefault("read-back", "true").trim()));
        tool.bridgesProtocols = !"false".equalsIgnoreCase(config.toolConfig().getOrDefault("bridge-protocols", "true").trim());
        tool.thirdPartyMinBytes(config.toolLong("third-party-copy-min-bytes", DEFAULT_THIRD_PARTY_MIN_BYTES));
        return tool;
    }

    /**
     * Files of at least this many bytes are copied by the destination storage itself where it can ({@link ThirdPartyCopy});
     * smaller ones are too when the destination computes checksums itself (POSIX). Otherwise (S3) a copy would have to be
     * read back to check its adler32 unless the source carries one, so a small file costs fewer requests streamed (read
     * and write) than copied (look-up, copy, read back). 0 copies every file the storage can.
     */
    public void thirdPartyMinBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("transfer.builtin.third-party-copy-min-bytes must not be negative");
        }
        this.thirdPartyMinBytes = bytes;
    }

    /**
     * True unless {@code transfer.builtin.bridge-protocols=false}: the bytes stream through this
     * process, so a file RSE copies to an S3 one (and any other pair with storage plugins) in one hop.
     * With false the conveyor plans transfers as for a third-party-copy tool, through intermediate
     * RSEs where no compatible protocol pair exists.
     */
    @Override
    public boolean bridgesProtocols() {
        return bridgesProtocols;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** This engine's id: the prefix of its job ids. */
    @Override
    public String engineId() {
        return engineId;
    }

    @Override
    public boolean madeJob(String jobId) {
        return engineId.equals(engineOf(jobId));
    }

    /** Full at {@value #MAX_WAITING} files copying or waiting for a permit. */
    @Override
    public boolean full() {
        return activeFiles() >= MAX_WAITING;
    }

    /** The engine that made a job id, or null if it is not a built-in job id. */
    public static String engineOf(String jobId) {
        int colon = jobId == null ? -1 : jobId.indexOf(':');
        return colon < 0 ? null : jobId.substring(0, colon);
    }

    /** Files being copied or waiting for a permit now. */
    public int activeFiles() {
        return active.get();
    }

    private final class Job {
        final String id;
        final TransferJob job;
        final Map<String, FileStatus> files = new ConcurrentHashMap<>();
        final AtomicInteger remaining;
        volatile Instant ended;
        volatile boolean canceled;

        Job(String id, TransferJob job) {
            this.id = id;
            this.job = job;
            this.remaining = new AtomicInteger(job.files().size());
            for (TransferFile file : job.files()) {
                files.put(file.requestId(), new FileStatus(file.requestId(), FileState.SUBMITTED, null, null, 0, null, null));
            }
        }

        void ended(TransferFile file, FileStatus status) {
            files.put(file.requestId(), status);
            if (remaining.decrementAndGet() == 0) {
                ended = clock.instant();
            }
        }

        JobStatus status() {
            JobState state;
            if (ended == null) {
                state = files.values().stream().anyMatch(f -> f.state() != FileState.SUBMITTED) ? JobState.ACTIVE : JobState.SUBMITTED;
            } else {
                long done = files.values().stream().filter(f -> f.state() == FileState.DONE).count();
                state = canceled ? JobState.CANCELED : done == files.size() ? JobState.FINISHED
                        : done == 0 ? JobState.FAILED : JobState.FINISHED_DIRTY;
            }
            return new JobStatus(id, state, new HashMap<>(files));
        }
    }

    @Override
    public String submit(TransferJob job) {
        if (closed) {
            throw new TransferToolException("The built-in transfer engine is shut down");
        }
        String id = engineId + ":" + sequence.incrementAndGet();
        Job state = new Job(id, job);
        jobs.put(id, state);
        active.addAndGet(job.files().size());
        if (job.multihop()) {
            executor.execute(() -> {
                boolean ok = true;
                for (TransferFile file : job.files()) {
                    ok = ok ? run(state, file) : skip(state, file, "an earlier hop failed");
                }
            });
        } else {
            for (TransferFile file : job.files()) {
                executor.execute(() -> run(state, file));
            }
        }
        return id;
    }

    private boolean skip(Job job, TransferFile file, String reason) {
        active.decrementAndGet();
        job.ended(file, new FileStatus(file.requestId(), FileState.NOT_USED, reason, null, 0, null, null));
        return false;
    }

    /** Copies one file from its first source that works; records the outcome. */
    private boolean run(Job job, TransferFile file) {
        Instant started = clock.instant();
        String reason = null;
        String lastSource = null;
        List<SuspiciousSource> suspicious = new ArrayList<>();
        try {
            for (TransferEndpoint source : file.sources()) {
                if (job.canceled || closed) {
                    job.ended(file, new FileStatus(file.requestId(), FileState.CANCELED, "canceled", null, 0, started, clock.instant()));
                    return false;
                }
                lastSource = source.pfn();
                Semaphore link = links.computeIfAbsent(source.rse() + " " + file.destination().rse(), k -> new Semaphore(linkLimit, true));
                try {
                    link.acquire();
                    try {
                        slots.acquire();
                        try {
                            job.files.put(file.requestId(), new FileStatus(file.requestId(), FileState.ACTIVE, null, source.pfn(), 0,
                                    started, null));
                            copy(source, file, job.job.verifyChecksum());
                        } finally {
                            slots.release();
                        }
                    } finally {
                        link.release();
                    }
                    job.ended(file, new FileStatus(file.requestId(), FileState.DONE, null, source.pfn(), file.bytes(), started, clock.instant(),
                            suspicious));
                    return true;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    reason = "interrupted";
                    break;
                } catch (SourceFaults.SourceFault e) {
                    suspicious.add(new SuspiciousSource(source.pfn(), e.problem(), e.getMessage()));
                    reason = source.rse() + " -> " + file.destination().rse() + ": " + e.getMessage();
                } catch (LagunaException e) {
                    reason = source.rse() + " -> " + file.destination().rse() + ": " + e.getMessage();
                } catch (RuntimeException e) {
                    reason = source.rse() + " -> " + file.destination().rse() + ": " + e;
                }
            }
            job.ended(file, new FileStatus(file.requestId(), FileState.FAILED, reason, lastSource, 0, started, clock.instant(), suspicious));
            return false;
        } finally {
            active.decrementAndGet();
        }
    }

    private void copy(TransferEndpoint source, TransferFile file, boolean verifyChecksum) {
        StorageProtocol from = storage.open(source.rse(), source.pfn());
        StorageProtocol to = storage.open(file.destination().rse(), file.destination().pfn());
        if (to instanceof ThirdPartyCopy thirdParty && (file.bytes() >= thirdPartyMinBytes || to instanceof ServerSideChecksums)
                && thirdParty.canCopyFrom(source.pfn())) {
            Optional<StoredObject> copied = thirdPartyCopy(thirdParty, source, file);
            if (copied.isPresent()) {
                try {
                    verifyThirdPartyCopy(to, copied.get(), source, file, verifyChecksum);
                } catch (LagunaException e) {
                    throw SourceFaults.blame(from, source, file).<LagunaException>map(fault -> fault).orElse(e);
                }
                return;
            }
        }
        streamingCopy(from, to, source, file, verifyChecksum);
    }

    /**
     * Has the destination fetch the file itself; empty if that failed and the file should be streamed instead. A source
     * that does not exist is not streamed either. (The source PFN is one of the source RSE's: {@link Connections#open}
     * found its endpoint by the PFN's prefix.)
     */
    private Optional<StoredObject> thirdPartyCopy(ThirdPartyCopy to, TransferEndpoint source, TransferFile file) {
        try {
            StoredObject copied = to.copyFrom(source.pfn(), file.destination().pfn(), file.bytes());
            thirdPartyCopies.incrementAndGet();
            return Optional.of(copied);
        } catch (LagunaException e) {
            if (e.code() == ErrorCode.SOURCE_NOT_FOUND) {
                throw new SourceFaults.SourceFault(SourceProblem.NOT_FOUND, e.getMessage());
            }
            LOG.info("Third-party copy " + source.pfn() + " -> " + file.destination().pfn() + " failed, streaming instead: " + e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.info("Third-party copy " + source.pfn() + " -> " + file.destination().pfn() + " failed, streaming instead: " + e);
            return Optional.empty();
        }
    }

    /**
     * Checks a copy no byte of which went through this process: its size, and its adler32 as the destination computes it
     * ({@link ServerSideChecksums}), else as the copy reports it (S3's metadata carried over from the source), else by
     * reading the copy back. A copy that does not match is deleted.
     */
    private void verifyThirdPartyCopy(StorageProtocol to, StoredObject stored, TransferEndpoint source, TransferFile file, boolean verifyChecksum) {
        String destPfn = file.destination().pfn();
        if (stored.size() != file.bytes()) {
            to.delete(destPfn);
            throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "Size mismatch at the destination " + destPfn
                    + " after a third-party copy: " + stored.size() + " bytes, the catalogue says " + file.bytes());
        }
        if (!verifyChecksum || file.adler32() == null) {
            return;
        }
        Optional<String> atDestination = to instanceof ServerSideChecksums sums ? sums.checksum(destPfn, "adler32") : Optional.empty();
        String how = "computed by the destination";
        if (atDestination.isEmpty() && stored.adler32().isPresent()) {
            atDestination = stored.adler32();
            how = "recorded with the object";
        }
        if (atDestination.isEmpty()) {
            atDestination = Optional.of(readBackAdler32(to, destPfn));
            how = "read back";
        }
        if (!file.adler32().equalsIgnoreCase(atDestination.get())) {
            to.delete(destPfn);
            throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "Checksum mismatch after a third-party copy of "
                    + source.pfn() + ": adler32 " + atDestination.get() + " at the destination (" + how + "), the catalogue says "
                    + file.adler32());
        }
    }

    private static String readBackAdler32(StorageProtocol to, String pfn) {
        Adler32 adler = new Adler32();
        try (InputStream in = to.openRead(pfn, 0); CheckedInputStream checked = new CheckedInputStream(in, adler)) {
            checked.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Reading back " + pfn + " failed: " + e.getMessage(), e);
        }
        return String.format(Locale.ROOT, "%08x", adler.getValue());
    }

    /** Streams the bytes from source to destination through this process, computing their adler32 on the way. */
    private void streamingCopy(StorageProtocol from, StorageProtocol to, TransferEndpoint source, TransferFile file, boolean verifyChecksum) {
        String destPfn = file.destination().pfn();
        Adler32 adler = new Adler32();
        StoredObject stored;
        try (InputStream in = SourceFaults.open(from, source); CheckedInputStream checked = new CheckedInputStream(in, adler)) {
            stored = to.write(destPfn, checked, file.bytes());
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.STORAGE_UNAVAILABLE, "Reading " + source.pfn() + " failed: "
                    + e.getMessage(), e);
        }
        String computed = String.format(Locale.ROOT, "%08x", adler.getValue());
        if (stored.size() != file.bytes()) {
            to.delete(destPfn);
            throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "Size mismatch at the destination " + destPfn + ": "
                    + stored.size() + " bytes, the catalogue says " + file.bytes());
        }
        if (verifyChecksum && file.adler32() != null) {
            // what the destination holds: its own adler32 when it can compute one, else what it reported or what went in
            String atDestination = readBack && to instanceof ServerSideChecksums sums
                    ? sums.checksum(destPfn, "adler32").orElse(stored.adler32().orElse(computed))
                    : stored.adler32().orElse(computed);
            if (!file.adler32().equalsIgnoreCase(computed)) {
                to.delete(destPfn);
                throw new SourceFaults.SourceFault(SourceProblem.CHECKSUM_MISMATCH, "Checksum mismatch reading " + source.pfn() + ": adler32 "
                        + computed + ", the catalogue says " + file.adler32());
            }
            if (!file.adler32().equalsIgnoreCase(atDestination)) {
                to.delete(destPfn);
                throw new LagunaException(ErrorCode.CHECKSUM_MISMATCH, "Checksum mismatch copying " + source.pfn()
                        + ": adler32 " + computed + (atDestination.equalsIgnoreCase(computed) ? "" : ", " + atDestination
                        + " at the destination") + ", the catalogue says " + file.adler32());
            }
        }
    }

    /** Copies made by the destination storage itself since this engine started (for tests and metrics). */
    public long thirdPartyCopies() {
        return thirdPartyCopies.get();
    }

    @Override
    public Map<String, JobStatus> query(Collection<String> jobIds) {
        Instant forgetBefore = clock.instant().minus(RETENTION);
        jobs.values().removeIf(job -> job.ended != null && job.ended.isBefore(forgetBefore));
        Map<String, JobStatus> out = new HashMap<>();
        for (String id : jobIds) {
            Job job = jobs.get(id);
            if (job != null) {
                out.put(id, job.status());
            }
        }
        return out;
    }

    @Override
    public void cancel(Collection<String> jobIds) {
        for (String id : jobIds) {
            Job job = jobs.get(id);
            if (job != null) {
                job.canceled = true;
            }
        }
    }

    /** Stops taking jobs and interrupts the copies under way (their requests are reconciled later). */
    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
