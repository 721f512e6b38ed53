package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** {@code laguna rule watch} and {@code rule add --wait}: follow a rule until it is OK or settles STUCK, and say so by the exit code. */
@ExtendWith(ServerPerClass.class)
class RuleWatchTest {
    private static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
        server.createScope("watch", "root");
        laguna("rse", "add", "HERE_DISK");
        laguna("rse", "add", "THERE_DISK");
        assertThat(laguna("replica", "add", "watch:one.root", "--rse", "HERE_DISK", "--bytes", "42", "--adler32", "0000002a").exit()).isZero();
    }

    private static Run laguna(String... args) {
        return CliRunner.asRoot(server, args);
    }

    @Test
    void addWithWaitFollowsTheRuleUntilItIsOk() {
        Run added = laguna("rule", "add", "--copies", "1", "--rses", "HERE_DISK", "--wait", "--interval", "0.1", "watch:one.root");
        assertThat(added.exit()).as(added.err()).isZero();
        String[] lines = added.out().split("\n");
        assertThat(lines[0]).matches("[0-9a-f]{32}");
        assertThat(lines[1]).isEqualTo(lines[0] + "  OK  OK 1  REPLICATING 0  STUCK 0");

        Run watched = laguna("rule", "watch", lines[0], "--json");
        assertThat(watched.exit()).isZero();
        assertThat(watched.out()).contains("\"state\":\"OK\"", "\"locks_ok_cnt\":1");
    }

    @Test
    void watchExitsFourWhenTheRuleSettlesStuckAndFiveWhenItsTimeoutRunsOut() throws Exception {
        Run added = laguna("rule", "add", "--copies", "1", "--rses", "THERE_DISK", "watch:one.root");
        assertThat(added.exit()).as(added.err()).isZero();
        String id = added.out().trim();

        Run impatient = laguna("rule", "watch", id, "--interval", "0.1", "--timeout", "0.3");
        assertThat(impatient.exit()).isEqualTo(5);
        assertThat(impatient.out()).contains(id + "  REPLICATING  OK 0  REPLICATING 1  STUCK 0");
        assertThat(impatient.err()).contains("gave up waiting");

        CompletableFuture<Run> watching = CompletableFuture.supplyAsync(() -> laguna("rule", "watch", id, "--interval", "0.1", "--timeout", "30"));
        Thread.sleep(500);
        // what the judge leaves once the copy has failed for good
        server.core().database().inTransactionVoid(tx -> tx.update(
                "update rules set state = 'STUCK', locks_replicating_cnt = 0, locks_stuck_cnt = 1 where rse_expression = 'THERE_DISK'"));
        Run stuck = watching.get(30, TimeUnit.SECONDS);
        assertThat(stuck.exit()).as(stuck.err()).isEqualTo(4);
        assertThat(stuck.out()).endsWith(id + "  STUCK  OK 0  REPLICATING 0  STUCK 1\n");
        assertThat(stuck.err()).contains("rule " + id + " is STUCK", "laguna rule show --analysis " + id);
    }

    @Test
    void badIntervalsAreUsageErrors() {
        Run zero = laguna("rule", "watch", "0123456789abcdef0123456789abcdef", "--interval", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--interval must be above 0");
    }
}
