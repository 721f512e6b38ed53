package org.laguna.core.subscription;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.laguna.core.common.DidType;
import org.laguna.core.db.JsonValues;
import org.laguna.core.db.Tx;
import org.laguna.core.did.filter.DidFilter;
import org.laguna.core.did.filter.FilterSql;
import org.laguna.core.did.filter.SqlFragment;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Which new DIDs a subscription wants: {@code scope} and {@code account} (one value or a list),
 * {@code did_type} (DATASET, CONTAINER), {@code pattern} (a regular expression the name must
 * match from its start, as Python's re.match) and {@code excluded_pattern}; every other key is a
 * metadata condition in the language of DID search ({@code key}, {@code key.gt}, ...), where a
 * list of values means any of them. {@code split_rule: true} here (where Rucio reads it) splits
 * every rule of the subscription, as {@code split_rule} on one rule splits that rule.
 */
public record SubscriptionFilter(List<String> scopes, List<String> accounts, List<String> types, String pattern,
        String excludedPattern, DidFilter metadata, boolean splitRule) {
    /** Metadata conditions with list values expand to one search group per combination, at most this many. */
    static final int MAX_GROUPS = 64;

    private static final List<String> OWN_KEYS = List.of("scope", "account", "did_type", "pattern", "excluded_pattern", "split_rule");

    public SubscriptionFilter {
        scopes = List.copyOf(scopes);
        accounts = List.copyOf(accounts);
        types = List.copyOf(types);
    }

    /** The filter of a request: a JSON object, or JSON text of one (as older clients send it). */
    public static SubscriptionFilter parse(Object raw) {
        Map<String, Object> filter = SubscriptionJson.object(raw, "filter");
        Map<String, Object> metadata = new LinkedHashMap<>();
        filter.forEach((key, value) -> {
            if (!OWN_KEYS.contains(key)) {
                metadata.put(key, value);
            }
        });
        List<String> types = new ArrayList<>();
        for (String type : SubscriptionJson.texts(filter.get("did_type"), "did_type")) {
            String upper = type.toUpperCase(Locale.ROOT);
            if (!upper.equals(DidType.DATASET.name()) && !upper.equals(DidType.CONTAINER.name())) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "did_type '" + type
                        + "' cannot be subscribed to; subscriptions match new DATASETs and CONTAINERs");
            }
            types.add(upper);
        }
        return new SubscriptionFilter(SubscriptionJson.texts(filter.get("scope"), "scope"),
                SubscriptionJson.texts(filter.get("account"), "account"), types,
                SubscriptionJson.optionalText(filter.get("pattern"), "pattern"),
                SubscriptionJson.optionalText(filter.get("excluded_pattern"), "excluded_pattern"),
                metadata.isEmpty() ? null : metadataFilter(metadata),
                SubscriptionJson.bool(filter.get("split_rule"), "split_rule", false));
    }

    private static DidFilter metadataFilter(Map<String, Object> metadata) {
        List<Map<String, Object>> groups = new ArrayList<>();
        groups.add(new LinkedHashMap<>());
        for (Map.Entry<String, Object> entry : metadata.entrySet()) {
            List<?> values = entry.getValue() instanceof List<?> list ? list : Collections.singletonList(entry.getValue());
            if (values.isEmpty()) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "filter key '" + entry.getKey() + "' has an empty list of values");
            }
            List<Map<String, Object>> expanded = new ArrayList<>();
            for (Map<String, Object> group : groups) {
                for (Object value : values) {
                    Map<String, Object> more = new LinkedHashMap<>(group);
                    more.put(entry.getKey(), value);
                    expanded.add(more);
                }
            }
            if (expanded.size() > MAX_GROUPS) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "filter lists too many combinations of metadata values (at most "
                        + MAX_GROUPS + ")");
            }
            groups = expanded;
        }
        try {
            return DidFilter.of(groups, "all");
        } catch (LagunaException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Invalid filter: " + e.getMessage());
        }
    }

    /** Checks the regular expressions with the database that will run them; InvalidObject if one is wrong. */
    public void validate(Tx tx) {
        for (String regex : new String[] {pattern, excludedPattern}) {
            if (regex == null) {
                continue;
            }
            try {
                tx.savepoint(() -> tx.exists("select 1 where '' ~ ?", anchored(regex)));
            } catch (LagunaException e) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "Invalid regular expression in filter: '" + regex + "'");
            }
        }
    }

    private static String anchored(String regex) {
        return "^(?:" + regex + ")";
    }

    /** The condition on the dids table (alias {@code d}) that the DIDs this filter wants meet. */
    public SqlFragment sql(Tx tx) {
        StringBuilder sql = new StringBuilder("true");
        List<Object> params = new ArrayList<>();
        if (!scopes.isEmpty()) {
            sql.append(" and d.scope = any(?)");
            params.add(tx.textArray(scopes));
        }
        if (!accounts.isEmpty()) {
            sql.append(" and d.account = any(?)");
            params.add(tx.textArray(accounts));
        }
        if (!types.isEmpty()) {
            sql.append(" and d.did_type = any(?)");
            params.add(tx.textArray(types));
        }
        if (pattern != null) {
            sql.append(" and d.name ~ ?");
            params.add(anchored(pattern));
        }
        if (excludedPattern != null) {
            sql.append(" and d.name !~ ?");
            params.add(anchored(excludedPattern));
        }
        if (metadata != null) {
            SqlFragment conditions = FilterSql.compile(metadata, "d");
            sql.append(" and ").append(conditions.sql());
            params.addAll(conditions.params());
        }
        return new SqlFragment(sql.toString(), params);
    }

    /** The filter as stored and shown: JSON text. */
    static String text(Object raw) {
        return JsonValues.write(SubscriptionJson.object(raw, "filter"));
    }
}
