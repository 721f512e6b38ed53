package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/**
 * The transfers page over a long history opens in a few seconds at most: the matrix, the chart and
 * the failures are counted by the database over the window's rows, read through the index on the time
 * they ended. The history is written straight into the catalogue ({@code laguna.ui.transfer-history}
 * transfers over the last 30 days, 200,000 by default, one in ten failed), a day's worth of them in the
 * default window.
 */
@ExtendWith(ServerPerClass.class)
class UiTransferHistoryTest {
    private static final int TRANSFERS = Integer.getInteger("laguna.ui.transfer-history", 200_000);

    private static UiClient alice;

    @BeforeAll
    static void start(TestServer server) {
        new UiWorld(server);
        server.core().database().inTransactionVoid(tx -> {
            tx.update("insert into requests_history (id, request_type, scope, name, dest_rse_id, source_rse_id, account, state, bytes, err_msg,"
                    + " created_at, updated_at) select gen_random_uuid(), 'TRANSFER', 'user.alice', 'past.' || i, b.id, a.id, 'alice',"
                    + " case when i % 10 = 0 then 'FAILED' else 'DONE' end, 1000000,"
                    + " case when i % 10 = 0 then 'Transfer timed out copying davs://storage.example.org/path/past.' || i end,"
                    + " now() - (i % 43200) * interval '1 minute', now() - (i % 43200) * interval '1 minute'"
                    + " from rses a, rses b, generate_series(1, ?) i where a.rse = ? and b.rse = ?", TRANSFERS, UiWorld.RSE_A, UiWorld.RSE_B);
            tx.update("analyze requests_history");
        });
        alice = new UiClient(server.url());
        assertThat(alice.signIn("alice", UiWorld.PASSWORD).status()).isEqualTo(303);
        alice.get("/ui/transfers?hours=1");
    }

    @Test
    void aDayOfALongHistoryOpensQuicklyAndItsFailuresMakeOneLine() {
        long start = System.nanoTime();
        UiClient.Page page = alice.get("/ui/transfers?hours=24");
        long day = (System.nanoTime() - start) / 1_000_000;
        start = System.nanoTime();
        UiClient.Page month = alice.get("/ui/transfers?hours=720");
        long thirtyDays = (System.nanoTime() - start) / 1_000_000;

        assertThat(page.status()).isEqualTo(200);
        assertThat(UiAdminPagesTest.section(page.body(), "failures")).contains("Transfer timed out copying [URL]").doesNotContain("past.");
        assertThat(month.body()).contains("id=\"total-done\">" + (TRANSFERS - TRANSFERS / 10) + "<");
        assertThat(day).as("milliseconds to a day's transfers of %d", TRANSFERS).isLessThan(5_000);
        System.out.printf("ui: transfers page of a day (of %d transfers over 30 days) in %d ms, of the 30 days in %d ms%n", TRANSFERS, day,
                thirtyDays);
    }
}
