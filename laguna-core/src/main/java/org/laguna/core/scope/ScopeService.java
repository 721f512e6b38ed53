package org.laguna.core.scope;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.Names;
import org.laguna.core.db.Database;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/** Use cases of scopes: namespaces owned by accounts. */
public final class ScopeService {
    private final Database database;
    private final Permissions permissions;
    private final Clock clock;

    public ScopeService(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    public void add(Caller caller, String account, String scope) {
        Names.scope(scope);
        Names.account(account);
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.ADD_SCOPE, "account", account, "scope", scope);
            if (!tx.exists("select 1 from accounts where account = ? and status <> 'DELETED'", account)) {
                throw new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account ID '" + account + "' does not exist");
            }
            if (tx.exists("select 1 from scopes where scope = ?", scope)) {
                throw new LagunaException(ErrorCode.DUPLICATE, "Scope '" + scope + "' already exists!");
            }
            tx.update("insert into scopes (scope, vo, account, created_at) values (?, ?, ?, ?)", scope, caller.vo(), account, clock.instant());
        });
    }

    public List<String> list(Caller caller) {
        return database.readOnly(tx -> tx.query("select scope from scopes where vo = ? and status <> 'DELETED' order by scope",
                rs -> rs.getString(1), caller.vo()));
    }

    /** Every scope with its owner. */
    public List<Map<String, String>> owners(Caller caller) {
        return database.readOnly(tx -> tx.query("select scope, account from scopes where vo = ? and status <> 'DELETED' order by scope",
                rs -> {
                    Map<String, String> owner = new LinkedHashMap<>();
                    owner.put("scope", rs.getString(1));
                    owner.put("account", rs.getString(2));
                    return owner;
                }, caller.vo()));
    }

    public List<String> listFor(Caller caller, String account) {
        return database.readOnly(tx -> {
            if (!tx.exists("select 1 from accounts where account = ? and status <> 'DELETED'", account)) {
                throw new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account ID '" + account + "' does not exist");
            }
            List<String> scopes = tx.query("select scope from scopes where account = ? and status <> 'DELETED' order by scope",
                    rs -> rs.getString(1), account);
            if (scopes.isEmpty()) {
                throw new LagunaException(ErrorCode.SCOPE_NOT_FOUND, "no scopes found for account ID '" + account + "'");
            }
            return scopes;
        });
    }

    public void changeOwner(Caller caller, String account, String scope) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.UPDATE_SCOPE_OWNER, "account", account, "scope", scope);
            if (!tx.exists("select 1 from accounts where account = ? and status <> 'DELETED'", account)) {
                throw new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account ID '" + account + "' does not exist");
            }
            if (tx.update("update scopes set account = ? where scope = ?", account, scope) == 0) {
                throw new LagunaException(ErrorCode.SCOPE_NOT_FOUND, "Scope '" + scope + "' does not exist");
            }
        });
    }
}
