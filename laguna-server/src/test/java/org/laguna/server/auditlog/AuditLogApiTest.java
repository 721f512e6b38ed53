package org.laguna.server.auditlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laguna.core.auditlog.AuditLogCleaner;
import org.laguna.core.daemon.WorkSlice;
import org.laguna.server.testing.CliRunner;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;

/**
 * The audit log on a server running the group-based example policy, alice in group groupa and bob
 * in groupb: bob's attempt to erase alice's group dataset is denied and recorded with who and how,
 * alice's own erasure is recorded as done; administrators list everything, others their own entries.
 */
class AuditLogApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest alice;
    private static Rest bob;

    @BeforeAll
    static void start() throws IOException {
        Path file = Files.createTempFile("group-based", ".yaml");
        try (InputStream in = AuditLogApiTest.class.getResourceAsStream("/org/laguna/core/permission/policies/group-based.yaml")) {
            Files.write(file, in.readAllBytes());
        }
        server = TestServer.start(Map.of("policy.file", file.toString()));
        root = server.root();
        server.core().database().inTransactionVoid(tx ->
                tx.update("insert into accounts (account, vo, account_type) values ('groupa', 'def', 'GROUP'), ('groupb', 'def', 'GROUP')"));
        server.createScope("group.a", "groupa");
        server.createScope("group.b", "groupb");
        alice = server.createUser("alice", "secret-alice");
        bob = server.createUser("bob", "secret-bob");
        assertThat(root.post("/accounts/alice/attr/group", Map.of("value", "groupa")).status()).isEqualTo(201);
        assertThat(root.post("/accounts/bob/attr/group", Map.of("value", "groupb")).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<JsonNode> audit(Rest rest, String query) {
        Rest.Response answer = rest.get("/audit?" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.lines();
    }

    @Test
    void aDeniedAndAnAllowedErasureShowWhoAndHow() {
        Rest.Response created = alice.call("POST", "/dids/group.a/ds-erase", Map.of("type", "DATASET"), Map.of("X-Request-Id", "create-1"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("X-Request-Id")).isEqualTo("create-1");
        Rest.Response denied = bob.call("POST", "/dids/group.a/ds-erase/meta/lifetime", Map.of("value", 86400), Map.of("X-Request-Id", "erase-bob"));
        assertThat(denied.status()).isEqualTo(401);
        Rest.Response erased = alice.call("POST", "/dids/group.a/ds-erase/meta/lifetime", Map.of("value", 86400), Map.of());
        assertThat(erased.status()).as(erased.body()).isEqualTo(201);

        List<JsonNode> entries = audit(root, "target=ds-erase");
        JsonNode bobs = entries.stream().filter(e -> e.get("account").asText().equals("bob")).findFirst().orElseThrow();
        assertThat(bobs.get("action").asText()).isEqualTo("set_metadata");
        assertThat(bobs.get("outcome").asText()).isEqualTo("DENIED");
        assertThat(bobs.get("auth_method").asText()).isEqualTo("userpass");
        assertThat(bobs.get("identity").asText()).isEqualTo("bob");
        assertThat(bobs.get("vo").asText()).isEqualTo("def");
        assertThat(bobs.get("client_address").asText()).isNotBlank();
        assertThat(bobs.get("request_id").asText()).isEqualTo("erase-bob");
        assertThat(bobs.get("detail").asText()).contains("other-groups-data");
        assertThat(bobs.get("target").asText()).contains("scope=group.a").contains("name=ds-erase");

        List<JsonNode> alices = entries.stream().filter(e -> e.get("account").asText().equals("alice")).toList();
        assertThat(alices).extracting(e -> e.get("action").asText() + " " + e.get("outcome").asText())
                .contains("set_metadata SUCCESS", "add_did SUCCESS");
        assertThat(alices).extracting(e -> e.get("request_id").asText()).contains("create-1", erased.header("X-Request-Id"));
        assertThat(audit(root, "target=ds-erase&outcome=denied")).hasSize(1);
        assertThat(audit(root, "target=ds-erase&account=alice&action=set_metadata")).hasSize(1);
    }

    @Test
    void aChangeThatFailsIsRecordedAsFailedAndNothingOfItAsDone() {
        assertThat(alice.post("/dids/group.a/ds-twice", Map.of("type", "DATASET")).status()).isEqualTo(201);
        Rest.Response again = alice.post("/dids/group.a/ds-twice", Map.of("type", "DATASET"));
        assertThat(again.status()).isEqualTo(409);
        List<JsonNode> entries = audit(root, "target=ds-twice");
        assertThat(entries).extracting(e -> e.get("outcome").asText()).containsExactly("FAILED", "SUCCESS");
        assertThat(entries.getFirst().get("detail").asText()).isEqualTo(again.exceptionClass());
    }

    @Test
    void anAccountSeesOnlyItsOwnEntriesAndMayNotAskForAnothers() {
        bob.post("/dids/group.b/ds-bob-own", Map.of("type", "DATASET"));
        List<JsonNode> own = audit(bob, "limit=1000");
        assertThat(own).isNotEmpty().allSatisfy(e -> assertThat(e.get("account").asText()).isEqualTo("bob"));
        assertThat(audit(bob, "account=bob")).hasSameSizeAs(own);
        Rest.Response others = bob.get("/audit?account=alice");
        assertThat(others.status()).isEqualTo(401);
        assertThat(others.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(audit(root, "account=alice")).isNotEmpty();
    }

    @Test
    void badFiltersAreRefusedNamingTheParameter() {
        Map<String, String> bad = Map.of("since=yesterday", "since", "until=2026-13-45", "until", "outcome=MAYBE", "outcome",
                "limit=0", "limit", "limit=many", "limit", "colour=red", "colour",
                "since=2026-12-05&until=2026-12-04", "since");
        bad.forEach((query, parameter) -> {
            Rest.Response answer = root.get("/audit?" + query);
            assertThat(answer.status()).as(query).isEqualTo(400);
            assertThat(answer.exceptionClass()).as(query).isEqualTo("InvalidValueForKey");
            assertThat(answer.body()).as(query).contains(parameter);
        });
    }

    @Test
    void aFailedLoginIsRecordedAsDeniedWithoutThePassword() {
        Rest.Response login = server.anonymous().call("GET", "/auth/userpass", null,
                Map.of("X-Rucio-Account", "alice", "X-Rucio-Username", "alice", "X-Rucio-Password", "not-her-password"));
        assertThat(login.status()).isEqualTo(401);
        List<JsonNode> entries = audit(root, "account=alice&outcome=DENIED&target=/auth/userpass");
        assertThat(entries).isNotEmpty();
        assertThat(entries.getFirst().get("auth_method").asText()).isEqualTo("userpass");
        long secrets = server.core().database().readOnly(tx -> tx.count("select count(*) from audit_log a where a::text like '%not-her-password%'"
                + " or a::text like '%secret-alice%' or a::text like '%secret-bob%' or a::text like ? or a::text like ?",
                "%" + alice.token() + "%", "%" + bob.token() + "%"));
        assertThat(secrets).isZero();
    }

    @Test
    void aSuccessfulLoginIsRecordedWithMethodAddressAndRequestIdButNoPassword() {
        Rest.Response login = server.anonymous().call("GET", "/auth/userpass", null, Map.of("X-Rucio-Account", "alice",
                "X-Rucio-Username", "alice", "X-Rucio-Password", "secret-alice", "X-Request-Id", "login-alice-1"));
        assertThat(login.status()).isEqualTo(200);

        List<JsonNode> entries = audit(root, "account=alice&action=login").stream()
                .filter(e -> e.get("request_id").asText().equals("login-alice-1")).toList();

        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.get("outcome").asText()).isEqualTo("SUCCESS");
            assertThat(entry.get("auth_method").asText()).isEqualTo("userpass");
            assertThat(entry.get("identity").asText()).isEqualTo("alice");
            assertThat(entry.get("vo").asText()).isEqualTo("def");
            assertThat(entry.get("target").asText()).isEqualTo("account=alice");
            assertThat(entry.get("client_address").asText()).isNotBlank();
        });
        assertThat(audit(alice, "action=login")).as("an account sees its own logins").isNotEmpty();
        long secrets = server.core().database().readOnly(tx -> tx.count("select count(*) from audit_log a where strpos(a::text, ?) > 0 "
                + "or strpos(a::text, ?) > 0", "secret-alice", login.header("X-Rucio-Auth-Token")));
        assertThat(secrets).isZero();
    }

    @Test
    void theCommandLineListsTheLogAsTableOrJsonAndRefusesBadFilters() {
        alice.post("/dids/group.a/ds-cli", Map.of("type", "DATASET"));
        CliRunner.Run table = CliRunner.asRoot(server, "audit", "ls", "--target", "ds-cli");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).contains("ACTION").contains("add_did").contains("alice").contains("SUCCESS");
        CliRunner.Run json = CliRunner.asRoot(server, "audit", "ls", "--target", "ds-cli", "--actor", "alice", "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        assertThat(json.out().strip().lines()).hasSize(1).allSatisfy(line -> assertThat(line).contains("\"action\":\"add_did\""));
        CliRunner.Run bad = CliRunner.asRoot(server, "audit", "ls", "--outcome", "MAYBE");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("outcome");
    }

    @Test
    void theCleanerRemovesEntriesOlderThanTheRetention() {
        Instant now = Instant.now();
        server.core().database().inTransactionVoid(tx -> {
            tx.update("insert into audit_log (created_at, account, action, target, outcome) values (?, 'old', 'add_did', 'cleaner-old', 'SUCCESS')",
                    now.minus(Duration.ofDays(40)));
            tx.update("insert into audit_log (created_at, account, action, target, outcome) values (?, 'new', 'add_did', 'cleaner-new', 'SUCCESS')",
                    now.minus(Duration.ofDays(1)));
        });
        AuditLogCleaner cleaner = new AuditLogCleaner(server.core().database(), server.core().clock(), Duration.ofDays(30), 100);
        int removed = 0;
        for (int rank = 0; rank < 2; rank++) {
            removed += cleaner.runOnce(new WorkSlice(rank, 2));
        }
        assertThat(removed).isGreaterThanOrEqualTo(1);
        assertThat(audit(root, "target=cleaner-")).extracting(e -> e.get("target").asText()).containsExactly("cleaner-new");
    }
}
