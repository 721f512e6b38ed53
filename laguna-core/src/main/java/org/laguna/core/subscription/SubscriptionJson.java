package org.laguna.core.subscription;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Reading the loosely typed values of subscription requests, each with a clear InvalidObject. */
final class SubscriptionJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SubscriptionJson() {
    }

    /** A JSON value, or the JSON text of one (Rucio's clients have sent both). */
    static Object value(Object raw, String what) {
        if (raw instanceof String text && !text.isBlank() && (text.strip().startsWith("{") || text.strip().startsWith("["))) {
            try {
                return JSON.readValue(text, Object.class);
            } catch (IOException e) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, what + " is not valid JSON");
            }
        }
        return raw;
    }

    static Map<String, Object> object(Object raw, String what) {
        Object value = value(raw, what);
        if (!(value instanceof Map<?, ?> map)) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, what + " must be a JSON object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    static List<Map<String, Object>> objects(Object raw, String what) {
        Object value = value(raw, what);
        if (!(value instanceof List<?> list)) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, what + " must be a list of JSON objects");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object item : list) {
            out.add(object(item, what + " entry"));
        }
        return out;
    }

    /** One text or a list of texts; empty for null. */
    static List<String> texts(Object raw, String key) {
        if (raw == null) {
            return List.of();
        }
        List<?> values = raw instanceof List<?> list ? list : List.of(raw);
        List<String> out = new ArrayList<>();
        for (Object value : values) {
            if (!(value instanceof String text) || text.isBlank()) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "filter key '" + key + "' must be a text or a list of texts");
            }
            out.add(text);
        }
        return out;
    }

    static String optionalText(Object raw, String key) {
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof String text)) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " must be a text, got " + raw);
        }
        return text.isEmpty() ? null : text;
    }

    /** A whole number (or its text) in min..max; null for null. */
    static Long optionalLong(Object raw, String key, long min, long max) {
        if (raw == null) {
            return null;
        }
        long value;
        if (raw instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            value = number.longValue();
        } else if (raw instanceof String text && text.strip().matches("-?\\d{1,18}")) {
            value = Long.parseLong(text.strip());
        } else {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " must be a whole number, got " + raw);
        }
        if (value < min || value > max) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " must be " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    static boolean bool(Object raw, String key, boolean defaultValue) {
        return switch (raw) {
            case null -> defaultValue;
            case Boolean value -> value;
            case String text when text.equalsIgnoreCase("true") -> true;
            case String text when text.equalsIgnoreCase("false") -> false;
            default -> throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " must be true or false, got " + raw);
        };
    }
}
