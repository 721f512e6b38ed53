package org.laguna.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.laguna.server.testing.ServerPerClass;
import org.laguna.server.testing.TestServer;

/**
 * The page of a large dataset opens in well under a second, at its start and deep inside it: its
 * content is read one page at a time by key, never whole. The dataset is written straight into the
 * catalogue ({@code laguna.ui.large-dataset-files} files, 200,000 by default; 1,000,000 for the
 * figure in docs/ui.md).
 */
@ExtendWith(ServerPerClass.class)
class UiLargeDatasetTest {
    private static final int FILES = Integer.getInteger("laguna.ui.large-dataset-files", 200_000);

    private static UiClient alice;

    @BeforeAll
    static void start(TestServer server) {
        new UiWorld(server);
        server.core().database().inTransactionVoid(tx -> {
            tx.update("insert into dids (scope, name, did_type, account, bytes, adler32) select 'user.alice', 'huge.' || lpad(i::text, 7, '0'),"
                    + " 'FILE', 'alice', 1000, '0000000a' from generate_series(0, ? - 1) i", FILES);
            tx.update("insert into dids (scope, name, did_type, account, is_open, bytes, length) values ('user.alice', 'ds.huge', 'DATASET',"
                    + " 'alice', true, ?, ?)", FILES * 1000L, (long) FILES);
            tx.update("insert into contents (scope, name, child_scope, child_name, did_type, child_type, bytes, adler32)"
                    + " select 'user.alice', 'ds.huge', 'user.alice', 'huge.' || lpad(i::text, 7, '0'), 'DATASET', 'FILE', 1000, '0000000a'"
                    + " from generate_series(0, ? - 1) i", FILES);
            tx.update("analyze contents");
            tx.update("analyze dids");
        });
        alice = new UiClient(server.url());
        assertThat(alice.signIn("alice", UiWorld.PASSWORD).status()).isEqualTo(303);
        alice.get(Format.didUrl(UiWorld.SCOPE, "ds.big"));
    }

    @Test
    void theFirstPageOfTheDatasetOpensInUnderASecond() {
        long start = System.nanoTime();
        UiClient.Page page = alice.get(Format.didUrl(UiWorld.SCOPE, "ds.huge"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("user.alice:huge.0000000").contains("user.alice:huge.0000099").contains("id=\"next-page\"");
        assertThat(millis).as("milliseconds to the first page of %d files", FILES).isLessThan(1_000);
        System.out.printf("ui: first page of a dataset of %d files in %d ms%n", FILES, millis);
    }

    @Test
    void aPageDeepInsideTheDatasetOpensInUnderASecond() {
        String after = String.format("huge.%07d", FILES - 150);

        long start = System.nanoTime();
        UiClient.Page page = alice.get(Format.didUrl(UiWorld.SCOPE, "ds.huge") + "&after_scope=user.alice&after_name=" + after);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(String.format("user.alice:huge.%07d", FILES - 149)).contains("id=\"next-page\"");
        assertThat(millis).as("milliseconds to a page near the end of %d files", FILES).isLessThan(1_000);
        System.out.printf("ui: page near the end of a dataset of %d files in %d ms%n", FILES, millis);
    }
}
