package org.laguna.policy.generic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.laguna.spi.policy.Actions;
import org.laguna.spi.policy.CatalogueView;
import org.laguna.spi.policy.PermissionRequest;
import org.junit.jupiter.api.Test;

class GenericPermissionPolicyTest {
    private final GenericPermissionPolicy policy = new GenericPermissionPolicy();
    private final CatalogueView catalogue = new FakeCatalogue(Set.of("root", "ops"), Map.of("user.jdoe", "jdoe", "cygno", "ops"));

    @Test
    void adminsMayManageRses() {
        assertThat(policy.isAllowed(PermissionRequest.of("ops", "def", Actions.ADD_RSE, "rse", "X"), catalogue)).isTrue();
    }

    @Test
    void usersMayNotManageRsesOrAccounts() {
        assertThat(policy.isAllowed(PermissionRequest.of("jdoe", "def", Actions.ADD_RSE, "rse", "X"), catalogue)).isFalse();
        assertThat(policy.isAllowed(PermissionRequest.of("jdoe", "def", Actions.ADD_ACCOUNT, "account", "x"), catalogue)).isFalse();
    }

    @Test
    void usersWriteDidsOnlyInScopesTheyOwn() {
        assertThat(policy.isAllowed(PermissionRequest.of("jdoe", "def", Actions.ADD_DID, "scope", "user.jdoe"), catalogue)).isTrue();
        assertThat(policy.isAllowed(PermissionRequest.of("jdoe", "def", Actions.ADD_DID, "scope", "cygno"), catalogue)).isFalse();
        assertThat(policy.isAllowed(PermissionRequest.of("jdoe", "def", Actions.ADD_DID, "scope", "missing"), catalogue)).isFalse();
    }

    @Test
    void usersMayCreateScopesOnlyForThemselves() {
        assertThat(policy.isAllowed(PermissionRequest.of("jdoe", "def", Actions.ADD_SCOPE, "account", "jdoe", "scope", "s"), catalogue)).isTrue();
        assertThat(policy.isAllowed(PermissionRequest.of("jdoe", "def", Actions.ADD_SCOPE, "account", "ops", "scope", "s"), catalogue)).isFalse();
    }

    @Test
    void usersSeeOnlyTheirOwnUsage() {
        for (String action : new String[] {Actions.GET_LOCAL_ACCOUNT_USAGE, Actions.GET_GLOBAL_ACCOUNT_USAGE}) {
            assertThat(allowed("jdoe", action, "account", "jdoe")).as(action).isTrue();
            assertThat(allowed("jdoe", action, "account", "ops")).as(action).isFalse();
            assertThat(allowed("ops", action, "account", "jdoe")).as(action).isTrue();
        }
    }

    @Test
    void onlyAdminsListTransferRequests() {
        assertThat(allowed("jdoe", Actions.LIST_REQUESTS)).isFalse();
        assertThat(allowed("jdoe", Actions.LIST_REQUESTS_HISTORY)).isFalse();
        assertThat(allowed("ops", Actions.LIST_REQUESTS)).isTrue();
    }

    @Test
    void onlyAdminsIgnoreAnRsesAvailability() {
        assertThat(allowed("jdoe", Actions.SKIP_AVAILABILITY_CHECK, "rse", "X")).isFalse();
        assertThat(allowed("ops", Actions.SKIP_AVAILABILITY_CHECK, "rse", "X")).isTrue();
    }

    private boolean allowed(String issuer, String action, String... arguments) {
        return policy.isAllowed(PermissionRequest.of(issuer, "def", action, arguments), catalogue);
    }

    @Test
    void usersAddUnlockedRulesForThemselvesOnly() {
        assertThat(allowed("jdoe", Actions.ADD_RULE, "account", "jdoe", "locked", "false")).isTrue();
        assertThat(allowed("jdoe", Actions.ADD_RULE, "account", "jdoe", "locked", "true")).isFalse();
        assertThat(allowed("jdoe", Actions.ADD_RULE, "account", "ops", "locked", "false")).isFalse();
        assertThat(allowed("ops", Actions.ADD_RULE, "account", "jdoe", "locked", "true")).isTrue();
    }

    @Test
    void usersDeleteReduceAndMoveTheirOwnUnlockedRules() {
        for (String action : new String[] {Actions.DEL_RULE, Actions.REDUCE_RULE, Actions.MOVE_RULE}) {
            assertThat(allowed("jdoe", action, "rule_account", "jdoe", "locked", "false")).as(action).isTrue();
            assertThat(allowed("jdoe", action, "rule_account", "jdoe", "locked", "true")).as(action).isFalse();
            assertThat(allowed("jdoe", action, "rule_account", "ops", "locked", "false")).as(action).isFalse();
        }
    }

