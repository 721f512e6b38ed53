package org.laguna.core.did.filter;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.laguna.core.common.DidType;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * A DID search filter: OR-groups, each a set of DID types and AND-ed conditions. Built from
 * Rucio's dictionary form ({@code [{"name": "data*", "length.gt": 3}, {...}]}) and validated so
 * that every key is a plain identifier and every value fits its key.
 */
public record DidFilter(List<Group> groups) {
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9_]+$");

    public DidFilter {
        groups = List.copyOf(groups);
    }

    /** One OR-group: the DID types it allows and its AND-ed conditions. */
    public record Group(Set<DidType> types, List<Condition> conditions) {
        public Group {
            types = Set.copyOf(types);
            conditions = List.copyOf(conditions);
        }
    }

    /**
     * Decodes the {@code filters} query parameter: a Python or JSON literal (list of dictionaries
     * or one dictionary) as Rucio's client sends it, or the command-line text form.
     */
    public static List<Map<String, Object>> decode(String filters) {
        String trimmed = filters == null ? "" : filters.strip();
        if (trimmed.isEmpty()) {
            return new ArrayList<>();
        }
        if (!trimmed.startsWith("[") && !trimmed.startsWith("{") && !trimmed.startsWith("(")) {
            return FilterText.parse(trimmed);
        }
        Object parsed = PyLiteral.parse(trimmed);
        List<?> items = parsed instanceof List<?> list ? list : List.of(parsed);
        List<Map<String, Object>> groups = new ArrayList<>();
        for (Object item : items) {
            if (!(item instanceof Map<?, ?> map)) {
                throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR,
                        "Filters must be a list of dictionaries, found " + (item == null ? "None" : item.toString()));
            }
            Map<String, Object> group = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                if (!(k instanceof String key)) {
                    throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Filter key " + k + " must be a string");
                }
                group.put(key, v);
            });
            groups.add(group);
        }
        return groups;
    }

    /** Types of the {@code type} parameter: all, collection, container, dataset, file. */
    public static Set<DidType> types(String type) {
        String value = type == null ? "collection" : type.strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "all" -> EnumSet.allOf(DidType.class);
            case "collection" -> EnumSet.of(DidType.DATASET, DidType.CONTAINER);
            case "container", "c" -> EnumSet.of(DidType.CONTAINER);
            case "dataset", "d" -> EnumSet.of(DidType.DATASET);
            case "file", "f" -> EnumSet.of(DidType.FILE);
            default -> throw new LagunaException(ErrorCode.UNSUPPORTED_OPERATION,
                    type + " is not a valid type. Valid types are all, collection, container, dataset, file");
        };
    }

    /** Builds and validates the filter; {@code defaultType} applies to groups without a type key. */
    public static DidFilter of(List<Map<String, Object>> rawGroups, String defaultType) {
        Set<DidType> defaultTypes = types(defaultType);
        List<Map<String, Object>> input = rawGroups.isEmpty() ? List.of(Map.of()) : rawGroups;
        List<Group> groups = new ArrayList<>();
        for (Map<String, Object> raw : input) {
            Set<DidType> types = defaultTypes;
            List<Condition> conditions = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Map.Entry<String, Object> entry : raw.entrySet()) {
                String fullKey = entry.getKey();
                Object value = entry.getValue();
                if (fullKey.equals("type")) {
                    if (!(value instanceof String text)) {
                        throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Filter type must be a string, got " + value);
                    }
                    types = types(text);
                    continue;
                }
                if (fullKey.equals("created_after")) {
                    fullKey = "created_at.gte";
                } else if (fullKey.equals("created_before")) {
                    fullKey = "created_at.lte";
                }
                String[] parts = fullKey.split("\\.", -1);
                if (parts.length > 2) {
                    throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR,
                            "Filter key '" + fullKey + "' must be <key> or <key>.<operator>");
                }
                String key = parts[0];
                if (!KEY.matcher(key).matches() || key.length() > 255) {
                    throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Invalid metadata key: '" + key + "'");
                }
                Op op = parts.length == 1 ? Op.EQ : Op.fromSuffix(parts[1]).filter(o -> !parts[1].isEmpty())
                        .orElseThrow(() -> new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR,
                                "Unknown operator '" + parts[1] + "' in filter key '" + entry.getKey()
                                        + "'; use one of gt, lt, gte, lte, ne"));
                if (!seen.add(key + "." + op.suffix())) {
                    throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Duplicate criteria in DID filter: " + entry.getKey());
                }
                FilterValue typed = Values.of(key, value);
                if (key.equals("did_type")) {
                    if (op != Op.EQ) {
                        throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Type operator must be equals");
                    }
                    DidType didType = DidType.parse(typed.raw());
                    types = EnumSet.of(didType);
                    continue;
                }
                conditions.add(check(new Condition(key, op, typed)));
            }
            groups.add(new Group(types, conditions));
        }
        return new DidFilter(groups);
    }

    private static Condition check(Condition condition) {
        String key = condition.key();
        Op op = condition.op();
        FilterValue value = condition.value();
        if (key.equals("name") && !op.isEquality()) {
            throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Name operator must be an equality operator: " + condition);
        }
        if (value instanceof FilterValue.Text text && text.isWildcard() && !op.isEquality()) {
            throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Wildcards can only be used with equality operators: " + condition);
        }
        if (value instanceof FilterValue.Null && !op.isEquality()) {
            throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "None can only be compared with equality operators: " + condition);
        }
        if (value instanceof FilterValue.Bool && !op.isEquality()) {
            throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Booleans can only be compared with equality operators: " + condition);
        }
        if (key.equals("length") && !(value instanceof FilterValue.Num num && isIntegral(num))) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, "Length has to be an integer value, got '" + value.raw() + "'");
        }
        if (key.equals("created_at") && !(value instanceof FilterValue.Date)) {
            throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Couldn't parse date '" + value.raw()
                    + "'. Valid formats are: %Y-%m-%d %H:%M:%S, %Y-%m-%dT%H:%M:%S, %Y-%m-%d %H:%M:%S.%fZ, "
                    + "%Y-%m-%dT%H:%M:%S.%fZ, %a, %d %b %Y %H:%M:%S UTC");
        }
        return condition;
    }

    static boolean isIntegral(FilterValue.Num num) {
        return num.value().stripTrailingZeros().scale() <= 0;
    }

    /** The same filter without conditions on {@code name} (for the contents of matched collections). */
    public DidFilter withoutName() {
        List<Group> stripped = new ArrayList<>();
        for (Group group : groups) {
            stripped.add(new Group(group.types(), group.conditions().stream().filter(c -> !c.key().equals("name")).toList()));
        }
        return new DidFilter(stripped);
    }
}
