package org.laguna.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.rule.JudgeRepairer;
import org.laguna.core.transfer.Conveyor;
import org.laguna.core.transfer.ConveyorContext;
import org.laguna.core.transfer.TransferConfig;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.PosixRses;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/**
 * A rule STUCK on a destination that could not be written is retried at once when an administrator asks
 * ({@code laguna rule retry}, Rucio's {@code boost_rule} option of {@code PUT /rules/{id}}), rather than after the
 * judge-repairer's delay, and its requests start over with all their attempts and no pause.
 */
@ExtendWith(ServerPerClass.class)
class StuckRuleRetryTest {
    private static TestServer server;
    private static Rest root;
    private static Path storage;
    private static Path blocker;

    @TempDir
    Path work;

    @BeforeAll
    static void start(TestServer started) throws Exception {
        server = started;
        root = server.root();
        storage = Files.createTempDirectory("laguna-stuck-retry");
        server.createScope("exp", "root");
        PosixRses.addUnder(root, "SOURCE_DISK", storage);
        // a file where the RSE's directory should be: nothing can be written there (whoever runs the test)
        blocker = storage.resolve("blocked");
        Files.writeString(blocker, "not a directory");
        PosixRses.add(root, "BLOCKED_DISK", blocker.resolve("under"));
    }

    /** One attempt per request, and an hour before a failed one is tried again. */
    private static Conveyor conveyor() {
        LagunaCore core = server.core();
        return new Conveyor(new ConveyorContext(core.database(), core.storage(), core.services().rses().repository(),
                core.services().rses().resolver(), core.clock(), TransferConfig.DEFAULTS.withTimings(1, Duration.ofHours(1), Duration.ofMinutes(15)),
                core.transferTool()));
    }

    private static void drain() {
        Conveyor conveyor = conveyor();
        for (int i = 0; i < 500 && conveyor.runOnce(WorkSlice.ALL) > 0; i++) {
            // until nothing is queued, moving or waiting to be finished
        }
    }

    private static String state(String rule) {
        return root.get("/rules/" + rule).json().get("state").asText();
    }

    @Test
    void anAdministratorRetriesAStuckRuleAndItIsOkWithinSecondsOnceTheDestinationIsWritable() throws Exception {
        Path file = Files.writeString(work.resolve("blocked.dat"), "waiting for a writable destination");
        Run upload = CliRunner.asRoot(server, "upload", "--rse", "SOURCE_DISK", "--scope", "exp", file.toString());
        assertThat(upload.exit()).as(upload.err()).isZero();
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", "blocked.dat")), "copies", 1,
                "rse_expression", "BLOCKED_DISK"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String rule = added.json().get(0).asText();
        drain();
        assertThat(state(rule)).isEqualTo("STUCK");

        Files.delete(blocker);
        drain();
        new JudgeRepairer(server.core().services().rules(), TransferConfig.DEFAULTS.stuckRetryDelay()).runOnce(WorkSlice.ALL);
        drain();
        assertThat(state(rule)).as("left alone, the repairer retries only after its delay").isEqualTo("STUCK");

        long started = System.nanoTime();
        Run retry = CliRunner.asRoot(server, "rule", "retry", rule);
        assertThat(retry.exit()).as(retry.err()).isZero();
        assertThat(retry.out()).contains(rule);
        drain();
        assertThat(state(rule)).isEqualTo("OK");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(Files.readString(PosixRses.stored(storage.resolve("blocked"), "UNDER", "blocked.dat")))
                .isEqualTo("waiting for a writable destination");
    }

    @Test
    void onlyAnAdministratorMayBoostARuleEvenItsOwner() throws Exception {
        Path file = Files.writeString(work.resolve("owned.dat"), "owned by a user");
        assertThat(CliRunner.asRoot(server, "upload", "--rse", "SOURCE_DISK", "--scope", "exp", file.toString()).exit()).isZero();
        Rest owner = server.createUser("ruleowner", "secret-password-1");
        assertThat(root.post("/accounts/ruleowner/limits/local/SOURCE_DISK", Map.of("bytes", 1_000_000)).status()).isEqualTo(201);
        Rest.Response added = root.post("/rules/", Map.of("dids", List.of(Map.of("scope", "exp", "name", "owned.dat")), "copies", 1,
                "rse_expression", "SOURCE_DISK", "account", "ruleowner"));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String rule = added.json().get(0).asText();
        assertThat(owner.put("/rules/" + rule, Map.of("options", Map.of("comment", "mine"))).status()).isEqualTo(200);
        Rest.Response boosted = owner.put("/rules/" + rule, Map.of("options", Map.of("boost_rule", true)));
        assertThat(boosted.status()).isEqualTo(401);
        assertThat(boosted.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(root.put("/rules/" + rule, Map.of("options", Map.of("boost_rule", true))).status()).isEqualTo(200);
        Run unknown = CliRunner.asRoot(server, "rule", "retry", "00000000000000000000000000000000");
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err().strip().lines()).hasSize(1);
    }
}
