package org.laguna.core.transfer;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.laguna.core.daemon.DaemonConfig;
import org.laguna.core.daemon.DaemonInstance;
import org.laguna.core.daemon.DaemonProcess;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat of a process's built-in transfer engine: a row of the {@code heartbeats} table
 * ({@value #DAEMON}, one per process) whose payload is the engine's id, the owner recorded in
 * {@code requests.external_host} of every request the engine took. The row is refreshed every
 * {@code daemon.heartbeat-interval} by a thread of its own, so a long daemon cycle never lets it
 * lapse; an engine whose row is older than {@code daemon.heartbeat-timeout} (or gone) is dead,
 * and any poller takes over its requests at once (see {@link ConveyorPoller}). A process that
 * restarts with the same host name and process id replaces the row, so its old engine is dead at
 * once.
 */
public final class EngineHeartbeat implements AutoCloseable {
    /** The daemon name of engine heartbeats. */
    public static final String DAEMON = "transfer-engine";
    private static final Logger LOG = LoggerFactory.getLogger(EngineHeartbeat.class);
    private static final String LIVE = "daemon = '" + DAEMON + "' and updated_at >= now() - ? * interval '1 millisecond'";

    private final Database database;
    private final DaemonInstance instance;
    private final String engineId;
    private final Duration timeout;
    private final ScheduledExecutorService timer;

    private EngineHeartbeat(Database database, DaemonInstance instance, String engineId, Duration timeout) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.instance = Objects.requireNonNull(instance, "instance is null");
        this.engineId = Objects.requireNonNull(engineId, "engineId is null");
        this.timeout = Objects.requireNonNull(timeout, "timeout is null");
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(DAEMON + "-heartbeat").daemon(true).factory());
    }

    /** Writes the engine's heartbeat now (before it takes any job), then every heartbeat interval until {@link #close()}. */
    public static EngineHeartbeat start(Database database, DaemonProcess process, String engineId, DaemonConfig config) {
        Objects.requireNonNull(process, "process is null");
        Objects.requireNonNull(config, "config is null");
        EngineHeartbeat heartbeat = new EngineHeartbeat(database, DaemonInstance.of(DAEMON, process, 0), engineId, config.heartbeatTimeout());
        heartbeat.beat();
        long every = config.heartbeatInterval().toMillis();
        heartbeat.timer.scheduleWithFixedDelay(heartbeat::beatQuietly, every, every, TimeUnit.MILLISECONDS);
        return heartbeat;
    }

    /** The ids of the engines alive within the timeout. */
    public static Set<String> live(Tx tx, Duration timeout) {
        return new HashSet<>(tx.query("select payload from heartbeats where " + LIVE + " and payload is not null",
                rs -> rs.getString(1), timeout.toMillis()));
    }

    private void beat() {
        database.inTransactionVoid(tx -> {
            tx.update("insert into heartbeats (daemon, hostname, pid, thread_number, thread_name, payload, created_at, updated_at) "
                            + "values (?, ?, ?, ?, ?, ?, now(), now()) on conflict (daemon, hostname, pid, thread_number) do update "
                            + "set updated_at = now(), payload = excluded.payload, created_at = case when heartbeats.payload = "
                            + "excluded.payload then heartbeats.created_at else now() end",
                    DAEMON, instance.hostname(), instance.pid(), instance.threadNumber(), instance.threadName(), engineId);
            tx.update("delete from heartbeats where (daemon, hostname, pid, thread_number) in (select daemon, hostname, pid, thread_number "
                    + "from heartbeats where daemon = ? and updated_at < now() - ? * interval '1 millisecond' for update skip locked)",
                    DAEMON, timeout.toMillis());
        });
    }

    private void beatQuietly() {
        try {
            beat();
        } catch (RuntimeException e) {
            LOG.warn("The transfer engine {} could not refresh its heartbeat (other processes take over its transfers after {}): {}",
                    engineId, timeout, e.toString());
        }
    }

    /** Stops beating and removes the row: the engine's unfinished requests go to the live pollers at their next cycle. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
            database.inTransactionVoid(tx -> tx.update("delete from heartbeats where daemon = ? and hostname = ? and pid = ? "
                    + "and thread_number = ? and payload = ?", DAEMON, instance.hostname(), instance.pid(), instance.threadNumber(), engineId));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("The transfer engine {} could not remove its heartbeat (it expires after {}): {}", engineId, timeout, e.toString());
        }
    }
}
