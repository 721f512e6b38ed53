package org.laguna.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.laguna.core.LagunaCore;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.testing.TestCore;

class TokenCleanerDaemonTest {
    private static LagunaCore core;

    @BeforeAll
    static void start() {
        core = TestCore.start();
    }

    @AfterAll
    static void stop() {
        core.close();
    }

    @BeforeEach
    void addTokens() {
        Instant now = core.clock().instant();
        core.database().inTransactionVoid(tx -> {
            tx.update("delete from tokens");
            for (int i = 0; i < 30; i++) {
                tx.update("insert into tokens (token_hash, account, expired_at) values (?, 'root', ?)",
                        "expired-" + i, now.minus(Duration.ofMinutes(i + 1)));
            }
            for (int i = 0; i < 10; i++) {
                tx.update("insert into tokens (token_hash, account, expired_at) values (?, 'root', ?)",
                        "valid-" + i, now.plus(Duration.ofMinutes(i + 1)));
            }
        });
    }

    private long tokens(String prefix) {
        return core.database().readOnly(tx -> tx.count("select count(*) from tokens where token_hash like ?", prefix + "%"));
    }

    @Test
    void deletesExpiredTokensInBatchesAndKeepsValidOnes() {
        TokenCleanerDaemon cleaner = new TokenCleanerDaemon(core.database(), core.clock(), 25);

        assertThat(cleaner.runOnce(WorkSlice.ALL)).isEqualTo(25);
        assertThat(cleaner.runOnce(WorkSlice.ALL)).isEqualTo(5);
        assertThat(cleaner.runOnce(WorkSlice.ALL)).isZero();

        assertThat(tokens("expired-")).isZero();
        assertThat(tokens("valid-")).isEqualTo(10);
    }

    @Test
    void deletesOnlyTheExpiredTokensOfItsSlice() {
        TokenCleanerDaemon cleaner = new TokenCleanerDaemon(core.database(), core.clock());
        WorkSlice first = new WorkSlice(0, 2);
        WorkSlice second = new WorkSlice(1, 2);

        int deleted = cleaner.runOnce(first);

        assertThat(deleted).isBetween(1, 29);
        long leftInFirst = core.database().readOnly(tx -> tx.count(
                "select count(*) from tokens where token_hash like 'expired-%' and " + first.sql("token_hash")));
        assertThat(leftInFirst).isZero();
        assertThat(tokens("expired-")).isEqualTo(30 - deleted);
        assertThat(cleaner.runOnce(second)).isEqualTo(30 - deleted);
        assertThat(tokens("valid-")).isEqualTo(10);
    }

    @Test
    void isTheBuiltInDaemonNamedTokenCleaner() {
        assertThat(org.laguna.core.Daemons.builtIn().create("token-cleaner", core).name()).isEqualTo("token-cleaner");
    }
}
