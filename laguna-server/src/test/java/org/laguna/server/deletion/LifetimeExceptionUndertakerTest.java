package org.laguna.server.deletion;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.core.rule.Undertaker;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/** The undertaker leaves alone expired DIDs that an approved, unexpired lifetime exception names. */
class LifetimeExceptionUndertakerTest {
    private static TestServer server;
    private static Rest root;
    private static Undertaker undertaker;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
        server.createScope("lx", "root");
        undertaker = new Undertaker(server.core().services().rules());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String exception(String name, String state) {
        assertThat(root.post("/dids/lx/" + name, Map.of("type", "DATASET")).status()).isEqualTo(201);
        Rest.Response added = root.post("/lifetime_exceptions/", Map.of("dids", List.of(Map.of("scope", "lx", "name", name)),
                "comments", "keep", "expires_at", "2100-01-01T00:00:00Z"));
        String id = added.json().get("exceptions").fieldNames().next();
        if (state != null) {
            assertThat(root.put("/lifetime_exceptions/" + id, Map.of("state", state)).status()).isEqualTo(201);
        }
        server.core().database().inTransactionVoid(tx -> tx.update("update dids set expired_at = now() - interval '1 minute' "
                + "where scope = 'lx' and name = ?", name));
        return id;
    }

    private static boolean exists(String name) {
        return root.get("/dids/lx/" + name).status() == 200;
    }

    private static void runUntilIdle() {
        for (int i = 0; i < 10 && undertaker.runOnce(WorkSlice.ALL) > 0; i++) {
            // until nothing is left
        }
    }

    @Test
    void anApprovedExceptionKeepsAnExpiredDatasetAndOthersDoNot() {
        exception("kept", "A");
        exception("waiting", null);
        exception("rejected", "R");
        String lapsed = exception("lapsed", "A");
        server.core().database().inTransactionVoid(tx -> tx.update("update lifetime_exceptions set expires_at = now() - interval '1 second' "
                + "where id = ?", java.util.UUID.fromString(lapsed.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5"))));

        runUntilIdle();

        assertThat(exists("kept")).isTrue();
        assertThat(exists("waiting")).isFalse();
        assertThat(exists("rejected")).isFalse();
        assertThat(exists("lapsed")).isFalse();
    }
}
