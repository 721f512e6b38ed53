package org.laguna.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.laguna.server.testing.Rest;
import org.laguna.server.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Identities, e-mail addresses and {@code /metrics} are for administrators (and each account's
 * own identities for itself) unless the configuration opens them.
 */
class AccountPrivacyApiTest {
    private static TestServer server;
    private static Rest root;
    private static Rest alice;
    private static Rest bob;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = server.root();
        alice = server.createUser("alice", "alice-password");
        bob = server.createUser("bob", "bob-password");
        root.put("/accounts/alice", Map.of("email", "alice@example.org"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertDenied(Rest.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(401);
        assertThat(response.exceptionClass()).isEqualTo("AccessDenied");
        assertThat(response.header("ExceptionMessage")).contains("Account bob can not");
    }

    @Test
    void anAccountSeesOnlyItsOwnIdentities() {
        assertDenied(bob.get("/accounts/alice/identities"));
        assertThat(alice.get("/accounts/alice/identities").lines()).extracting(n -> n.get("identity").asText()).containsExactly("alice");
        assertThat(root.get("/accounts/alice/identities").lines()).extracting(n -> n.get("identity").asText()).containsExactly("alice");
    }

    @Test
    void anAccountLearnsNoOtherAccountFromAnIdentity() {
        assertThat(bob.get("/identities/alice/userpass/accounts").json()).isEmpty();
        assertThat(alice.get("/identities/alice/userpass/accounts").json().get(0).asText()).isEqualTo("alice");
        assertThat(root.get("/identities/alice/userpass/accounts").json().get(0).asText()).isEqualTo("alice");
    }

    @Test
    void eMailAddressesOfOtherAccountsAreHidden() {
        assertThat(bob.get("/accounts/alice").json().get("email").isNull()).isTrue();
        assertThat(bob.get("/accounts").lines()).filteredOn(n -> n.get("account").asText().equals("alice"))
                .extracting(n -> n.get("email").asText()).containsExactly("");
        assertThat(alice.get("/accounts/alice").json().get("email").asText()).isEqualTo("alice@example.org");
        assertThat(root.get("/accounts/alice").json().get("email").asText()).isEqualTo("alice@example.org");
    }

    @Test
    void metricsNeedAnAdministratorsToken() {
        Rest.Response anonymous = server.anonymous().get("/metrics");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("ExceptionClass")).isEqualTo("CannotAuthenticate");
        assertThat(anonymous.body()).doesNotContain("jvm_");
        assertDenied(bob.get("/metrics"));
        assertThat(root.get("/metrics").body()).contains("laguna_jvm_heap_peak_bytes");
    }

    @Test
    void theConfigurationCanOpenBoth() {
        try (TestServer open = TestServer.start(Map.of("security.metrics-public", "true", "security.identities-visible-to-all", "true"))) {
            Rest carol = open.createUser("carol", "carol-password");
            open.createUser("dave", "dave-password");
            assertThat(open.anonymous().get("/metrics").body()).contains("laguna_jvm_heap_peak_bytes");
            assertThat(carol.get("/accounts/dave/identities").lines()).extracting(n -> n.get("identity").asText()).containsExactly("dave");
        }
    }
}
