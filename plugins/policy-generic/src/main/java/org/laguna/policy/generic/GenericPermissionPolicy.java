package org.laguna.policy.generic;

import static org.laguna.spi.policy.Actions.*;

import java.util.Set;
import org.laguna.spi.policy.CatalogueView;
import org.laguna.spi.policy.PermissionPolicy;
import org.laguna.spi.policy.PermissionRequest;

/**
 * Rucio's generic policy: administrators (root or the {@code admin} attribute) may do everything;
 * an account writes DIDs, metadata and replicas only in scopes it owns; an account may create a
 * scope for itself and sees only its own usage; only administrators manage accounts, identities,
 * limits and RSEs, list transfer requests and write to RSEs regardless of their availability. An
 * account adds unlocked rules for itself and deletes, reduces or moves its own unlocked rules; it
 * may change only the lifetime, comment, activity, priority, source expression and purge flag of
 * its rules. A rule waiting for approval is approved by an administrator or by an account named in
 * the {@code rule_approvers} attribute of the rule's RSEs. Every account may see its own
 * identities. Signed storage URLs: every account may read; an account may write a path of a file
 * in a scope it owns while the RSE holds no replica of that file there or an upload to it is under
 * way (the replica is COPYING); only administrators get URLs that delete, or write paths that
 * belong to no file. Any account may declare a replica suspicious. An account adds and changes
 * subscriptions of its own.
 */
public final class GenericPermissionPolicy implements PermissionPolicy {
    private static final Set<String> ADMIN_ONLY = Set.of(
            ADD_ACCOUNT, DEL_ACCOUNT, UPDATE_ACCOUNT, ADD_ATTRIBUTE, DEL_ATTRIBUTE,
            ADD_IDENTITY, DEL_IDENTITY,
            SET_LOCAL_ACCOUNT_LIMIT, SET_GLOBAL_ACCOUNT_LIMIT, DELETE_LOCAL_ACCOUNT_LIMIT,
            DELETE_GLOBAL_ACCOUNT_LIMIT, UPDATE_SCOPE_OWNER,
            ADD_RSE, UPDATE_RSE, DEL_RSE, ADD_RSE_ATTRIBUTE, DEL_RSE_ATTRIBUTE,
            ADD_PROTOCOL, UPDATE_PROTOCOL, DEL_PROTOCOL,
            ADD_DISTANCE, UPDATE_DISTANCE, DEL_DISTANCE, SET_RSE_LIMITS, SET_RSE_USAGE,
            DECLARE_BAD_FILE_REPLICAS, SET_TOMBSTONE, SKIP_AVAILABILITY_CHECK, LIST_REQUESTS, LIST_REQUESTS_HISTORY, CHECK_RSE,
            ADD_GROUP_MEMBER, DEL_GROUP_MEMBER);

    /** Actions an account may do about itself: the {@code account} argument must be the issuer. */
    private static final Set<String> ACCOUNT_ITSELF = Set.of(GET_LOCAL_ACCOUNT_USAGE, GET_GLOBAL_ACCOUNT_USAGE,
            ADD_SUBSCRIPTION, UPDATE_SUBSCRIPTION);

    private static final Set<String> SCOPE_OWNER = Set.of(
            ADD_DID, ADD_DIDS, ATTACH_DIDS, DETACH_DIDS, SET_STATUS, SET_METADATA, DEL_METADATA,
            ADD_REPLICAS, DELETE_REPLICAS, UPDATE_REPLICAS_STATES);

    private static final Set<String> OWNER_OPTIONS = Set.of(
            "lifetime", "comment", "activity", "priority", "source_replica_expression", "purge_replicas", "eol_at", "meta");

    private static boolean ownerMayChange(String options) {
        for (String option : options.split(",")) {
            if (!option.isEmpty() && !OWNER_OPTIONS.contains(option)) {
                return false;
            }
        }
        return true;
    }

    private static boolean ownsScope(PermissionRequest request, CatalogueView catalogue) {
        return request.argument("scope")
                .flatMap(catalogue::scopeOwner)
                .map(request.issuer()::equals)
                .orElse(false);
    }

    private static boolean maySign(PermissionRequest request, CatalogueView catalogue) {
        String operation = request.argument("operation").orElse("");
        if (operation.equals("read")) {
            return true;
        }
        if (operation.equals("write")) {
            boolean uploading = request.argument("replica_state").map("COPYING"::equals).orElse(true);
            return uploading && ownsScope(request, catalogue);
        }
        return false;
    }

    @Override
    public String name() {
        return "generic";
    }

    @Override
    public boolean isAllowed(PermissionRequest request, CatalogueView catalogue) {
        if (catalogue.isAdmin(request.issuer())) {
            return true;
        }
        String action = request.action();
        if (ADMIN_ONLY.contains(action)) {
            return false;
        }
        if (DECLARE_SUSPICIOUS_FILE_REPLICAS.equals(action)) {
            // as in Rucio: any account that read a copy may say it looked wrong; only a count of them makes it bad
            return true;
        }
        if (ADD_SCOPE.equals(action) || ACCOUNT_ITSELF.contains(action)) {
            return request.argument("account").map(request.issuer()::equals).orElse(false);
        }
        if (SCOPE_OWNER.contains(action)) {
            return ownsScope(request, catalogue);
        }
        if (GET_SIGNED_URL.equals(action)) {
            return maySign(request, catalogue);
        }
        if (LIST_IDENTITIES.equals(action)) {
            return request.argument("account").map(request.issuer()::equals).orElse(false);
        }
        if (ADD_RULE.equals(action)) {
            return request.argument("account").map(request.issuer()::equals).orElse(false)
                    && !"true".equals(request.argument("locked").orElse("false"));
        }
        if (DEL_RULE.equals(action) || REDUCE_RULE.equals(action) || MOVE_RULE.equals(action)) {
            return request.argument("rule_account").map(request.issuer()::equals).orElse(false)
                    && !"true".equals(request.argument("locked").orElse("false"));
        }
        if (UPDATE_RULE.equals(action)) {
            return request.argument("rule_account").map(request.issuer()::equals).orElse(false)
                    && request.argument("options").map(GenericPermissionPolicy::ownerMayChange).orElse(false);
        }
        if (APPROVE_RULE.equals(action)) {
            return request.argument("rule_approvers")
                    .map(list -> Set.of(list.split(",")).contains(request.issuer()))
                    .orElse(false);
        }
        // Unknown actions are denied: a new action must be named here to be allowed.
        return false;
    }
}
