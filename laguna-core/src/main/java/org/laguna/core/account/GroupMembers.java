package org.laguna.core.account;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.Names;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/**
 * The members of GROUP accounts (a Laguna extension): administrators add and remove them, every
 * account sees them. A permission policy file treats the members as belonging to the group
 * ({@code member_of}, {@code {group}}); the permission check reads them from a cache that a change
 * here clears at once.
 */
public final class GroupMembers {
    private final Database database;
    private final Permissions permissions;

    public GroupMembers(Database database, Permissions permissions) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
    }

    /** A member of a group, or a group of an account, with the time it joined. */
    public record Membership(String account, String accountType, Instant since) {
    }

    /** Makes {@code member} a member of the GROUP account {@code group}. */
    public void add(Caller caller, String group, String member) {
        Names.account(group);
        Names.account(member);
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.ADD_GROUP_MEMBER, "group", group, "account", member);
            requireGroup(tx, caller, group);
            requireAccount(tx, caller, member);
            if (group.equals(member)) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "Group " + group + " can not be a member of itself");
            }
            if (tx.update("insert into group_members (group_account, member) values (?, ?) on conflict do nothing", group, member) == 0) {
                throw new LagunaException(ErrorCode.DUPLICATE, "Account " + member + " is already a member of group " + group);
            }
        });
        permissions.groups().forget(member);
    }

    /** Removes {@code member} from the GROUP account {@code group}. */
    public void remove(Caller caller, String group, String member) {
        Names.account(group);
        Names.account(member);
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DEL_GROUP_MEMBER, "group", group, "account", member);
            requireGroup(tx, caller, group);
            if (tx.update("delete from group_members where group_account = ? and member = ?", group, member) == 0) {
                throw new LagunaException(ErrorCode.NOT_FOUND, "Account " + member + " is not a member of group " + group);
            }
        });
        permissions.groups().forget(member);
    }

    /** The members of a GROUP account, by name. */
    public List<Membership> members(Caller caller, String group) {
        Names.account(group);
        return database.readOnly(tx -> {
            requireGroup(tx, caller, group);
            return tx.query("select a.account, a.account_type, m.created_at from group_members m join accounts a on a.account = m.member"
                    + " where m.group_account = ? and a.status <> 'DELETED' order by a.account",
                    rs -> new Membership(rs.getString(1), rs.getString(2), Tx.instant(rs, "created_at")), group);
        });
    }

    /** The GROUP accounts an account is a member of, by name. */
    public List<Membership> groupsOf(Caller caller, String account) {
        Names.account(account);
        return database.readOnly(tx -> {
            requireAccount(tx, caller, account);
            return tx.query("select g.account, g.account_type, m.created_at from group_members m join accounts g on g.account = m.group_account"
                    + " where m.member = ? and g.status <> 'DELETED' order by g.account",
                    rs -> new Membership(rs.getString(1), rs.getString(2), Tx.instant(rs, "created_at")), account);
        });
    }

    private static void requireGroup(Tx tx, Caller caller, String group) {
        String type = requireAccount(tx, caller, group);
        if (!type.equals("GROUP")) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Account " + group + " is a " + type + " account, not a GROUP account: it has no members");
        }
    }

    private static String requireAccount(Tx tx, Caller caller, String account) {
        return tx.queryOne("select account_type from accounts where account = ? and vo = ? and status <> 'DELETED'",
                rs -> rs.getString(1), account, caller.vo())
                .orElseThrow(() -> new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account with ID '" + account + "' cannot be found"));
    }
}
