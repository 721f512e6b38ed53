package org.laguna.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.laguna.core.config.LagunaConfig;
import org.laguna.core.testing.TestCore;
import org.laguna.server.testing.Rest;

/** {@code laguna server} runs every daemon next to the API unless told {@code --no-daemons}. */
class ServerDaemonsTest {
    /** The heartbeats of daemon instances (not that of the built-in transfer engine, which lives as long as the process). */
    private static List<String> heartbeats(ServerCommand.Running running) {
        return running.core().database().readOnly(tx -> tx.query("select daemon || '@' || pid from heartbeats where daemon <> ? order by 1",
                rs -> rs.getString(1), org.laguna.core.transfer.EngineHeartbeat.DAEMON));
    }

    private static long engineHeartbeats(ServerCommand.Running running) {
        return running.core().database().readOnly(tx -> tx.count("select count(*) from heartbeats where daemon = ? and pid = ?",
                org.laguna.core.transfer.EngineHeartbeat.DAEMON, ProcessHandle.current().pid()));
    }

    private static ServerCommand.Running start(LagunaConfig config, boolean withDaemons) throws Exception {
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return ServerCommand.start(config.withPort(0), out, withDaemons);
    }

    @Test
    void runsEveryDaemonWithTheConveyorAsItsThreeStagesWithMetricsAndRemovesTheirHeartbeatsOnClose() throws Exception {
        LagunaConfig config = TestCore.config();
        try (ServerCommand.Running running = start(config, true)) {
            assertThat(running.daemons()).isPresent();
            awaitHeartbeat(running);
            org.laguna.core.Daemons all = org.laguna.core.Daemons.builtIn();
            assertThat(all.forServer(java.util.List.of())).contains("conveyor-submitter", "conveyor-poller", "conveyor-finisher")
                    .doesNotContain("conveyor");
            assertThat(all.forServer(java.util.List.of("conveyor"))).doesNotContain("conveyor-submitter", "conveyor-poller", "conveyor-finisher");
            assertThat(heartbeats(running)).containsExactlyElementsOf(all.forServer(java.util.List.of()).stream()
                    .flatMap(name -> java.util.Collections.nCopies(all.defaultThreads(name), name + "@" + ProcessHandle.current().pid()).stream())
                    .toList());
            assertThat(engineHeartbeats(running)).as("the conveyor's built-in engine beats too").isEqualTo(1);

            Rest.Response metrics = Rest.login(running.url(), "root", "root", TestCore.ROOT_PASSWORD).get("/metrics");
            assertThat(metrics.body()).contains("laguna_daemon_cycles_total{daemon=\"token-cleaner\"}",
                    "laguna_daemon_cycle_duration_seconds_count{daemon=\"token-cleaner\"}");

            running.daemons().orElseThrow().close();
            assertThat(heartbeats(running)).isEmpty();
        }
    }

    @Test
    void noDaemonsRunsOnlyTheApi() throws Exception {
        try (ServerCommand.Running running = start(TestCore.config(), false)) {
            assertThat(running.daemons()).isEmpty();
            assertThat(new Rest(running.url(), null).get("/ping").status()).isEqualTo(200);
            Thread.sleep(300);
            assertThat(heartbeats(running)).isEmpty();
        }
    }

    private static void awaitHeartbeat(ServerCommand.Running running) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        org.laguna.core.Daemons daemons = org.laguna.core.Daemons.builtIn();
        int all = daemons.forServer(java.util.List.of()).stream().mapToInt(daemons::defaultThreads).sum();
        while (heartbeats(running).size() < all && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
