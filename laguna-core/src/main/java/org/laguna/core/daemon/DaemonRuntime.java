package org.laguna.core.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.laguna.core.db.Database;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs daemons in threads of this process. Each thread is one instance of its daemon: at every
 * cycle it writes its heartbeat, learns its {@link WorkSlice} from the live instances of the same
 * daemon (in any process on the same database), and calls {@link Daemon#runOnce}. When a cycle
 * finds nothing to do the thread sleeps ({@code daemon.sleep}); when it fails the failure is
 * logged and the thread backs off, up to {@code daemon.max-backoff}.
 *
 * <p>{@link #close()} stops every thread, waits for the cycles under way, and removes the
 * heartbeats, so the other instances take over the slices at once.
 */
public final class DaemonRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonRuntime.class);

    private final Database database;
    private final DaemonConfig config;
    private final DaemonProcess process;
    private final Heartbeats heartbeats = new Heartbeats();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicLong failures = new AtomicLong();
    private final Map<String, Integer> threadsPerDaemon = new HashMap<>();
    private final List<DaemonLoop> loops = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    public DaemonRuntime(Database database, DaemonConfig config, DaemonProcess process) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.process = Objects.requireNonNull(process, "process is null");
    }

    /** Starts the daemon in the given number of threads; they run until {@link #close()}. */
    public void start(Daemon daemon, int threads) {
        start(daemon, threads, false);
    }

    /**
     * Starts the daemon in the given number of threads, each of which stops after its first cycle
     * that finds nothing to do (or fails): {@code laguna daemon --once}. {@link #awaitStopped()}
     * waits for them.
     */
    public void startOnce(Daemon daemon, int threads) {
        start(daemon, threads, true);
    }

    private synchronized void start(Daemon daemon, int count, boolean once) {
        Objects.requireNonNull(daemon, "daemon is null");
        if (count < 1) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "threads must be at least 1, got " + count);
        }
        if (stop.getCount() == 0) {
            throw new IllegalStateException("The daemon runtime is closed");
        }
        int first = threadsPerDaemon.getOrDefault(daemon.name(), 0);
        threadsPerDaemon.put(daemon.name(), first + count);
        for (int number = first; number < first + count; number++) {
            DaemonInstance instance = DaemonInstance.of(daemon.name(), process, number);
            DaemonLoop loop = new DaemonLoop(daemon, instance, database, heartbeats, config, once, stop, failures);
            Thread thread = Thread.ofPlatform().name(instance.threadName()).daemon(true).unstarted(loop);
            loops.add(loop);
            threads.add(thread);
            thread.start();
        }
    }

    /** The instances started so far (running or stopped). */
    public synchronized List<DaemonInstance> instances() {
        return loops.stream().map(DaemonLoop::instance).toList();
    }

    /** Failed cycles (exceptions from a heartbeat or from runOnce) since the start. */
    public long failures() {
        return failures.get();
    }

    /** Waits until every thread has stopped: in once mode when the work is done, otherwise after {@link #close()}. */
    public void awaitStopped() throws InterruptedException {
        for (Thread thread : threadsSnapshot()) {
            thread.join();
        }
    }

    /** Like {@link #awaitStopped()} with a limit; true if every thread stopped in time. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threadsSnapshot()) {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                thread.join(Duration.ofNanos(remaining));
            }
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Stops every thread, waits for the cycles under way (at most one heartbeat timeout, then
     * interrupts them), and removes their heartbeats.
     */
    @Override
    public void close() {
        stopThreads();
    }

    /** Stops like a killed process: the heartbeats stay behind until they expire. */
    void crash() {
        synchronized (this) {
            loops.forEach(DaemonLoop::crashOnStop);
        }
        stopThreads();
    }

    private void stopThreads() {
        stop.countDown();
        try {
            if (!awaitStopped(config.heartbeatTimeout())) {
                LOG.warn("Daemon threads still busy after {}; interrupting them", config.heartbeatTimeout());
                threadsSnapshot().forEach(Thread::interrupt);
                awaitStopped(config.heartbeatTimeout());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized List<Thread> threadsSnapshot() {
        return List.copyOf(threads);
    }
}
