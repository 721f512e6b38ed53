package org.laguna.core.account;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.laguna.core.auth.Caller;
import org.laguna.core.auth.PasswordHasher;
import org.laguna.core.common.AccountType;
import org.laguna.core.common.Names;
import org.laguna.core.db.Database;
import org.laguna.core.db.Json;
import org.laguna.core.db.JsonValues;
import org.laguna.core.db.RowMapper;
import org.laguna.core.db.Tx;
import org.laguna.core.event.EventTypes;
import org.laguna.core.event.Outbox;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rse.RseRepository;
import org.laguna.core.rse.RseResolver;
import org.laguna.core.rse.expression.RseCandidate;
import org.laguna.core.rse.expression.RseExpression;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/** Use cases of accounts: lifecycle, attributes, identities, limits and usage. */
public final class AccountService {
    private static final RowMapper<Account> ACCOUNT = rs -> new Account(rs.getString("account"), rs.getString("vo"),
            rs.getString("account_type"), rs.getString("status"), rs.getString("email"), Tx.instant(rs, "suspended_at"),
            Tx.instant(rs, "deleted_at"), Tx.instant(rs, "created_at"), Tx.instant(rs, "updated_at"));

    private final Database database;
    private final Permissions permissions;
    private final Clock clock;
    private final PasswordHasher passwords;
    private final RseRepository rses = new RseRepository();
    private final RseResolver resolver = new RseResolver(rses);
    private final List<Consumer<String>> accountRemovedListeners = new ArrayList<>();
    private final boolean identitiesVisibleToAll;

