package org.laguna.core.permission.declarative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.laguna.core.auth.oidc.TokenGrants;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.PermissionRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFileTest {
    private static final String ALLOW_ALICE = """
            statements:
              - id: alice-adds
                effect: allow
                actions: add_did
                who: {account: alice}
            """;

    private final FakeFacts facts = new FakeFacts().account("alice", "USER").account("bob", "USER");

    private boolean allows(DeclarativePolicy policy, String issuer) {
        return policy.decide(PermissionRequest.of(issuer, "def", "add_did", "scope", "s"), TokenGrants.NONE, facts).allowed();
    }

    @Test
    void anInvalidPolicyIsRefusedNamingItsLine() {
        LagunaException unknownAction = assertThrows(LagunaException.class, () -> PolicyDocument.parse("""
                statements:
                  - id: one
                    effect: allow
                    actions: [add_dids, add_everything]
                """, "p.yaml"));
        assertTrue(unknownAction.getMessage().contains("p.yaml line 4"), unknownAction.getMessage());
        assertTrue(unknownAction.getMessage().contains("add_everything"), unknownAction.getMessage());
        LagunaException unknownKey = assertThrows(LagunaException.class, () -> PolicyDocument.parse("""
                statements:
                  - id: one
                    effect: allow
                    who: {acount: alice}
                """, "p.yaml"));
        assertTrue(unknownKey.getMessage().contains("line 4") && unknownKey.getMessage().contains("acount"), unknownKey.getMessage());
        LagunaException badEffect = assertThrows(LagunaException.class, () -> PolicyDocument.parse("""
                statements:
                  - id: one
                    effect: perhaps
                """, "p.yaml"));
        assertTrue(badEffect.getMessage().contains("line 3"), badEffect.getMessage());
        LagunaException badYaml = assertThrows(LagunaException.class, () -> PolicyDocument.parse("statements: [\n  {id: x\n", "p.yaml"));
        assertTrue(badYaml.getMessage().contains("line"), badYaml.getMessage());
        LagunaException badTemplate = assertThrows(LagunaException.class, () -> PolicyDocument.parse("""
                statements:
                  - id: one
                    effect: allow
                    on: {scope: "user.{acount}"}
                """, "p.yaml"));
        assertTrue(badTemplate.getMessage().contains("line 4"), badTemplate.getMessage());
    }

    @Test
    void aPolicyWrittenInJsonIsReadToo() {
        PolicyDocument policy = PolicyDocument.parse("""
                {"default": "allow", "statements": [{"id": "no-bob", "effect": "deny", "who": {"account": "bob"}}]}
                """, "p.json");
        assertFalse(policy.decide(PermissionRequest.of("bob", "def", "add_rse"), TokenGrants.NONE, facts).allowed());
        Decision alice = policy.decide(PermissionRequest.of("alice", "def", "add_rse"), TokenGrants.NONE, facts);
        assertTrue(alice.allowed());
        assertEquals("default", alice.statement());
    }

    @Test
    void theExplanationNamesTheDecidingStatementAndItsLine() {
        PolicyDocument policy = PolicyDocument.parse(ALLOW_ALICE, "p.yaml");
        Decision allowed = policy.decide(PermissionRequest.of("alice", "def", "add_did"), TokenGrants.NONE, facts);
        assertEquals("allowed by statement 'alice-adds' (p.yaml line 2)", allowed.explanation());
        Decision denied = policy.decide(PermissionRequest.of("bob", "def", "add_did"), TokenGrants.NONE, facts);
        assertEquals("default", denied.statement());
        assertTrue(denied.explanation().startsWith("denied by the default of p.yaml"), denied.explanation());
    }

    @Test
    void aChangedFileIsReloadedAndAnInvalidChangeKeepsThePreviousPolicy(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, ALLOW_ALICE);
        DeclarativePolicy policy = DeclarativePolicy.load(file);
        assertTrue(allows(policy, "alice"));
        assertFalse(allows(policy, "bob"));

        Files.writeString(file, ALLOW_ALICE.replace("alice}", "bob}"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertTrue(policy.reloadIfChanged());
        assertTrue(allows(policy, "bob"));
        assertFalse(allows(policy, "alice"));

        Files.writeString(file, ALLOW_ALICE.replace("effect: allow", "effect: alow"));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(10)));
        assertFalse(policy.reloadIfChanged());
        assertTrue(policy.lastError().orElseThrow().contains("line 3"), policy.lastError().orElseThrow());
        assertTrue(allows(policy, "bob"));
    }

    @Test
    void conditionsOnAttributesMetadataAndRuleProperties() {
        PolicyDocument policy = PolicyDocument.parse("""
                statements:
                  - id: physicists-raw
                    effect: allow
                    actions: set_metadata
                    who: {attribute: {experiment: physics}, account_type: USER}
                    on: {did_meta: {datatype: RAW}}
                  - id: short-single-copy-rules
                    effect: allow
                    actions: add_rule
                    on: {arguments: {copies: "<=1", lifetime: "<86400", activity: "User*"}}
                """, "p.yaml");
        facts.account("phil", "USER", "experiment", "physics");
        facts.dids.put("s:raw", Map.of("datatype", "RAW"));
        facts.dids.put("s:aod", Map.of("datatype", "AOD"));
        assertTrue(policy.decide(PermissionRequest.of("phil", "def", "set_metadata", "scope", "s", "name", "raw"), TokenGrants.NONE, facts).allowed());
        assertFalse(policy.decide(PermissionRequest.of("phil", "def", "set_metadata", "scope", "s", "name", "aod"), TokenGrants.NONE, facts).allowed());
        assertFalse(policy.decide(PermissionRequest.of("alice", "def", "set_metadata", "scope", "s", "name", "raw"), TokenGrants.NONE, facts).allowed());
        assertTrue(policy.decide(PermissionRequest.of("alice", "def", "add_rule", "copies", "1", "lifetime", "3600", "activity", "User Subscriptions"),
                TokenGrants.NONE, facts).allowed());
        assertFalse(policy.decide(PermissionRequest.of("alice", "def", "add_rule", "copies", "2", "lifetime", "3600", "activity", "User Subscriptions"),
                TokenGrants.NONE, facts).allowed());
        assertFalse(policy.decide(PermissionRequest.of("alice", "def", "add_rule", "copies", "1", "activity", "User Subscriptions"),
                TokenGrants.NONE, facts).allowed());
    }
}
