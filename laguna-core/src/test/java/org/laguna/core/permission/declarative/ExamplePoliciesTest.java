package org.laguna.core.permission.declarative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.laguna.core.permission.declarative.GenericPolicyFileTest.example;

import java.util.List;
import org.laguna.core.auth.oidc.TokenGrants;
import org.laguna.spi.policy.PermissionRequest;
import org.junit.jupiter.api.Test;

class ExamplePoliciesTest {
    /** Every action that carries the scope of the data it acts on. */
    private static final List<String> DATA_ACTIONS = List.of("add_did", "add_dids", "attach_dids", "detach_dids", "set_status",
            "set_metadata", "del_metadata", "add_replicas", "delete_replicas", "update_replicas_states");

    private static TokenGrants token(String scopes, String groups) {
        return TokenGrants.fromClaims(scopes, groups, null);
    }

    private static Decision decide(PolicyDocument policy, FakeFacts facts, TokenGrants grants, String issuer, String action, String... args) {
        return policy.decide(PermissionRequest.of(issuer, "def", action, args), grants, facts);
    }

    private static FakeFacts groups() {
        return new FakeFacts()
                .account("groupa", "GROUP").account("groupb", "GROUP")
                .account("alice", "USER", "group", "groupa")
                .account("bob", "USER", "group", "groupb")
                .account("carol", "USER")
                .scope("group.a", "groupa").scope("group.b", "groupb").scope("user.carol", "carol");
    }

    @Test
    void groupMembersMayDoAnythingOnTheirGroupsDataAndNothingOnAnotherGroups() {
        PolicyDocument policy = example("group-based.yaml");
        FakeFacts facts = groups();
        for (String action : DATA_ACTIONS) {
            Decision own = decide(policy, facts, TokenGrants.NONE, "alice", action, "scope", "group.a", "name", "f1");
            assertTrue(own.allowed(), action);
            assertEquals("group-members-on-group-data", own.statement());
            Decision other = decide(policy, facts, TokenGrants.NONE, "alice", action, "scope", "group.b", "name", "f1");
            assertFalse(other.allowed(), action);
            assertEquals("other-groups-data", other.statement());
            assertTrue(decide(policy, facts, TokenGrants.NONE, "bob", action, "scope", "group.b").allowed(), action);
            assertFalse(decide(policy, facts, TokenGrants.NONE, "bob", action, "scope", "group.a").allowed(), action);
        }
        for (String operation : List.of("read", "write", "delete")) {
            assertTrue(decide(policy, facts, TokenGrants.NONE, "alice", "get_signed_url", "operation", operation, "rse", "DISK",
                    "scope", "group.a", "name", "f1").allowed(), operation);
            assertFalse(decide(policy, facts, TokenGrants.NONE, "alice", "get_signed_url", "operation", operation, "rse", "DISK",
                    "scope", "group.b", "name", "f1").allowed(), operation);
        }
        assertTrue(decide(policy, facts, TokenGrants.NONE, "alice", "del_rule", "rule_account", "groupa", "locked", "false").allowed());
        assertFalse(decide(policy, facts, TokenGrants.NONE, "alice", "del_rule", "rule_account", "groupb", "locked", "false").allowed());
        assertTrue(decide(policy, facts, TokenGrants.NONE, "alice", "add_rule", "account", "groupa", "locked", "false").allowed());
        assertFalse(decide(policy, facts, TokenGrants.NONE, "bob", "add_rule", "account", "groupa", "locked", "false").allowed());
    }

    @Test
    void theTokensWlcgGroupsMakeTheCallerAMember() {
        PolicyDocument policy = example("group-based.yaml");
        FakeFacts facts = groups();
        assertFalse(decide(policy, facts, TokenGrants.NONE, "carol", "add_did", "scope", "group.a").allowed());
        Decision withToken = decide(policy, facts, token("openid", "/groupa"), "carol", "add_did", "scope", "group.a");
        assertTrue(withToken.allowed());
        assertFalse(decide(policy, facts, token("openid", "/groupa"), "carol", "add_did", "scope", "group.b").allowed());
    }