    /**
     * @param identitiesVisibleToAll every account sees the identities and e-mail addresses of the
     *     others; if false, the policy decides ({@link Actions#LIST_IDENTITIES}: in the generic one,
     *     administrators and the account itself)
     */
    public AccountService(Database database, Permissions permissions, Clock clock, boolean identitiesVisibleToAll,
            PasswordHasher passwords) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.identitiesVisibleToAll = identitiesVisibleToAll;
        this.passwords = Objects.requireNonNull(passwords, "passwords is null");
    }

    /** True if the caller may see the identities and e-mail address of the account (of every account when it is null). */
    private boolean mayListIdentities(Tx tx, Caller caller, String account) {
        return identitiesVisibleToAll || permissions.allows(tx, caller, Actions.LIST_IDENTITIES, "account", account);
    }

    private static Account withoutEmail(Account account) {
        return new Account(account.account(), account.vo(), account.accountType(), account.status(), null,
                account.suspendedAt(), account.deletedAt(), account.createdAt(), account.updatedAt());
    }

    /**
     * Called with the account's name after its status changes, it is deleted or it loses an
     * identity (token caches forget its tokens).
     */
    public void onAccountRemoved(Consumer<String> listener) {
        accountRemovedListeners.add(listener);
    }

    public void add(Caller caller, String account, String type, String email) {
        Names.account(account);
        AccountType accountType = AccountType.parse(type);
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.ADD_ACCOUNT, "account", account);
            if (tx.exists("select 1 from accounts where account = ?", account)) {
                throw new LagunaException(ErrorCode.DUPLICATE, "Account ID '" + account + "' already exists!");
            }
            tx.update("insert into accounts (account, vo, account_type, email) values (?, ?, ?, ?)",
                    account, caller.vo(), accountType.name(), email);
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("account", account);
            payload.put("account_type", accountType.name());
            payload.put("email", email);
            payload.put("issuer", caller.account());
            Outbox.emit(tx, EventTypes.ACCOUNT_REGISTERED, "account:" + account, payload, clock.instant());
        });
    }

    /** The account; its e-mail address only for those who may see its identities. */
    public Account get(Caller caller, String account) {
        return database.readOnly(tx -> {
            Account found = require(tx, account);
            return mayListIdentities(tx, caller, account) ? found : withoutEmail(found);
        });
    }

    private Account require(Tx tx, String account) {
        return tx.queryOne("select * from accounts where account = ? and status <> 'DELETED'", ACCOUNT, account)
                .orElseThrow(() -> new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account with ID '" + account + "' cannot be found"));
    }

    /** Every account of the caller's VO; e-mail addresses only of the caller, unless it may see everyone's identities. */
    /**
     * The accounts matching Rucio's list filters: {@code account_type}, {@code account} (with {@code *} wildcards),
     * {@code identity}, and any other key as an account attribute of that value ({@code true}/{@code false} match
     * boolean attributes and those words whatever their case).
     */
    public void list(Caller caller, Map<String, String> filters, Consumer<Account> sink) {
        StringBuilder sql = new StringBuilder("select * from accounts a where vo = ? and status <> 'DELETED'");
        List<Object> params = new ArrayList<>(List.of(caller.vo()));
        filters.forEach((key, value) -> {
            switch (key) {
                case "account_type" -> {
                    sql.append(" and account_type = ?");
                    params.add(AccountType.parse(value).name());
                }
                case "account" -> {
                    sql.append(" and account like ? escape '\\'");
                    params.add(value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace('*', '%'));
                }
                case "identity" -> {
                    sql.append(" and exists (select 1 from account_map m where m.account = a.account and m.identity = ?)");
                    params.add(value);
                }
                default -> {
                    sql.append(" and exists (select 1 from account_attrs t where t.account = a.account and t.key = ? and (t.value #>> '{}' = ? "
                            + "or (lower(?) in ('true', 'false') and lower(t.value #>> '{}') = lower(?))))");
                    params.addAll(List.of(key, value, value, value));
                }
            }
        });
        database.readOnly(tx -> {
            boolean emails = mayListIdentities(tx, caller, null);
            Consumer<Account> shown = emails ? sink
                    : account -> sink.accept(account.account().equals(caller.account()) ? account : withoutEmail(account));
            tx.stream(sql + " order by account", ACCOUNT, shown, params.toArray());
            return null;
        });
    }

    public void update(Caller caller, String account, String key, String value) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.UPDATE_ACCOUNT, "account", account);
            require(tx, account);
            switch (key) {
                case "email" -> tx.update("update accounts set email = ?, updated_at = ? where account = ?", value, clock.instant(), account);
                case "status" -> {
                    String status = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!status.equals("ACTIVE") && !status.equals("SUSPENDED")) {
                        throw new LagunaException(ErrorCode.VALUE_ERROR, "Unknown value " + value + ": status is ACTIVE or SUSPENDED");
                    }
                    tx.update("update accounts set status = ?, suspended_at = ?, updated_at = ? where account = ?", status,
                            status.equals("SUSPENDED") ? clock.instant() : null, clock.instant(), account);
                    if (status.equals("SUSPENDED")) {
                        tx.update("delete from tokens where account = ?", account);
                    }
                }
                default -> throw new LagunaException(ErrorCode.VALUE_ERROR, "Unknown key " + key + ": only status and email can change");
            }
        });
        if ("status".equals(key)) {
            permissions.groups().forgetAll();
            accountRemovedListeners.forEach(l -> l.accept(account));
        }
    }

    public void delete(Caller caller, String account) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DEL_ACCOUNT, "account", account);
            require(tx, account);
            tx.update("update accounts set status = 'DELETED', deleted_at = ?, updated_at = ? where account = ?",
                    clock.instant(), clock.instant(), account);
            tx.update("delete from tokens where account = ?", account);
        });
        permissions.groups().forgetAll();
        accountRemovedListeners.forEach(l -> l.accept(account));
    }

    public Map<String, Object> attributes(Caller caller, String account) {
        return database.readOnly(tx -> {
            require(tx, account);
            Map<String, Object> attributes = new LinkedHashMap<>();
            tx.query("select key, value::text from account_attrs where account = ? order by key",
                    rs -> attributes.put(rs.getString(1), JsonValues.read(rs.getString(2))), account);
            return attributes;
        });
    }

    public void addAttribute(Caller caller, String account, String key, Object value) {
        Names.attributeKey(key);
        if (value == null) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "value not defined");
        }
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.ADD_ATTRIBUTE, "account", account, "key", key);
            require(tx, account);
            if (tx.exists("select 1 from account_attrs where account = ? and key = ?", account, key)) {
                throw new LagunaException(ErrorCode.DUPLICATE, "Attribute '" + key + "' of account " + account + " already exists");
            }
            tx.update("insert into account_attrs (account, key, value) values (?, ?, ?)", account, key, new Json(JsonValues.write(value)));
        });
        permissions.groups().forget(account);
    }

    public void deleteAttribute(Caller caller, String account, String key) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DEL_ATTRIBUTE, "account", account, "key", key);
            require(tx, account);
            if (tx.update("delete from account_attrs where account = ? and key = ?", account, key) == 0) {
                throw new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Attribute (" + key + ") of account " + account + " not found");
            }
        });
        permissions.groups().forget(account);
    }

    /** An identity mapped to an account. */
    public record Identity(String identity, String type, String email, boolean isDefault) {
    }

    /** The identities of an account, for those who may see them (see {@link Actions#LIST_IDENTITIES}). */
    public List<Identity> identities(Caller caller, String account) {
        return database.readOnly(tx -> {
            require(tx, account);
            if (!identitiesVisibleToAll) {
                permissions.check(tx, caller, Actions.LIST_IDENTITIES, "account", account);
            }
            return tx.query("select i.identity, i.identity_type, i.email, m.is_default from account_map m"
                    + " join identities i on i.identity = m.identity and i.identity_type = m.identity_type"
                    + " where m.account = ? and not i.deleted order by i.identity_type, i.identity",
                    rs -> new Identity(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)), account);
        });
    }

    /** Adds an identity to an account; USERPASS identities need a password. */
    public void addIdentity(Caller caller, String account, String identity, String type, String email, String password, boolean isDefault) {
        if (identity == null || identity.isBlank()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "identity not defined");
        }
        String identityType = type == null ? "" : type.toUpperCase(Locale.ROOT);
        if (!List.of("X509", "GSS", "USERPASS", "SSH", "OIDC").contains(identityType)) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "Invalid identity type '" + type + "'. Valid types are: X509, GSS, USERPASS, SSH, OIDC");
        }
        if (identityType.equals("USERPASS") && (password == null || password.isEmpty())) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "A USERPASS identity needs a password");
        }
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.ADD_IDENTITY, "account", account);
            require(tx, account);
            boolean exists = tx.exists("select 1 from identities where identity = ? and identity_type = ?", identity, identityType);
            if (!exists) {
                tx.update("insert into identities (identity, identity_type, username, password_hash, email) values (?, ?, ?, ?, ?)",
                        identity, identityType, identityType.equals("USERPASS") ? identity : null,
                        identityType.equals("USERPASS") ? passwords.hash(password) : null, email);
            } else if (identityType.equals("USERPASS")) {
                boolean samePassword = tx.queryOne("select password_hash from identities where identity = ? and identity_type = 'USERPASS'",
                        rs -> rs.getString(1), identity).map(hash -> passwords.matches(password, hash)).orElse(false);
                if (!samePassword) {
                    throw new LagunaException(ErrorCode.DUPLICATE, "Identity '" + identity + "' of type USERPASS already exists with another password");
                }
            }
            if (tx.exists("select 1 from account_map where identity = ? and identity_type = ? and account = ?", identity, identityType, account)) {
                throw new LagunaException(ErrorCode.DUPLICATE, "Identity '" + identity + "' (" + identityType + ") is already mapped to " + account);
            }
            tx.update("insert into account_map (identity, identity_type, account, is_default) values (?, ?, ?, ?)",
                    identity, identityType, account, isDefault);
        });
    }

    /** Unmaps an identity from an account and revokes the account's tokens issued to that identity. */
    public void deleteIdentity(Caller caller, String account, String identity, String type) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DEL_IDENTITY, "account", account);
            if (tx.update("delete from account_map where account = ? and identity = ? and identity_type = ?",
                    account, identity, type == null ? "" : type.toUpperCase(Locale.ROOT)) == 0) {
                throw new LagunaException(ErrorCode.IDENTITY_NOT_FOUND, "Identity '" + identity + "' is not mapped to account " + account);
            }
            tx.update("delete from tokens where account = ? and identity = ?", account, identity);
        });
        accountRemovedListeners.forEach(l -> l.accept(account));
    }

    /** The accounts an identity maps to, of those whose identities the caller may see. */
    public List<String> accountsOfIdentity(Caller caller, String identity, String type) {
        return database.readOnly(tx -> {
            List<String> accounts = tx.query("select account from account_map where identity = ? and identity_type = ? order by account",
                    rs -> rs.getString(1), identity, type == null ? "" : type.toUpperCase(Locale.ROOT));
            return accounts.stream().filter(account -> mayListIdentities(tx, caller, account)).toList();
        });
    }

    /** Local limits by RSE name; -1 means unlimited. */
    public Map<String, Long> localLimits(Caller caller, String account, Optional<String> rse) {
        return database.readOnly(tx -> {
            require(tx, account);
            Map<String, Long> limits = new LinkedHashMap<>();
            if (rse.isPresent()) {
                UUID id = rses.require(tx, caller.vo(), rse.get()).id();
                limits.put(rse.get(), tx.queryOne("select bytes from account_limits where account = ? and rse_id = ?",
                        r -> r.getLong(1), account, id).orElse(null));
                return limits;
            }
            tx.query("select r.rse, l.bytes from account_limits l join rses r on r.id = l.rse_id where l.account = ? and not r.deleted order by r.rse",
                    rs -> limits.put(rs.getString(1), rs.getLong(2)), account);
            return limits;
        });
    }

    public void setLocalLimit(Caller caller, String account, String rse, long bytes) {
        checkBytes(bytes);
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.SET_LOCAL_ACCOUNT_LIMIT, "account", account, "rse", rse);
            require(tx, account);
            UUID id = rses.require(tx, caller.vo(), rse).id();
            tx.update("insert into account_limits (account, rse_id, bytes, updated_at) values (?, ?, ?, ?)"
                    + " on conflict (account, rse_id) do update set bytes = excluded.bytes, updated_at = excluded.updated_at",
                    account, id, bytes, clock.instant());
        });
    }

    public void deleteLocalLimit(Caller caller, String account, String rse) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DELETE_LOCAL_ACCOUNT_LIMIT, "account", account, "rse", rse);
            UUID id = rses.require(tx, caller.vo(), rse).id();
            if (tx.update("delete from account_limits where account = ? and rse_id = ?", account, id) == 0) {
                throw new LagunaException(ErrorCode.NOT_FOUND, "Account " + account + " has no limit on " + rse);
            }
        });
    }

    /** A global limit: its bytes and the RSEs its expression resolves to now. */
    public record GlobalLimit(List<String> resolvedRses, long limit) {
        public GlobalLimit {
            resolvedRses = List.copyOf(resolvedRses);
        }
    }

    /** Global limits by expression, in the order of the expressions. */
    public Map<String, GlobalLimit> globalLimits(Caller caller, String account, Optional<String> expression) {
        return database.readOnly(tx -> {
            require(tx, account);
            Map<String, GlobalLimit> limits = new LinkedHashMap<>();
            List<RseCandidate> candidates = rses.candidates(tx, caller.vo());
            tx.query("select rse_expression, bytes from account_glob_limits where account = ?"
                    + (expression.isPresent() ? " and rse_expression = ?" : "") + " order by rse_expression",
                    rs -> {
                        limits.put(rs.getString(1), new GlobalLimit(
                                RseExpression.parse(rs.getString(1)).resolveOrEmpty(candidates).stream().map(RseCandidate::name).toList(),
                                rs.getLong(2)));
                        return null;
                    }, expression.isPresent() ? new Object[] {account, expression.get()} : new Object[] {account});
            return limits;
        });
    }

    public void setGlobalLimit(Caller caller, String account, String expression, long bytes) {
        checkBytes(bytes);
        RseExpression.parse(expression);
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.SET_GLOBAL_ACCOUNT_LIMIT, "account", account, "rse_expression", expression);
            require(tx, account);
            tx.update("insert into account_glob_limits (account, rse_expression, bytes, updated_at) values (?, ?, ?, ?)"
                    + " on conflict (account, rse_expression) do update set bytes = excluded.bytes, updated_at = excluded.updated_at",
                    account, expression, bytes, clock.instant());
        });
    }

    public void deleteGlobalLimit(Caller caller, String account, String expression) {
        database.inTransactionVoid(tx -> {
            permissions.check(tx, caller, Actions.DELETE_GLOBAL_ACCOUNT_LIMIT, "account", account, "rse_expression", expression);
            if (tx.update("delete from account_glob_limits where account = ? and rse_expression = ?", account, expression) == 0) {
                throw new LagunaException(ErrorCode.NOT_FOUND, "Account " + account + " has no limit on " + expression);
            }
        });
    }

    /** Usage on one RSE, with its limit. */
    public record Usage(String rse, UUID rseId, long bytes, long files, Long bytesLimit) {
    }

    /** Usage per RSE that has a limit or usage for the account (or the one RSE asked for); for the account itself and administrators. */
    public List<Usage> localUsage(Caller caller, String account, Optional<String> rse) {
        return database.readOnly(tx -> {
            require(tx, account);
            permissions.check(tx, caller, Actions.GET_LOCAL_ACCOUNT_USAGE, "account", account);
            List<Object> params = new ArrayList<>(List.of(account, account, caller.vo()));
            String filter = "";
            if (rse.isPresent()) {
                params.add(rses.require(tx, caller.vo(), rse.get()).id());
                filter = " and r.id = ?";
            }
            return tx.query("select r.rse, r.id, coalesce(u.bytes, 0), coalesce(u.files, 0), l.bytes from rses r"
                    + " left join account_usage u on u.rse_id = r.id and u.account = ?"
                    + " left join account_limits l on l.rse_id = r.id and l.account = ?"
                    + " where r.vo = ? and not r.deleted and (u.account is not null or l.account is not null" + (rse.isPresent() ? " or true" : "") + ")"
                    + filter + " order by r.rse",
                    rs -> new Usage(rs.getString(1), rs.getObject(2, UUID.class), rs.getLong(3), rs.getLong(4), Tx.longOrNull(rs, "bytes")),
                    params.toArray());
        });
    }

    /** Usage against global limits, for the account itself and administrators: none is kept yet, so the list is empty. */
    public List<Usage> globalUsage(Caller caller, String account) {
        return database.readOnly(tx -> {
            require(tx, account);
            permissions.check(tx, caller, Actions.GET_GLOBAL_ACCOUNT_USAGE, "account", account);
            return List.<Usage>of();
        });
    }

    private static void checkBytes(long bytes) {
        if (bytes < -1) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "bytes must be -1 (unlimited) or more, got " + bytes);
        }
    }
}
