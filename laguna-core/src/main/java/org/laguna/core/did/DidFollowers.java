package org.laguna.core.did;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Accounts following a DID (Rucio's {@code add_did_to_followed}, {@code remove_did_from_followed},
 * {@code get_users_following_did}). Anyone may read who follows a DID, as in Rucio; an account
 * follows or stops following for itself, administrators for any account (Rucio lets any account
 * add any other as a follower).
 */
public final class DidFollowers {
    private final Database database;
    private final Permissions permissions;
    private final Clock clock;

    public DidFollowers(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** The accounts following the DID, by name. */
    public List<String> followers(Caller caller, DidKey did) {
        return database.readOnly(tx -> {
            didType(tx, did);
            return tx.query("select account from dids_followed where scope = ? and name = ? order by account",
                    rs -> rs.getString(1), did.scope(), did.name());
        });
    }

    /** Makes the account follow the DID; following it again changes nothing. */
    public void follow(Caller caller, DidKey did, String account) {
        database.inTransactionVoid(tx -> {
            String type = didType(tx, did);
            checkAccount(tx, caller, account, "follow");
            tx.update("insert into dids_followed (scope, name, account, did_type, created_at) values (?, ?, ?, ?, ?) "
                    + "on conflict do nothing", did.scope(), did.name(), account, type, Timestamp.from(clock.instant()));
            permissions.recordChange(tx, caller, "follow_did", "scope", did.scope(), "name", did.name(), "account", account);
        });
    }

    /** Makes the account stop following the DID; {@code DataIdentifierNotFound} when it did not follow it. */
    public void unfollow(Caller caller, DidKey did, String account) {
        database.inTransactionVoid(tx -> {
            didType(tx, did);
            checkAccount(tx, caller, account, "stop following");
            if (tx.update("delete from dids_followed where scope = ? and name = ? and account = ?", did.scope(), did.name(), account) == 0) {
                throw new LagunaException(ErrorCode.DATA_IDENTIFIER_NOT_FOUND,
                        "Account " + account + " does not follow data identifier '" + did + "'");
            }
            permissions.recordChange(tx, caller, "unfollow_did", "scope", did.scope(), "name", did.name(), "account", account);
        });
    }

    private static String didType(Tx tx, DidKey did) {
        return tx.queryOne("select did_type from dids where scope = ? and name = ?", rs -> rs.getString(1), did.scope(), did.name())
                .orElseThrow(() -> new LagunaException(ErrorCode.DATA_IDENTIFIER_NOT_FOUND, "Data identifier '" + did + "' not found"));
    }

    private void checkAccount(Tx tx, Caller caller, String account, String what) {
        if (!tx.exists("select 1 from accounts where account = ? and vo = ?", account, caller.vo())) {
            throw new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account " + account + " does not exist");
        }
        if (!account.equals(caller.account()) && !permissions.isAdmin(tx, caller)) {
            throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not make " + account + " " + what
                    + " data identifiers");
        }
    }
}
