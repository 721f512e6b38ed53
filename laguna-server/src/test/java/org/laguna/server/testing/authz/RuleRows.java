package org.laguna.server.testing.authz;

import static org.laguna.server.testing.authz.Access.ADMIN;
import static org.laguna.server.testing.authz.Access.AUTHENTICATED;
import static org.laguna.server.testing.authz.Access.OWNER;
import static org.laguna.server.testing.authz.RestApiMatrix.row;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Replication rules and locks: the owner is the rule's account. */
final class RuleRows {
    private RuleRows() {
    }

    private static Map<String, Object> newRule(Fixtures f) {
        String dataset = f.freshDataset();
        return Map.of("dids", List.of(f.did(dataset)), "account", f.owner(), "copies", 1, "rse_expression", f.rse());
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.put(key, value);
        return copy;
    }

    static List<MatrixEntry> entries() {
        return List.of(
                row("POST /rules", "for the owner", OWNER, f -> Call.of("/rules", newRule(f))),
                row("POST /rules/", "for the owner", OWNER, f -> Call.of("/rules/", newRule(f))),
                row("POST /rules", "for oneself on another's DID", AUTHENTICATED, f -> Call.of("/rules", Map.of(
                        "dids", List.of(f.did(f.freshDataset())), "copies", 1, "rse_expression", f.rse()))),
                row("POST /rules", "locked", ADMIN, f -> Call.of("/rules", with(newRule(f), "locked", true))),
                row("POST /rules", "ignoring account limits", ADMIN, f -> Call.of("/rules", with(newRule(f), "ignore_account_limit", true))),
                row("GET /rules", AUTHENTICATED, f -> Call.of("/rules?account=" + f.owner())),
                row("GET /rules/", AUTHENTICATED, f -> Call.of("/rules/?account=" + f.owner())),
                row("GET /rules/<rest>", "rule", AUTHENTICATED, f -> Call.of("/rules/" + f.ruleId())),
                row("GET /rules/<rest>", "locks", AUTHENTICATED, f -> Call.of("/rules/" + f.ruleId() + "/locks")),
                row("GET /rules/<rest>", "history", AUTHENTICATED, f -> Call.of("/rules/" + f.ruleId() + "/history")),
                row("GET /rules/<rest>", "analysis", AUTHENTICATED, f -> Call.of("/rules/" + f.ruleId() + "/analysis")),
                row("GET /rules/<rest>", "history of a DID", AUTHENTICATED, f -> Call.of("/rules/" + f.scope() + "/" + f.dataset()
                        + "/history")),
                row("PUT /rules/{id}", "comment", OWNER, f -> Call.of("/rules/" + f.ruleId(), Map.of("options", Map.of("comment", "matrix")))),
                row("PUT /rules/{id}", "lock", ADMIN, f -> Call.of("/rules/" + f.freshRule(f.rse(), 1, false),
                        Map.of("options", Map.of("locked", true)))),
                row("PUT /rules/{id}", "unlock", ADMIN, f -> Call.of("/rules/" + f.freshLockedRule(),
                        Map.of("options", Map.of("locked", false)))),
                row("PUT /rules/{id}", "approve", ADMIN, f -> Call.of("/rules/" + f.freshRule(f.rse(), 1, true),
                        Map.of("options", Map.of("approve", true)))),
                row("DELETE /rules/{id}", OWNER, f -> Call.of("/rules/" + f.freshRule(f.rse(), 1, false), Map.of())),
                row("POST /rules/{id}/reduce", OWNER, f -> Call.of("/rules/" + f.freshRuleOnBothRses() + "/reduce",
                        Map.of("copies", 1))),
                row("POST /rules/{id}/move", OWNER, f -> Call.of("/rules/" + f.freshRule(f.rse(), 1, false) + "/move",
                        Map.of("rse_expression", f.rse2()))),
                row("GET /locks/<rest>", "of a dataset", AUTHENTICATED, f -> Call.of("/locks/" + f.scope() + "/" + f.dataset())),
                row("GET /locks/<rest>", "on an RSE", AUTHENTICATED, f -> Call.of("/locks/" + f.rse2() + "?did_type=dataset")),
                row("POST /locks/bulk_locks_for_dids", AUTHENTICATED, f -> Call.of("/locks/bulk_locks_for_dids",
                        Map.of("dids", List.of(f.did(f.file()))))));
    }
}