    @Test
    void ownersChangeOnlyHarmlessOptionsOfTheirRules() {
        assertThat(allowed("jdoe", Actions.UPDATE_RULE, "rule_account", "jdoe", "options", "comment,lifetime")).isTrue();
        assertThat(allowed("jdoe", Actions.UPDATE_RULE, "rule_account", "jdoe", "options", "locked")).isFalse();
        assertThat(allowed("jdoe", Actions.UPDATE_RULE, "rule_account", "jdoe", "options", "account,comment")).isFalse();
        assertThat(allowed("jdoe", Actions.UPDATE_RULE, "rule_account", "ops", "options", "comment")).isFalse();
        assertThat(allowed("ops", Actions.UPDATE_RULE, "rule_account", "jdoe", "options", "locked,state")).isTrue();
    }

    @Test
    void ruleApproversNamedByTheRsesApproveRules() {
        assertThat(allowed("jdoe", Actions.APPROVE_RULE, "rule_account", "x", "rule_approvers", "alice,jdoe")).isTrue();
        assertThat(allowed("jdoe", Actions.APPROVE_RULE, "rule_account", "x", "rule_approvers", "alice")).isFalse();
        assertThat(allowed("jdoe", Actions.APPROVE_RULE, "rule_account", "jdoe")).isFalse();
        assertThat(allowed("ops", Actions.APPROVE_RULE, "rule_account", "x")).isTrue();
    }

    @Test
    void everyAccountGetsSignedUrlsToReadButOnlyAdminsToDelete() {
        assertThat(allowed("jdoe", Actions.GET_SIGNED_URL, "operation", "read", "scope", "cygno", "name", "f", "replica_state", "AVAILABLE"))
                .isTrue();
        assertThat(allowed("jdoe", Actions.GET_SIGNED_URL, "operation", "read")).isTrue();
        assertThat(allowed("jdoe", Actions.GET_SIGNED_URL, "operation", "delete", "scope", "user.jdoe", "name", "f", "replica_state", "COPYING"))
                .isFalse();
        assertThat(allowed("ops", Actions.GET_SIGNED_URL, "operation", "delete", "scope", "user.jdoe", "name", "f", "replica_state", "AVAILABLE"))
                .isTrue();
        assertThat(allowed("jdoe", Actions.GET_SIGNED_URL, "operation", "steal")).isFalse();
    }

    @Test
    void signedUrlsToWriteGoToScopeOwnersUploadingOrAddingAReplica() {
        assertThat(allowed("jdoe", Actions.GET_SIGNED_URL, "operation", "write", "scope", "user.jdoe", "name", "f", "replica_state", "COPYING"))
                .isTrue();
        assertThat(allowed("jdoe", Actions.GET_SIGNED_URL, "operation", "write", "scope", "user.jdoe", "name", "f")).isTrue();
        assertThat(allowed("jdoe", Actions.GET_SIGNED_URL, "operation", "write", "scope", "user.jdoe", "name", "f", "replica_state", "AVAILABLE"))
                .isFalse();
        assertThat(allowed("jdoe", Actions.GET_SIGNED_URL, "operation", "write", "scope", "cygno", "name", "f", "replica_state", "COPYING"))
                .isFalse();
        assertThat(allowed("jdoe", Actions.GET_SIGNED_URL, "operation", "write")).isFalse();
        assertThat(allowed("ops", Actions.GET_SIGNED_URL, "operation", "write")).isTrue();
    }

    @Test
    void accountsSeeTheirOwnIdentitiesOnly() {
        assertThat(allowed("jdoe", Actions.LIST_IDENTITIES, "account", "jdoe")).isTrue();
        assertThat(allowed("jdoe", Actions.LIST_IDENTITIES, "account", "ops")).isFalse();
        assertThat(allowed("ops", Actions.LIST_IDENTITIES, "account", "jdoe")).isTrue();
    }

    @Test
    void unknownActionsAreDeniedToUsers() {
        assertThat(policy.isAllowed(PermissionRequest.of("jdoe", "def", "launch_rocket"), catalogue)).isFalse();
    }

    private record FakeCatalogue(Set<String> admins, Map<String, String> scopeOwners) implements CatalogueView {
        @Override
        public boolean isAdmin(String account) {
            return admins.contains(account);
        }

        @Override
        public Optional<String> scopeOwner(String scope) {
            return Optional.ofNullable(scopeOwners.get(scope));
        }

        @Override
        public Map<String, String> accountAttributes(String account) {
            return Map.of();
        }

        @Override
        public Map<String, String> rseAttributes(String rse) {
            return Map.of();
        }
    }
}