    @Test
    void outsideGroupDataTheGroupPolicyFollowsTheGenericRules() {
        PolicyDocument policy = example("group-based.yaml");
        FakeFacts facts = groups();
        assertTrue(decide(policy, facts, TokenGrants.NONE, "carol", "add_did", "scope", "user.carol").allowed());
        assertFalse(decide(policy, facts, TokenGrants.NONE, "alice", "add_did", "scope", "user.carol").allowed());
        assertFalse(decide(policy, facts, TokenGrants.NONE, "alice", "add_rse", "rse", "X").allowed());
        assertEquals("administrators-only", decide(policy, facts, TokenGrants.NONE, "alice", "add_rse", "rse", "X").statement());
        assertTrue(decide(policy, facts, TokenGrants.NONE, "root", "add_did", "scope", "group.b").allowed());
    }

    @Test
    void tokenScopesDecideWhereAUserWritesAndEveryoneReads() {
        PolicyDocument policy = example("scope-based.yaml");
        FakeFacts facts = new FakeFacts().account("alice", "USER").account("bob", "USER")
                .scope("user.alice", "alice").scope("user.bob", "bob").scope("physics", "root");
        TokenGrants alice = token("storage.read:/ storage.modify:/user/alice", null);
        for (String action : DATA_ACTIONS) {
            Decision own = decide(policy, facts, alice, "alice", action, "scope", "user.alice");
            assertTrue(own.allowed(), action);
            assertEquals("own-area-with-token", own.statement());
            Decision other = decide(policy, facts, alice, "alice", action, "scope", "user.bob");
            assertFalse(other.allowed(), action);
            assertEquals("writes-need-a-token-scope", other.statement());
            assertFalse(decide(policy, facts, TokenGrants.NONE, "alice", action, "scope", "user.alice").allowed(), action);
            assertTrue(decide(policy, facts, token("storage.modify:/physics", null), "bob", action, "scope", "physics").allowed(), action);
            assertFalse(decide(policy, facts, alice, "alice", action, "scope", "physics").allowed(), action);
        }
        for (String scope : List.of("user.alice", "user.bob", "physics")) {
            Decision read = decide(policy, facts, TokenGrants.NONE, "bob", "get_signed_url", "operation", "read", "rse", "DISK", "scope", scope);
            assertTrue(read.allowed(), scope);
            assertEquals("everyone-reads", read.statement());
        }
        assertTrue(decide(policy, facts, alice, "alice", "get_signed_url", "operation", "write", "rse", "DISK", "scope", "user.alice").allowed());
        assertFalse(decide(policy, facts, alice, "alice", "get_signed_url", "operation", "write", "rse", "DISK", "scope", "user.bob").allowed());
    }

    @Test
    void onlyTapeOperatorsTriggerTransfersToOrFromTape() {
        PolicyDocument policy = example("rse-based.yaml");
        FakeFacts facts = new FakeFacts().account("tape-operators", "GROUP")
                .account("olga", "USER", "group", "tape-operators").account("alice", "USER")
                .rse("TAPE1", "TAPE").rse("DISK1", "DISK");
        for (String issuer : List.of("olga", "alice")) {
            boolean operator = issuer.equals("olga");
            Decision toTape = decide(policy, facts, TokenGrants.NONE, issuer, "add_rule", "account", issuer, "locked", "false",
                    "rse_expression", "TAPE1", "copies", "1");
            assertEquals(operator, toTape.allowed(), issuer);
            assertEquals(operator ? "tape-operators-on-tape" : "tape-needs-operators", toTape.statement());
            Decision fromTape = decide(policy, facts, TokenGrants.NONE, issuer, "add_rule", "account", issuer, "locked", "false",
                    "rse_expression", "DISK1", "source_replica_expression", "rse_type=TAPE", "copies", "1");
            assertEquals(operator, fromTape.allowed(), issuer);
            Decision toDisk = decide(policy, facts, TokenGrants.NONE, issuer, "add_rule", "account", issuer, "locked", "false",
                    "rse_expression", "DISK1", "copies", "1");
            assertTrue(toDisk.allowed(), issuer);
            assertEquals("own-unlocked-rule", toDisk.statement());
            assertEquals(operator, decide(policy, facts, TokenGrants.NONE, issuer, "get_signed_url", "operation", "read", "rse", "TAPE1").allowed());
            assertTrue(decide(policy, facts, TokenGrants.NONE, issuer, "get_signed_url", "operation", "read", "rse", "DISK1").allowed());
        }
        assertTrue(decide(policy, facts, token("openid", "/tape-operators"), "alice", "add_rule", "account", "alice",
                "rse_expression", "TAPE1").allowed());
    }
}
