package org.laguna.core.daemon;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.laguna.core.db.Database;
import org.laguna.core.db.SqlErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The loop of one daemon instance: heartbeat, runOnce on its slice, sleep when idle, back off on failure. */
final class DaemonLoop implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonLoop.class);

    private final Daemon daemon;
    private final DaemonInstance instance;
    private final Database database;
    private final Heartbeats heartbeats;
    private final DaemonConfig config;
    private final boolean once;
    private final CountDownLatch stop;
    private final AtomicLong failures;
    /** The cycles rolled back by a deadlock or serialization conflict, retried without counting as failures. */
    private final AtomicLong conflicts = new AtomicLong();
    private volatile boolean crashed;

    DaemonLoop(Daemon daemon, DaemonInstance instance, Database database, Heartbeats heartbeats, DaemonConfig config,
            boolean once, CountDownLatch stop, AtomicLong failures) {
        this.daemon = Objects.requireNonNull(daemon, "daemon is null");
        this.instance = Objects.requireNonNull(instance, "instance is null");
        this.database = Objects.requireNonNull(database, "database is null");
        this.heartbeats = Objects.requireNonNull(heartbeats, "heartbeats is null");
        this.config = Objects.requireNonNull(config, "config is null");
        this.once = once;
        this.stop = Objects.requireNonNull(stop, "stop is null");
        this.failures = Objects.requireNonNull(failures, "failures is null");
    }

    DaemonInstance instance() {
        return instance;
    }

    /** From now on the loop leaves its heartbeat behind when it stops, as a killed process would. */
    void crashOnStop() {
        crashed = true;
    }

    @Override
    public void run() {
        LOG.info("Daemon {} instance {} starts on {} (pid {})", daemon.name(), instance.threadName(), instance.hostname(), instance.pid());
        try {
            loop();
        } finally {
            if (!crashed) {
                boolean interrupted = Thread.interrupted(); // the pool refuses interrupted threads
                removeHeartbeat();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            LOG.info("Daemon {} instance {} stopped", daemon.name(), instance.threadName());
        }
    }

    private void loop() {
        int consecutiveFailures = 0;
        while (!stopped()) {
            try {
                WorkSlice slice = beat();
                int handled = daemon.runOnce(slice);
                consecutiveFailures = 0;
                LOG.debug("Daemon {} instance {} handled {} items in slice {}", daemon.name(), instance.threadName(), handled, slice);
                if (handled > 0) {
                    continue;
                }
                if (once) {
                    return;
                }
                idle(daemon.idleSleep(config.sleep()));
            } catch (RuntimeException e) {
                if (SqlErrors.isConflict(e)) {
                    // another transaction won a deadlock or conflict and this one was rolled back: not a failure, run the cycle again
                    LOG.warn("Daemon {} instance {} lost a database conflict and runs its cycle again ({} so far): {}", daemon.name(),
                            instance.threadName(), conflicts.incrementAndGet(), e.getMessage());
                    idle(Duration.ofMillis(ThreadLocalRandom.current().nextLong(20, 200)));
                    continue;
                }
                consecutiveFailures++;
                failures.incrementAndGet();
                Duration pause = config.backoff(consecutiveFailures);
                if (once) {
                    LOG.error("Daemon {} instance {} failed; stopping (once mode)", daemon.name(), instance.threadName(), e);
                    return;
                }
                LOG.error("Daemon {} instance {} failed ({} in a row); next try in {}", daemon.name(), instance.threadName(),
                        consecutiveFailures, pause, e);
                idle(pause);
            }
        }
    }

    private WorkSlice beat() {
        return database.inTransaction(tx -> heartbeats.beat(tx, instance, config.heartbeatTimeout()));
    }

    /** Waits until the pause is over or the runtime stops, refreshing the heartbeat meanwhile. */
    private void idle(Duration pause) {
        long deadline = System.nanoTime() + pause.toNanos();
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            if (await(Math.min(remaining, config.heartbeatInterval().toNanos()))) {
                return;
            }
            if (deadline - System.nanoTime() > 0) {
                try {
                    beat();
                } catch (RuntimeException e) {
                    LOG.warn("Daemon {} instance {} could not refresh its heartbeat: {}", daemon.name(), instance.threadName(), e.toString());
                }
            }
        }
    }

    private boolean await(long nanos) {
        try {
            return stop.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private boolean stopped() {
        return stop.getCount() == 0 || Thread.currentThread().isInterrupted();
    }

    private void removeHeartbeat() {
        try {
            database.inTransactionVoid(tx -> heartbeats.remove(tx, instance));
        } catch (RuntimeException e) {
            LOG.warn("Daemon {} instance {} could not remove its heartbeat (it expires after {}): {}", daemon.name(),
                    instance.threadName(), config.heartbeatTimeout(), e.toString());
        }
    }
}
