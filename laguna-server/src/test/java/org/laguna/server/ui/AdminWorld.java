package org.laguna.server.ui;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** What the administration tests add to the {@link UiWorld}: an administrator, and transfers that ended some hours ago. */
final class AdminWorld {
    private AdminWorld() {
    }

    /** A USER account with a password and the attribute admin=true. */
    static void addAdministrator(UiWorld world, String account) {
        UiWorld.expect(world.root.post("/accounts/" + account, Map.of("type", "USER", "email", account + "@example.org")));
        UiWorld.expect(world.root.post("/accounts/" + account + "/identities", Map.of("identity", account, "authtype", "USERPASS",
                "password", UiWorld.PASSWORD, "email", account + "@example.org")));
        UiWorld.expect(world.root.post("/accounts/" + account + "/attr/admin", Map.of("value", true)));
    }

    /**
     * Transfers from RSE A to RSE B that ended DONE {@code hoursAgo} hours ago, each of {@code bytes}, written
     * straight into the requests' history as the finisher leaves them.
     */
    static void doneTransfers(UiWorld world, int count, long bytes, int hoursAgo) {
        Instant ended = Instant.now().minus(Duration.ofHours(hoursAgo));
        world.server.core().database().inTransactionVoid(tx -> tx.update("insert into requests_history (id, request_type, scope, name, "
                + "dest_rse_id, source_rse_id, account, state, bytes, created_at, updated_at) select gen_random_uuid(), 'TRANSFER', ?, "
                + "'moved.' || g, b.id, a.id, 'alice', 'DONE', ?, ?, ? from rses a, rses b, generate_series(1, ?) g where a.rse = ? and b.rse = ?",
                UiWorld.SCOPE, bytes, ended, ended, count, UiWorld.RSE_A, UiWorld.RSE_B));
    }
}
