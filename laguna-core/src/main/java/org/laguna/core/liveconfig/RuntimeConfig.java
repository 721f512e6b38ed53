package org.laguna.core.liveconfig;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.function.Function;
import org.laguna.core.auth.Caller;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's database configuration ({@code /config}): options by section, read and written by
 * administrators. The keys listed in {@link #LIVE_KEYS} are read by the daemons at every cycle
 * (through a cache of {@link #CACHE_TTL}) as {@code section.option}, and a row here overrides the
 * server's configuration file and environment for them without a restart. Other options are
 * stored and answered as Rucio does, and have no effect on Laguna.
 */
public final class RuntimeConfig {
    /** How long the daemons keep what they read of the table before they read it again. */
    public static final Duration CACHE_TTL = Duration.ofSeconds(10);

    /** The keys that take effect while the server runs, with a check of their values. */
    public static final Map<String, Function<String, Object>> LIVE_KEYS = liveKeys();

    private static final Map<Database, Snapshot> CACHE = Collections.synchronizedMap(new WeakHashMap<>());

    private record Snapshot(Map<String, String> values, long readAtNanos) {
    }

    private final Database database;
    private final Permissions permissions;
    private final Clock clock;

    public RuntimeConfig(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    private static Map<String, Function<String, Object>> liveKeys() {
        Map<String, Function<String, Object>> keys = new LinkedHashMap<>();
        keys.put("reaper.batch", v -> positiveInt("reaper.batch", v));
        keys.put("reaper.retry-delay", v -> duration("reaper.retry-delay", v));
        keys.put("reaper.stale-claim", v -> duration("reaper.stale-claim", v));
        keys.put("transfer.max-attempts", v -> positiveInt("transfer.max-attempts", v));
        keys.put("transfer.retry-delay", v -> duration("transfer.retry-delay", v));
        keys.put("transfer.retry-delay-max", v -> duration("transfer.retry-delay-max", v));
        keys.put("transfer.claim", v -> positiveInt("transfer.claim", v));
        keys.put("transfer.job-size", v -> positiveInt("transfer.job-size", v));
        keys.put("lifetime_model.max_extension", v -> positiveInt("lifetime_model.max_extension", v));
        keys.put("quota.near-limit-threshold", v -> fraction("quota.near-limit-threshold", v));
        return Collections.unmodifiableMap(keys);
    }

    // ---- the REST API: administrators only

    /** Every section with its options. */
    public Map<String, Map<String, String>> all(Caller caller) {
        return database.readOnly(tx -> {
            requireAdmin(tx, caller, "read the configuration");
            Map<String, Map<String, String>> all = new TreeMap<>();
            tx.query("select section, opt, value from configs order by section, opt", rs -> {
                all.computeIfAbsent(rs.getString(1), s -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
                return null;
            });
            return all;
        });
    }

    /** The options of one section; ConfigNotFound if it has none. */
    public Map<String, String> section(Caller caller, String section) {
        return database.readOnly(tx -> {
            requireAdmin(tx, caller, "read the configuration");
            Map<String, String> options = new TreeMap<>();
            tx.query("select opt, value from configs where section = ? order by opt", rs -> options.put(rs.getString(1), rs.getString(2)),
                    section);
            if (options.isEmpty()) {
                throw new LagunaException(ErrorCode.CONFIG_NOT_FOUND, "No configuration found for section '" + section + "'");
            }
            return options;
        });
    }

    /** One option's value; ConfigNotFound if it is not set. */
    public String get(Caller caller, String section, String option) {
        return database.readOnly(tx -> {
            requireAdmin(tx, caller, "read the configuration");
            return tx.queryOne("select value from configs where section = ? and opt = ?", rs -> rs.getString(1), section, option)
                    .orElseThrow(() -> new LagunaException(ErrorCode.CONFIG_NOT_FOUND,
                            "No configuration found for section '" + section + "' option '" + option + "'"));
        });
    }

    /** Sets an option; a value a live key cannot take is a ConfigurationError. */
    public void set(Caller caller, String section, String option, String value) {
        requireName("section", section);
        requireName("option", option);
        Objects.requireNonNull(value, "value is null");
        if (value.length() > 4000) {
            throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "Could not set value for section '" + section + "' option '" + option
                    + "': longer than 4000 characters");
        }
        Function<String, Object> check = LIVE_KEYS.get(section + "." + option);
        if (check != null) {
            try {
                check.apply(value);
            } catch (LagunaException e) {
                throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "Could not set value '" + value + "' for section '" + section
                        + "' option '" + option + "': " + e.getMessage());
            }
        }
        Timestamp now = Timestamp.from(clock.instant());
        database.inTransactionVoid(tx -> {
            requireAdmin(tx, caller, "set the configuration");
            tx.update("insert into configs (section, opt, value, created_at, updated_at) values (?, ?, ?, ?, ?) "
                    + "on conflict (section, opt) do update set value = excluded.value, updated_at = excluded.updated_at",
                    section, option, value, now, now);
            permissions.recordChange(tx, caller, "set_config", "section", section, "option", option);
        });
        invalidate(database);
    }

    /** Removes an option; ConfigNotFound if it is not set. */
    public void deleteOption(Caller caller, String section, String option) {
        database.inTransactionVoid(tx -> {
            requireAdmin(tx, caller, "remove configuration options");
            if (tx.update("delete from configs where section = ? and opt = ?", section, option) == 0) {
                throw new LagunaException(ErrorCode.CONFIG_NOT_FOUND,
                        "No configuration found for section '" + section + "' option '" + option + "'");
            }
            permissions.recordChange(tx, caller, "delete_config", "section", section, "option", option);
        });
        invalidate(database);
    }

    /** Removes a section with its options; ConfigNotFound if it has none. */
    public void deleteSection(Caller caller, String section) {
        database.inTransactionVoid(tx -> {
            requireAdmin(tx, caller, "remove configuration sections");
            if (tx.update("delete from configs where section = ?", section) == 0) {
                throw new LagunaException(ErrorCode.CONFIG_NOT_FOUND, "No configuration found for section '" + section + "'");
            }
            permissions.recordChange(tx, caller, "delete_config", "section", section);
        });
        invalidate(database);
    }

    private void requireAdmin(Tx tx, Caller caller, String what) {
        if (!permissions.isAdmin(tx, caller)) {
            throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not " + what);
        }
    }

    private static void requireName(String what, String name) {
        if (name == null || name.isBlank() || name.length() > 128) {
            throw new LagunaException(ErrorCode.CONFIGURATION_ERROR, "The " + what + " must be 1 to 128 characters");
        }
    }

    // ---- live reading by the daemons

    /** The value set in the database for {@code section.option}, read at most every {@link #CACHE_TTL}. */
    public static Optional<String> live(Database database, String key) {
        long now = System.nanoTime();
        Snapshot snapshot = CACHE.get(database);
        if (snapshot == null || now - snapshot.readAtNanos() > CACHE_TTL.toNanos()) {
            Map<String, String> values = new TreeMap<>();
            database.readOnly(tx -> tx.query("select section || '.' || opt, value from configs", rs -> values.put(rs.getString(1),
                    rs.getString(2))));
            snapshot = new Snapshot(values, now);
            CACHE.put(database, snapshot);
        }
        return Optional.ofNullable(snapshot.values().get(key));
    }

    /** A live integer key, or the given value when it is not set or (set by SQL) not valid. */
    public static int liveInt(Database database, String key, int otherwise) {
        return live(database, key).map(v -> {
            try {
                return positiveInt(key, v);
            } catch (LagunaException e) {
                return otherwise;
            }
        }).orElse(otherwise);
    }

    /** A live duration key, or the given value when it is not set or not valid. */
    public static Duration liveDuration(Database database, String key, Duration otherwise) {
        return live(database, key).map(v -> {
            try {
                return duration(key, v);
            } catch (LagunaException e) {
                return otherwise;
            }
        }).orElse(otherwise);
    }

    /** Forgets what was read, so the next reading sees the table (after a write, and in tests). */
    public static void invalidate(Database database) {
        CACHE.remove(database);
    }

    private static int positiveInt(String key, String value) {
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= 1) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be a whole number of at least 1, got '" + value + "'");
    }

    /** A fraction written as the rule engine's statements read it: 0, 1, or 0.x (digits after the point). */
    private static double fraction(String key, String value) {
        String text = value.trim();
        if (!text.matches("[01]|0\\.[0-9]+|1\\.0+")) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be a fraction from 0 to 1 such as 0.9, got '" + value + "'");
        }
        return Double.parseDouble(text);
    }

    private static Duration duration(String key, String value) {
        Duration parsed;
        try {
            parsed = Duration.parse(value.trim());
        } catch (RuntimeException notIso) {
            try {
                parsed = Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException notSeconds) {
                throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                        key + " must be an ISO-8601 duration (PT1H) or seconds, got '" + value + "'");
            }
        }
        if (parsed.isNegative()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must not be negative, got '" + value + "'");
        }
        return parsed;
    }
}
