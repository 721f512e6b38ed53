package org.laguna.server.ui;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.laguna.core.event.OutboxStore;
import org.laguna.core.testing.TestCore;
import org.laguna.server.testing.Rest;

/**
 * What the pages of subscriptions, lifetime exceptions, the audit log and the events look at, on top
 * of {@link UiWorld}: a subscription of alice and one of bob; bob approves the rules on RSE B
 * ({@code rule_approvers}), and alice's rule on {@code ds.wait} there waits for approval; a lifetime
 * exception bob asked for; and the events so far, of which those written before the fixture's
 * subscriptions are moved to the history (as hermes does once delivered), the others left pending.
 */
final class OversightWorld {
    static final String ALICE_SUBSCRIPTION = "alice-raw";
    static final String BOB_SUBSCRIPTION = "bob-raw";
    static final String ROOT_PASSWORD = TestCore.ROOT_PASSWORD;

    final UiWorld ui;
    final String waitingRule;
    final String bobException;

    OversightWorld(UiWorld ui) {
        this.ui = ui;
        Rest root = ui.root;
        long archivedBelow = ui.server.core().database().readOnly(tx -> tx.queryOne("select coalesce(max(id), 0) + 1 from messages",
                rs -> rs.getLong(1)).orElse(1L));
        ui.server.core().database().inTransactionVoid(tx -> {
            List<Long> ids = tx.query("select id from messages where id < ?", rs -> rs.getLong(1), archivedBelow);
            OutboxStore.archive(tx, ids, List.of("ui-test"), Instant.now());
        });
        UiWorld.expect(root.post("/subscriptions/alice/" + ALICE_SUBSCRIPTION, subscription(UiWorld.SCOPE)));
        UiWorld.expect(root.post("/subscriptions/bob/" + BOB_SUBSCRIPTION, subscription("user.bob")));
        UiWorld.expect(root.post("/rses/" + UiWorld.RSE_B + "/attr/rule_approvers", Map.of("value", "bob")));
        ui.dataset(UiWorld.SCOPE, "ds.wait", List.of("wait.file"));
        this.waitingRule = UiWorld.expect(root.post("/rules", Map.of("dids", List.of(Map.of("scope", UiWorld.SCOPE, "name", "ds.wait")),
                "account", "alice", "copies", 1, "rse_expression", UiWorld.RSE_B, "ask_approval", true))).json().get(0).asText();
        Rest bob = Rest.login(ui.server.url(), "bob", "bob", UiWorld.PASSWORD);
        this.bobException = UiWorld.expect(bob.post("/lifetime_exceptions", Map.of("dids", List.of(Map.of("scope", "user.bob", "name", "bob.ds")),
                "comments", "bob needs it for the paper"))).json().get("exceptions").fieldNames().next();
    }

    private static Map<String, Object> subscription(String scope) {
        return Map.of("options", Map.of("filter", Map.of("scope", List.of(scope)),
                "replication_rules", List.of(Map.of("copies", 1, "rse_expression", UiWorld.RSE_B)), "comments", "raw data to B"));
    }

    /** The state of a subscription as the REST API answers it. */
    String subscriptionState(String account, String name) {
        return ui.root.get("/subscriptions/" + account + "/" + name).lines().getFirst().get("state").asText();
    }

    /** The state of a lifetime exception as the REST API answers it. */
    String exceptionState(String id) {
        return ui.root.get("/lifetime_exceptions/" + id).lines().getFirst().get("state").asText();
    }
}
