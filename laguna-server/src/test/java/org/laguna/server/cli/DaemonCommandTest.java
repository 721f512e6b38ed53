package org.laguna.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.CliRunner.Run;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/** {@code laguna daemon} as an operator types it, against the server's database. */
@ExtendWith(ServerPerClass.class)
class DaemonCommandTest {
    private static TestServer server;

    @BeforeAll
    static void start(TestServer started) {
        server = started;
    }

    private static Run daemon(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "daemon";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--home";
        all[args.length + 2] = server.core().config().home().toString();
        all[args.length + 3] = "--database-url";
        all[args.length + 4] = server.core().config().databaseUrl().orElseThrow();
        return CliRunner.run(all);
    }

    private static long tokens(String prefix) {
        return server.core().database().readOnly(tx -> tx.count("select count(*) from tokens where token_hash like ?", prefix + "%"));
    }

    @Test
    void tokenCleanerOnceDeletesTheExpiredTokensAndExits() {
        Instant now = Instant.now();
        server.core().database().inTransactionVoid(tx -> {
            for (int i = 0; i < 1_500; i++) {
                tx.update("insert into tokens (token_hash, account, expired_at) values (?, 'root', ?)", "old-" + i, now.minus(Duration.ofHours(1)));
            }
            tx.update("insert into tokens (token_hash, account, expired_at) values ('fresh-1', 'root', ?)", now.plus(Duration.ofHours(1)));
        });

        Run run = daemon("token-cleaner", "--once");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("token-cleaner: 1500 items in 3 cycles, 0 failed");
        assertThat(tokens("old-")).isZero();
        assertThat(tokens("fresh-")).isEqualTo(1);
        long heartbeats = server.core().database().readOnly(tx -> tx.count("select count(*) from heartbeats"));
        assertThat(heartbeats).as("heartbeats left behind").isZero();
    }

    @Test
    void conveyorOnceCopiesWhatIsQueuedUntilTheRuleIsOkAndExits() throws Exception {
        java.nio.file.Path storage = java.nio.file.Files.createTempDirectory("laguna-daemon-conveyor");
        org.laguna.server.testing.Rest root = server.root();
        for (String rse : java.util.List.of("ONCE_SRC", "ONCE_DST")) {
            root.post("/rses/" + rse, java.util.Map.of());
            root.post("/rses/" + rse + "/protocols/file", java.util.Map.of("hostname", "localhost", "port", 0,
                    "prefix", storage.resolve(rse.toLowerCase()).toString(), "impl", "rucio.rse.protocols.posix.Default",
                    "domains", java.util.Map.of("wan", java.util.Map.of("read", 1, "write", 1, "delete", 1))));
        }
        server.createScope("once", "root");
        java.nio.file.Path file = storage.resolve("once.dat");
        java.nio.file.Files.writeString(file, "copied by laguna daemon conveyor --once");
        assertThat(CliRunner.asRoot(server, "upload", "--rse", "ONCE_SRC", "--scope", "once", file.toString()).exit()).isZero();
        String rule = root.post("/rules/", java.util.Map.of("dids", java.util.List.of(java.util.Map.of("scope", "once", "name", "once.dat")),
                "copies", 1, "rse_expression", "ONCE_DST")).json().get(0).asText();

        Run run = daemon("conveyor", "--once");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("conveyor: ").contains(" 0 failed");
        assertThat(root.get("/rules/" + rule).json().get("state").asText()).isEqualTo("OK");
    }

    @Test
    void anUnknownDaemonIsAUsageErrorNamingTheKnownOnes() {
        Run run = daemon("token-cleaner", "no-such-daemon", "--once");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err().trim()).isEqualTo("laguna: no daemon named 'no-such-daemon'; known daemons: "
                + String.join(", ", org.laguna.core.Daemons.builtIn().names()));
    }

    @Test
    void listsTheDaemonsThatCanRun() {
        Run run = CliRunner.run("daemon", "--list");

        assertThat(run.exit()).isZero();
        assertThat(run.out().lines()).contains("token-cleaner", "conveyor", "conveyor-submitter", "conveyor-poller", "conveyor-finisher");
    }

    @Test
    void refusesToRunWithoutTheSharedDatabase() {
        Run run = CliRunner.run("daemon", "token-cleaner", "--home", server.core().config().home().toString());

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("needs the shared PostgreSQL", "--database-url");
    }

    @Test
    void needsAtLeastOneName() {
        Run run = daemon();

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("name at least one daemon");
    }
}
