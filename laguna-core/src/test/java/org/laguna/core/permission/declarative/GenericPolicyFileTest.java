package org.laguna.core.permission.declarative;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.laguna.core.auth.oidc.TokenGrants;
import org.laguna.policy.generic.GenericPermissionPolicy;
import org.laguna.spi.policy.PermissionRequest;
import org.junit.jupiter.api.Test;

class GenericPolicyFileTest {
    static PolicyDocument example(String name) {
        try (InputStream in = PolicyDocument.class.getResourceAsStream("/org/laguna/core/permission/policies/" + name)) {
            return PolicyDocument.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theGenericPolicyFileDecidesEveryActionAsTheBuiltInGenericPolicy() {
        PolicyDocument file = example("generic.yaml");
        GenericPermissionPolicy builtIn = new GenericPermissionPolicy();
        FakeFacts facts = new FakeFacts()
                .account("root", "SERVICE")
                .account("boss", "USER", "admin", "true")
                .account("alice", "USER")
                .account("bob", "USER")
                .scope("user.alice", "alice");
        List<String[]> argumentSets = new ArrayList<>();
        argumentSets.add(new String[] {});
        for (String account : new String[] {"alice", "bob"}) {
            argumentSets.add(new String[] {"account", account});
            argumentSets.add(new String[] {"account", account, "locked", "true"});
            argumentSets.add(new String[] {"account", account, "locked", "false"});
            argumentSets.add(new String[] {"rule_account", account, "locked", "false", "options", "lifetime,comment"});
            argumentSets.add(new String[] {"rule_account", account, "locked", "true", "options", "copies"});
            argumentSets.add(new String[] {"rule_account", account, "options", ""});
            argumentSets.add(new String[] {"rule_account", account});
            argumentSets.add(new String[] {"rule_approvers", account + ",carol"});
        }
        for (String scope : new String[] {"user.alice", "user.bob", "missing"}) {
            argumentSets.add(new String[] {"scope", scope});
            for (String operation : new String[] {"read", "write", "delete"}) {
                argumentSets.add(new String[] {"scope", scope, "operation", operation, "rse", "DISK"});
                argumentSets.add(new String[] {"scope", scope, "operation", operation, "rse", "DISK", "replica_state", "COPYING"});
                argumentSets.add(new String[] {"scope", scope, "operation", operation, "rse", "DISK", "replica_state", "AVAILABLE"});
            }
        }
        argumentSets.add(new String[] {"operation", "write", "rse", "DISK"});
        int compared = 0;
        for (String action : PolicyDocument.KNOWN_ACTIONS) {
            for (String issuer : new String[] {"root", "boss", "alice", "bob"}) {
                for (String[] arguments : argumentSets) {
                    PermissionRequest request = PermissionRequest.of(issuer, "def", action, arguments);
                    assertEquals(builtIn.isAllowed(request, facts), file.decide(request, TokenGrants.NONE, facts).allowed(),
                            () -> "differs for " + request);
                    compared++;
                }
            }
        }
        assertEquals(PolicyDocument.KNOWN_ACTIONS.size() * 4 * argumentSets.size(), compared);
    }
}
