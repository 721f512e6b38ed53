package org.laguna.core.permission;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.auth.Caller;
import org.laguna.core.auth.oidc.TokenGrants;
import org.laguna.core.db.Database;
import org.laguna.core.permission.declarative.Decision;
import org.laguna.core.permission.declarative.PolicyDocument;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Answers, for administrators, whether an account may perform an action with given arguments
 * under the permission policy in force, and which statement decided.
 */
public final class PolicyExplainer {
    private final Database database;
    private final Permissions permissions;

    public PolicyExplainer(Database database, Permissions permissions) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
    }

    /**
     * @param arguments the action's arguments ({@code scope}, {@code name}, {@code rse}, {@code rse_expression}, ...)
     * @param grants what the account's token would grant (scopes, wlcg.groups), {@link TokenGrants#NONE} for none
     */
    public Decision explain(Caller caller, String account, String action, Map<String, String> arguments, TokenGrants grants) {
        if (!PolicyDocument.KNOWN_ACTIONS.contains(action)) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "No action is named '" + action + "'; actions are "
                    + PolicyDocument.KNOWN_ACTIONS.stream().sorted().toList());
        }
        return database.readOnly(tx -> {
            if (!permissions.isAdmin(tx, caller)) {
                throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not explain the permission policy");
            }
            if (!tx.exists("select 1 from accounts where account = ? and status <> 'DELETED'", account)) {
                throw new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account with ID '" + account + "' cannot be found");
            }
            List<String> keyValues = new ArrayList<>();
            arguments.forEach((k, v) -> {
                keyValues.add(k);
                keyValues.add(v);
            });
            Caller asked = new Caller(account, caller.vo(), account, "", Instant.MAX, grants);
            return permissions.explain(tx, asked, action, keyValues.toArray(String[]::new));
        });
    }
}
