package org.laguna.core.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.laguna.core.db.Database;
import org.laguna.core.db.SqlErrors;
import org.laguna.core.testing.TestDatabase;

/**
 * Several runtimes on one database, each standing for a process on its own host, split a table
 * of work with no coordinator.
 */
class DaemonRuntimeTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final DaemonConfig FAST =
            new DaemonConfig(Duration.ofMillis(200), TIMEOUT, Duration.ofMillis(50), Duration.ofMillis(400));

    private static Database database;
    private final List<DaemonRuntime> runtimes = new ArrayList<>();
    private WorkItems items;

    @BeforeAll
    static void connect() {
        database = Database.connect(TestDatabase.createDatabase(), null, null, 12);
    }

    @AfterAll
    static void disconnect() {
        database.close();
    }

    @BeforeEach
    void createItems() {
        items = new WorkItems(database);
    }

    @AfterEach
    void closeRuntimes() {
        runtimes.forEach(DaemonRuntime::close);
    }

    private DaemonRuntime runtime(String hostname, long pid) {
        DaemonRuntime runtime = new DaemonRuntime(database, FAST, new DaemonProcess(hostname, pid));
        runtimes.add(runtime);
        return runtime;
    }

    private long heartbeats(String daemon) {
        return count("select count(*) from heartbeats where daemon = ?", daemon);
    }

    private static long count(String sql, Object... params) {
        return database.readOnly(tx -> tx.count(sql, params));
    }

    @Test
    void threeProcessesHandleEveryItemExactlyOnce() {
        items.add(1, 600);
        runtime("host-a", 101).start(items.daemon("worker", "a", 5), 1);
        runtime("host-b", 202).start(items.daemon("worker", "b", 5), 1);
        runtime("host-c", 303).start(items.daemon("worker", "c", 5), 1);

        awaitTrue(() -> items.unhandled() == 0, Duration.ofSeconds(30));

        assertThat(items.handledMoreThanOnce()).isZero();
        assertThat(items.handledBy().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(600);
        assertThat(items.handledBy()).containsOnlyKeys("a", "b", "c");
        assertThat(heartbeats("worker")).isEqualTo(3);
    }

    @Test
    void theSlicesOfLiveInstancesFollowTheirOrderByHostProcessAndThread() {
        Heartbeats heartbeats = new Heartbeats();
        DaemonInstance b = new DaemonInstance("ranked", "host-b", 1, 0);
        DaemonInstance a1 = new DaemonInstance("ranked", "host-a", 7, 1);
        DaemonInstance a0 = new DaemonInstance("ranked", "host-a", 7, 0);
        database.inTransactionVoid(tx -> List.of(b, a1, a0).forEach(instance -> heartbeats.beat(tx, instance, TIMEOUT)));

        List<WorkSlice> slices = database.inTransaction(tx ->
                List.of(a0, a1, b).stream().map(instance -> heartbeats.beat(tx, instance, TIMEOUT)).toList());

        assertThat(slices).containsExactly(new WorkSlice(0, 3), new WorkSlice(1, 3), new WorkSlice(2, 3));
    }

    @Test
    void heartbeatsOlderThanTheTimeoutAreIgnoredThenPurged() {
        Heartbeats heartbeats = new Heartbeats();
        DaemonInstance dead = new DaemonInstance("ranked", "host-dead", 1, 0);
        DaemonInstance alive = new DaemonInstance("ranked", "host-live", 1, 0);
        database.inTransactionVoid(tx -> {
            heartbeats.beat(tx, dead, TIMEOUT);
            tx.update("update heartbeats set updated_at = now() - interval '1 hour' where hostname = 'host-dead'");
        });

        WorkSlice slice = database.inTransaction(tx -> heartbeats.beat(tx, alive, TIMEOUT));

        assertThat(slice).isEqualTo(WorkSlice.ALL);
        List<Heartbeat> live = database.readOnly(tx -> heartbeats.live(tx, TIMEOUT));
        assertThat(live).extracting(Heartbeat::instance).containsExactly(alive);
        assertThat(count("select count(*) from heartbeats where hostname = 'host-dead'")).isZero();
    }

    @Test
    void theSliceOfAKilledProcessMovesToTheOthersWithinOneHeartbeatTimeout() throws InterruptedException {
        runtime("host-a", 1).start(items.daemon("worker", "a", 50), 1);
        runtime("host-b", 2).start(items.daemon("worker", "b", 50), 1);
        DaemonRuntime killed = runtime("host-c", 3);
        killed.start(items.daemon("worker", "c", 50), 1);
        awaitTrue(() -> heartbeats("worker") == 3, Duration.ofSeconds(10));
        Thread.sleep(FAST.sleep().multipliedBy(4).toMillis()); // every instance has seen three live ones

        killed.crash();
        long killedAt = System.nanoTime();
        items.add(1, 300);
        Thread.sleep(TIMEOUT.toMillis() / 4);
        long leftOver = items.unhandled();
        awaitTrue(() -> items.unhandled() == 0, TIMEOUT.plusSeconds(5));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);

        assertThat(leftOver).as("the killed instance's slice waits for its heartbeat to expire").isBetween(40L, 200L);
        assertThat(takeover).isLessThanOrEqualTo(TIMEOUT.plus(FAST.heartbeatInterval()).plusMillis(500));
        assertThat(items.handledBy()).containsOnlyKeys("a", "b");
        assertThat(items.handledMoreThanOnce()).isZero();
        assertThat(count("select count(*) from heartbeats where hostname = 'host-c'")).isZero();
    }

    @Test
    void closeStopsTheThreadsAndRemovesTheirHeartbeats() throws InterruptedException {
        DaemonRuntime runtime = runtime("host-a", 1);
        runtime.start(items.daemon("worker", "a", 5), 3);
        runtime.start(items.daemon("other", "a", 5), 1);
        awaitTrue(() -> heartbeats("worker") == 3 && heartbeats("other") == 1, Duration.ofSeconds(10));
        assertThat(runtime.instances()).extracting(DaemonInstance::threadName)
                .containsExactly("worker-0", "worker-1", "worker-2", "other-0");

        runtime.close();

        assertThat(runtime.awaitStopped(Duration.ZERO)).isTrue();
        assertThat(heartbeats("worker") + heartbeats("other")).isZero();
    }

    @Test
    void onceModeStopsEachInstanceAfterItsFirstIdleCycle() throws InterruptedException {
        items.add(1, 200);
        DaemonRuntime runtime = runtime("host-a", 1);

        runtime.startOnce(items.daemon("worker", "a", 7), 2);

        assertThat(runtime.awaitStopped(Duration.ofSeconds(30))).isTrue();
        assertThat(items.unhandled()).isZero();
        assertThat(items.handledMoreThanOnce()).isZero();
        assertThat(heartbeats("worker")).isZero();
        assertThat(runtime.failures()).isZero();
    }

    @Test
    void aFailingCycleIsCountedAndTheThreadCarriesOnAfterABackoff() {
        items.add(1, 20);
        Daemon work = items.daemon("flaky", "a", 100);
        AtomicInteger calls = new AtomicInteger();
        Daemon flaky = new Daemon() {
            @Override
            public String name() {
                return "flaky";
            }

            @Override
            public int runOnce(WorkSlice slice) {
                if (calls.incrementAndGet() <= 2) {
                    throw new IllegalStateException("storage unreachable");
                }
                return work.runOnce(slice);
            }
        };
        DaemonRuntime runtime = runtime("host-a", 1);
        long started = System.nanoTime();

        runtime.start(flaky, 1);
        awaitTrue(() -> items.unhandled() == 0, Duration.ofSeconds(10));

        assertThat(runtime.failures()).isEqualTo(2);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("backoff of 50 ms then 100 ms")
                .isGreaterThanOrEqualTo(FAST.backoff(1).plus(FAST.backoff(2)));
    }

    @Test
    void aCycleThatLostADeadlockRunsAgainWithoutCountingAFailure() {
        items.add(1, 20);
        Daemon work = items.daemon("contended", "a", 100);
        AtomicInteger calls = new AtomicInteger();
        Daemon contended = new Daemon() {
            @Override
            public String name() {
                return "contended";
            }

            @Override
            public int runOnce(WorkSlice slice) {
                if (calls.incrementAndGet() <= 3) {
                    throw SqlErrors.translate(new SQLException("deadlock detected", "40P01"));
                }
                return work.runOnce(slice);
            }
        };
        DaemonRuntime runtime = runtime("host-a", 1);

        runtime.start(contended, 1);
        awaitTrue(() -> items.unhandled() == 0, Duration.ofSeconds(10));

        assertThat(runtime.failures()).as("a lost deadlock is retried, not a failure").isZero();
        assertThat(calls.get()).isGreaterThan(3);
    }

    private static void awaitTrue(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not met within " + limit);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
