package org.laguna.core.did.filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The text form of DID filters used on the command line: {@code ;} separates OR-groups,
 * {@code ,} separates AND-ed conditions, each {@code key<op>value} with one of
 * {@code <= >= == != > < =}, or a compound inequality such as {@code 1<length<5}. The result uses
 * Rucio's dictionary form: {@code {"length.gt": "1", "name": "data*"}}; values stay text.
 */
public final class FilterText {
    /** Longest operators first so that {@code <=} is not read as {@code <}. */
    private static final String[] OPERATORS = {"<=", ">=", "==", "!=", ">", "<", "="};

    private FilterText() {
    }

    public static List<Map<String, Object>> parse(String input) {
        List<Map<String, Object>> groups = new ArrayList<>();
        if (input == null || input.isBlank()) {
            return groups;
        }
        for (String orGroup : input.split(";")) {
            if (orGroup.isBlank()) {
                continue;
            }
            Map<String, Object> conditions = new LinkedHashMap<>();
            for (String andPart : orGroup.split(",")) {
                if (andPart.isBlank()) {
                    continue;
                }
                List<String> tokens = tokenize(andPart.strip());
                if (tokens.size() == 3) {
                    put(conditions, key(tokens.get(0), suffix(tokens.get(1), false)), tokens.get(2), andPart);
                } else if (tokens.size() == 5) {
                    String key = tokens.get(2);
                    put(conditions, key(key, suffix(tokens.get(1), true)), tokens.get(0), andPart);
                    put(conditions, key(key, suffix(tokens.get(3), false)), tokens.get(4), andPart);
                } else {
                    throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR,
                            "Cannot parse filter condition '" + andPart.strip() + "': expected key<operator>value");
                }
            }
            groups.add(conditions);
        }
        return groups;
    }

    private static void put(Map<String, Object> conditions, String key, String value, String part) {
        if (key.isEmpty() || value.isEmpty()) {
            throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR,
                    "Cannot parse filter condition '" + part.strip() + "': key or value is empty");
        }
        if (conditions.putIfAbsent(key, value) != null) {
            throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Duplicate criteria in DID filter: " + key);
        }
    }

    private static String key(String key, String suffix) {
        return suffix.isEmpty() ? key : key + "." + suffix;
    }

    /** The key suffix of an operator; {@code reversed} for the left operator of {@code 1<x<5}. */
    private static String suffix(String operator, boolean reversed) {
        String suffix = switch (operator) {
            case "<=" -> "lte";
            case ">=" -> "gte";
            case "==", "=" -> "";
            case "!=" -> "ne";
            case ">" -> "gt";
            case "<" -> "lt";
            default -> throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR, "Operator '" + operator + "' not understood");
        };
        if (!reversed) {
            return suffix;
        }
        return switch (suffix) {
            case "lt" -> "gt";
            case "gt" -> "lt";
            case "lte" -> "gte";
            case "gte" -> "lte";
            case "" -> "";
            default -> throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR,
                    "Operator '" + operator + "' cannot open a compound inequality");
        };
    }

    /** Splits on operators, keeping them as tokens; operands are stripped, empty ones dropped. */
    private static List<String> tokenize(String text) {
        List<String> tokens = new ArrayList<>();
        StringBuilder operand = new StringBuilder();
        int i = 0;
        outer:
        while (i < text.length()) {
            for (String op : OPERATORS) {
                if (text.startsWith(op, i)) {
                    if (!operand.toString().isBlank()) {
                        tokens.add(operand.toString().strip());
                    }
                    operand.setLength(0);
                    tokens.add(op);
                    i += op.length();
                    continue outer;
                }
            }
            operand.append(text.charAt(i++));
        }
        if (!operand.toString().isBlank()) {
            tokens.add(operand.toString().strip());
        }
        return tokens;
    }
}
