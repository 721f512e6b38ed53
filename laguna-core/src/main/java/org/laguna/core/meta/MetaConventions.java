package org.laguna.core.meta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.laguna.core.auth.Caller;
import org.laguna.core.common.DidType;
import org.laguna.core.db.Database;
import org.laguna.core.db.Tx;
import org.laguna.core.permission.Permissions;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Rucio's metadata conventions: keys with the DID types they apply to ({@code key_type}), the type
 * of their values ({@code value_type}: Python's {@code str}, {@code int} or {@code float}), a
 * regular expression the values must match from their start ({@code value_regexp}), and a list of
 * values. Administrators add keys and values; every account lists them.
 *
 * <p>A DID's metadata is checked against the conventions of its keys when it is set or given with
 * a new DID ({@link #check}). As in Rucio 41, a dataset's {@code datatype} must be one of the key's
 * values (InvalidObject) when it has any. Beyond Rucio, a value of the wrong type, one that does
 * not match the expression, a key set on a DID type it does not apply to, or, for a key added as
 * an enumeration ({@code is_enum}), a value that is not one of its values, is InvalidValueForKey.
 * Other keys' value lists are advice only, as in Rucio (its own bootstrap lists values such as
 * {@code NoRunNumberDefined} for {@code run_number}); keys without a convention stay free.
 */
public final class MetaConventions {
    /** Rucio's key types, with the DID types each applies to. */
    private static final Map<String, Set<DidType>> KEY_TYPES = Map.of(
            "ALL", Set.of(DidType.values()),
            "DERIVED", Set.of(DidType.values()),
            "COLLECTION", Set.of(DidType.DATASET, DidType.CONTAINER),
            "CONTAINER", Set.of(DidType.CONTAINER),
            "DATASET", Set.of(DidType.DATASET),
            "FILE", Set.of(DidType.FILE));

    /** A key's convention. */
    public record Key(String key, String keyType, String valueType, String valueRegexp, boolean isEnum, List<String> values) {
    }

    /** The key whose values Rucio checks for datasets even when the key is not an enumeration. */
    private static final String DATATYPE = "datatype";

    private final Database database;
    private final Permissions permissions;
    private final Clock clock;

    public MetaConventions(Database database, Permissions permissions, Clock clock) {
        this.database = Objects.requireNonNull(database, "database is null");
        this.permissions = Objects.requireNonNull(permissions, "permissions is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** Adds a key (administrators); UnsupportedKeyType, UnsupportedValueType, Duplicate. */
    public void addKey(Caller caller, String key, String keyType, String valueType, String valueRegexp, boolean isEnum) {
        if (key == null || key.isBlank() || key.length() > 255) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "A key must be 1 to 255 characters");
        }
        String type = keyType(keyType);
        String values = valueType == null ? null : valueType(valueType);
        if (valueType != null && values == null) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_VALUE_TYPE, "The type '" + valueType + "' is not supported for values!");
        }
        if (valueRegexp != null) {
            if (valueRegexp.length() > 255) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "value_regexp is longer than 255 characters");
            }
            try {
                Pattern.compile(valueRegexp);
            } catch (PatternSyntaxException e) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "value_regexp is not a regular expression: " + e.getDescription());
            }
        }
        Timestamp now = Timestamp.from(clock.instant());
        database.inTransactionVoid(tx -> {
            requireAdmin(tx, caller, "add key");
            if (tx.update("insert into did_keys (key, key_type, value_type, value_regexp, is_enum, created_at, updated_at) "
                    + "values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing", key, type, valueType, valueRegexp, isEnum, now, now) == 0) {
                throw new LagunaException(ErrorCode.DUPLICATE, "key '" + key + "' already exists!");
            }
            permissions.recordChange(tx, caller, "add_key", "key", key);
        });
    }

    /** Every key with a convention. */
    public List<String> listKeys() {
        return database.readOnly(tx -> tx.query("select key from did_keys order by key", rs -> rs.getString(1)));
    }

    /** A key's convention; KeyNotFound if there is none. */
    public Key getKey(String key) {
        return database.readOnly(tx -> keys(tx, List.of(key))).stream().findFirst()
                .orElseThrow(() -> new LagunaException(ErrorCode.KEY_NOT_FOUND, "key '" + key + "' does not exist!"));
    }

    /** Adds an allowed value to a key (administrators); KeyNotFound, Duplicate, InvalidValueForKey. */
    public void addValue(Caller caller, String key, JsonNode value) {
        if (value == null || value.isNull() || !(value.isTextual() || value.isNumber())) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "The value for the key " + key + " must be a string or a number");
        }
        String text = value.isTextual() ? value.textValue() : value.asText();
        if (text.length() > 255) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "The value for the key " + key + " is longer than 255 characters");
        }
        Timestamp now = Timestamp.from(clock.instant());
        database.inTransactionVoid(tx -> {
            requireAdmin(tx, caller, "add value " + text + " to key " + key);
            Key convention = keys(tx, List.of(key)).stream().findFirst()
                    .orElseThrow(() -> new LagunaException(ErrorCode.KEY_NOT_FOUND, "key '" + key + "' does not exist!"));
            requireFormat(convention, value, text);
            if (tx.update("insert into did_key_map (key, value, created_at, updated_at) values (?, ?, ?, ?) on conflict do nothing",
                    key, text, now, now) == 0) {
                throw new LagunaException(ErrorCode.DUPLICATE, "key-value '" + key + "-" + text + "' already exists!");
            }
            permissions.recordChange(tx, caller, "add_value", "key", key, "value", text);
        });
    }

    /** The allowed values of a key (none for a key without a convention, as in Rucio). */
    public List<String> listValues(String key) {
        return database.readOnly(tx -> tx.query("select value from did_key_map where key = ? order by value", rs -> rs.getString(1), key));
    }

    /**
     * Checks a DID's new metadata against the conventions of its keys, in the transaction that
     * writes it; InvalidValueForKey for the first value that breaks one. A null value (clearing
     * the key) is always allowed.
     */
    public static void check(Tx tx, DidType didType, ObjectNode meta) {
        if (meta == null || meta.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        meta.fieldNames().forEachRemaining(names::add);
        load(tx, names).check(didType, meta);
    }

    /**
     * The conventions of the given keys, read once in the writing transaction, to check the
     * metadata of many new DIDs without a query for each.
     */
    public static Loaded load(Tx tx, Collection<String> names) {
        if (names.isEmpty()) {
            return new Loaded(Map.of());
        }
        Map<String, Key> byKey = new HashMap<>();
        keys(tx, List.copyOf(names)).forEach(k -> byKey.put(k.key(), k));
        return new Loaded(Map.copyOf(byKey));
    }

    /** Conventions read for a set of keys; keys without one are free. */
    public record Loaded(Map<String, Key> byKey) {
        /** Checks one DID's metadata as {@link MetaConventions#check} does. */
        public void check(DidType didType, ObjectNode meta) {
            if (byKey.isEmpty() || meta == null) {
                return;
            }
            for (Map.Entry<String, JsonNode> field : meta.properties()) {
                Key convention = byKey.get(field.getKey());
                if (convention != null) {
                    checkValue(convention, didType, field.getValue());
                }
            }
        }
    }

    private static void checkValue(Key convention, DidType didType, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        Set<DidType> applies = KEY_TYPES.getOrDefault(convention.keyType(), Set.of(DidType.values()));
        if (!applies.contains(didType)) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "The key " + convention.key() + " is for " + convention.keyType()
                    + " DIDs, not for a " + didType);
        }
        String text = value.isTextual() ? value.textValue() : value.toString();
        requireFormat(convention, value, text);
        if (convention.values().contains(text)) {
            return;
        }
        if (convention.isEnum()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "The value " + text + " for the key " + convention.key()
                    + " is not one of its values " + convention.values());
        }
        if (DATATYPE.equals(convention.key()) && didType == DidType.DATASET && !convention.values().isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "The value " + text + "' for the key " + DATATYPE + " is not valid");
        }
    }

    private static void requireFormat(Key convention, JsonNode value, String text) {
        if (convention.valueRegexp() != null && !Pattern.compile(convention.valueRegexp()).matcher(text).lookingAt()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "The value " + text + " for the key " + convention.key()
                    + " does not match the regular expression " + convention.valueRegexp());
        }
        String type = convention.valueType() == null ? null : valueType(convention.valueType());
        boolean fits = type == null
                || ("str".equals(type) && value.isTextual())
                || ("int".equals(type) && value.isIntegralNumber())
                || ("float".equals(type) && value.isFloatingPointNumber());
        if (!fits) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "The value " + text + " for the key " + convention.key()
                    + " does not match the required type " + convention.valueType());
        }
    }

    private static List<Key> keys(Tx tx, List<String> names) {
        return tx.query("select k.key, k.key_type, k.value_type, k.value_regexp, k.is_enum, "
                        + "array(select m.value from did_key_map m where m.key = k.key order by m.value) from did_keys k "
                        + "where k.key = any(?::text[]) order by k.key",
                rs -> new Key(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                        List.of((String[]) rs.getArray(6).getArray())), tx.textArray(names));
    }

    /** Rucio's key type of a name or one-letter code; UnsupportedKeyType otherwise. */
    static String keyType(String keyType) {
        String upper = keyType == null ? "None" : keyType.strip().toUpperCase(Locale.ROOT);
        String type = switch (upper) {
            case "F" -> "FILE";
            case "D" -> "DATASET";
            case "C" -> "CONTAINER";
            default -> upper;
        };
        if (!KEY_TYPES.containsKey(type)) {
            throw new LagunaException(ErrorCode.UNSUPPORTED_KEY_TYPE, "The type '" + keyType + "' is not supported for keys!");
        }
        return type;
    }

    /** {@code str}, {@code int} or {@code float} from Python's name of the type ({@code <class 'str'>}) or the bare name; else null. */
    static String valueType(String valueType) {
        String bare = valueType.strip();
        if (bare.startsWith("<class '") && bare.endsWith("'>")) {
            bare = bare.substring("<class '".length(), bare.length() - 2);
        }
        return Set.of("str", "int", "float").contains(bare) ? bare : null;
    }

    private void requireAdmin(Tx tx, Caller caller, String what) {
        if (!permissions.isAdmin(tx, caller)) {
            throw new LagunaException(ErrorCode.ACCESS_DENIED, "Account " + caller.account() + " can not " + what);
        }
    }
}
