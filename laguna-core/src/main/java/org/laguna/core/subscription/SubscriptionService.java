package org.laguna.core.subscription;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.db.JsonValues;
import org.laguna.core.db.SqlErrors;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.core.rule.RuleState;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;
import org.laguna.spi.policy.Actions;

/**
 * Use cases of subscriptions: an account's standing order "every new DID like this gets these
 * rules", which the transmogrifier carries out. Filters and rules are checked when written, so
 * the daemon only meets valid ones.
 */
public final class SubscriptionService {
    /** Longest subscription name, as Rucio's column. */
    public static final int NAME_LENGTH = 64;
    private static final long MAX_LIFETIME_DAYS = 365L * 1000;

    private final Database database;
    private final Permissions permissions;
    private final Clock clock;

    public SubscriptionService(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /**
     * Adds a subscription of {@code account}; options are Rucio's: filter and replication_rules
     * (required), comments, lifetime (days), retroactive, dry_run (stored INACTIVE), priority.
     */
    public UUID add(Caller caller, String account, String name, Map<String, Object> options) {
        checkName(name);
        if (!options.containsKey("filter") || !options.containsKey("replication_rules")) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "a subscription needs a filter and replication_rules");
        }
        SubscriptionFilter filter = SubscriptionFilter.parse(options.get("filter"));
        SubscriptionRule.parseAll(options.get("replication_rules"));
        boolean retroactive = SubscriptionJson.bool(options.get("retroactive"), "retroactive", false);
        boolean dryRun = SubscriptionJson.bool(options.get("dry_run"), "dry_run", false);
        SubscriptionState state = dryRun ? SubscriptionState.INACTIVE : retroactive ? SubscriptionState.NEW : SubscriptionState.ACTIVE;
        Instant expiredAt = expiry(options.get("lifetime"));
        int priority = priority(options.get("priority"), 3);
        String comments = comments(options.get("comments"));
        UUID id = UUID.randomUUID();
        database.inTransactionVoid(tx -> {
            requireAccount(tx, account);
            permissions.check(tx, caller, Actions.ADD_SUBSCRIPTION, "account", account, "name", name);
            filter.validate(tx);
            Instant now = clock.instant();
            try {
                tx.update("insert into subscriptions (id, vo, account, name, filter, replication_rules, policyid, state, retroactive, "
                                + "comments, expired_at, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        id, caller.vo(), account, name, SubscriptionFilter.text(options.get("filter")),
                        rulesText(options.get("replication_rules")), priority, state.name(), retroactive, comments, expiredAt, now, now);
            } catch (LagunaException e) {
                throw SqlErrors.isDuplicate(e) ? duplicate(account, name) : e;
            }
        });
        return id;
    }

    /** Changes the given options (Rucio's, plus {@code state}); the subscription becomes UPDATED unless a state is given. */
    public void update(Caller caller, String account, String name, Map<String, Object> options) {
        List<String> sets = new ArrayList<>();
        List<Object> params = new ArrayList<>();
        Object filter = options.get("filter");
        SubscriptionFilter parsedFilter = filter == null ? null : SubscriptionFilter.parse(filter);
        if (filter != null) {
            set(sets, params, "filter", SubscriptionFilter.text(filter));
        }
        if (options.get("replication_rules") != null) {
            SubscriptionRule.parseAll(options.get("replication_rules"));
            set(sets, params, "replication_rules", rulesText(options.get("replication_rules")));
        }
        if (options.get("comments") != null) {
            set(sets, params, "comments", comments(options.get("comments")));
        }
        if (options.get("lifetime") != null) {
            set(sets, params, "expired_at", expiry(options.get("lifetime")));
        }
        if (options.get("retroactive") != null) {
            set(sets, params, "retroactive", SubscriptionJson.bool(options.get("retroactive"), "retroactive", false));
        }
        if (options.get("priority") != null) {
            set(sets, params, "policyid", priority(options.get("priority"), 3));
        }
        Object state = options.get("state");
        set(sets, params, "state", state == null ? SubscriptionState.UPDATED.name() : SubscriptionState.parse(String.valueOf(state)).name());
        set(sets, params, "updated_at", clock.instant());
        database.inTransactionVoid(tx -> {
            Subscription subscription = require(tx, caller.vo(), account, name, true);
            permissions.check(tx, caller, Actions.UPDATE_SUBSCRIPTION, "account", account, "name", name);
            if (parsedFilter != null) {
                parsedFilter.validate(tx);
            }
            params.add(subscription.id());
            tx.update("update subscriptions set " + String.join(", ", sets) + " where id = ?", params.toArray());
        });
    }

    private static void set(List<String> sets, List<Object> params, String column, Object value) {
        sets.add(column + " = ?");
        params.add(value);
    }

    /** The subscriptions of the caller's VO, of one account and/or name when given; SubscriptionNotFound if none. */
    public void list(Caller caller, String account, String name, Consumer<Subscription> sink) {
        StringBuilder sql = new StringBuilder("select " + Subscription.COLUMNS + " from subscriptions where vo = ?");
        List<Object> params = new ArrayList<>(List.of(caller.vo()));
        if (account != null) {
            sql.append(" and account = ?");
            params.add(account);
        }
        if (name != null) {
            sql.append(" and name = ?");
            params.add(name);
        }
        sql.append(" order by account, name");
        List<Subscription> found = database.readOnly(tx -> tx.query(sql.toString(), Subscription.MAPPER, params.toArray()));
        if (found.isEmpty()) {
            throw notFound(account, name);
        }
        found.forEach(sink);
    }

    public Subscription get(Caller caller, String id) {
        UUID uuid = parseId(id);
        return database.readOnly(tx -> tx.queryOne("select " + Subscription.COLUMNS + " from subscriptions where id = ? and vo = ?",
                Subscription.MAPPER, uuid, caller.vo()))
                .orElseThrow(() -> new LagunaException(ErrorCode.SUBSCRIPTION_NOT_FOUND, "Subscription with ID " + id + " not found"));
    }

    /** The subscription's id; SubscriptionNotFound if there is none. */
    public UUID idOf(Caller caller, String account, String name) {
        return database.readOnly(tx -> require(tx, caller.vo(), account, name, false)).id();
    }

    /** How many rules of each state the subscriptions of an account (of one name when given) made, by name and state. */
    public void ruleStates(Caller caller, String account, String name, Consumer<SubscriptionRuleCount> sink) {
        database.readOnly(tx -> {
            tx.query("select s.account, s.name, r.state, count(*) from subscriptions s join rules r on r.subscription_id = s.id "
                            + "where s.vo = ? and s.account = ? and (?::text is null or s.name = ?) "
                            + "group by s.account, s.name, r.state order by s.name, r.state",
                    rs -> {
                        sink.accept(new SubscriptionRuleCount(rs.getString(1), rs.getString(2), RuleState.valueOf(rs.getString(3)), rs.getLong(4)));
                        return null;
                    }, caller.vo(), account, name, name);
            return null;
        });
    }

    private static UUID parseId(String id) {
        String value = id.length() == 32 && id.indexOf('-') < 0
                ? id.replaceFirst("(.{8})(.{4})(.{4})(.{4})(.{12})", "$1-$2-$3-$4-$5") : id;
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new LagunaException(ErrorCode.SUBSCRIPTION_NOT_FOUND, "Subscription with ID " + id + " not found");
        }
    }

    private static Subscription require(Tx tx, String vo, String account, String name, boolean forUpdate) {
        return tx.queryOne("select " + Subscription.COLUMNS + " from subscriptions where vo = ? and account = ? and name = ?"
                        + (forUpdate ? " for update" : ""),
                Subscription.MAPPER, vo, account, name).orElseThrow(() -> notFound(account, name));
    }

    private static void requireAccount(Tx tx, String account) {
        if (!tx.exists("select 1 from accounts where account = ? and status <> 'DELETED'", account)) {
            throw new LagunaException(ErrorCode.ACCOUNT_NOT_FOUND, "Account ID '" + account + "' does not exist");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank() || name.length() > NAME_LENGTH || name.chars().anyMatch(c -> c < 0x20 || c == '/')) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "A subscription name is 1.." + NAME_LENGTH
                    + " printable characters without '/'");
        }
    }

    private static String rulesText(Object raw) {
        return JsonValues.write(SubscriptionJson.objects(raw, "replication_rules"));
    }

    private Instant expiry(Object lifetime) {
        if (lifetime == null || Boolean.FALSE.equals(lifetime)) {
            return null;
        }
        Long days = SubscriptionJson.optionalLong(lifetime, "lifetime (days)", 1, MAX_LIFETIME_DAYS);
        return clock.instant().plus(Duration.ofDays(days));
    }

    private static int priority(Object raw, int defaultValue) {
        if (raw == null || Boolean.FALSE.equals(raw)) {
            return defaultValue;
        }
        return SubscriptionJson.optionalLong(raw, "priority", 0, 10).intValue();
    }

    private static String comments(Object raw) {
        String text = raw == null ? null : String.valueOf(raw);
        if (text != null && text.length() > 4000) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "comments are longer than 4000 characters");
        }
        return text;
    }

    private static LagunaException duplicate(String account, String name) {
        return new LagunaException(ErrorCode.SUBSCRIPTION_DUPLICATE, "Subscription '" + name + "' owned by '" + account + "' already exists!");
    }

    private static LagunaException notFound(String account, String name) {
        return new LagunaException(ErrorCode.SUBSCRIPTION_NOT_FOUND, "Subscription for account '" + account + "' named '" + name
                + "' not found");
    }
}
