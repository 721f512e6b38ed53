package org.laguna.server.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.laguna.core.auth.Caller;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Helpers shared by the REST resources: the caller, JSON bodies, parameters, Rucio's dates. */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    public static final String CALLER = "laguna.caller";
    public static final String JSON_STREAM = "application/x-json-stream";
    public static final long MAX_LIFETIME_SECONDS = 1000L * 366 * 24 * 3600;

    /** Rucio's date format in JSON answers: {@code Tue, 03 Nov 2026 10:00:00 UTC}. */
    private static final DateTimeFormatter RUCIO_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Http() {
    }

    public static Caller caller(Context ctx) {
        Caller caller = ctx.attribute(CALLER);
        if (caller == null) {
            throw new LagunaException(ErrorCode.CANNOT_AUTHENTICATE, "No authenticated caller for " + ctx.path());
        }
        return caller;
    }

    public static String date(Instant instant) {
        return instant == null ? null : RUCIO_DATE.format(instant);
    }

    /** The request body as a JSON object; a clear 400 if it is missing, malformed or not an object. */
    public static ObjectNode jsonObject(Context ctx) {
        JsonNode node = jsonBody(ctx, false);
        if (!(node instanceof ObjectNode object)) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "body must be a json dictionary");
        }
        return object;
    }

    /** The request body as a JSON object, or an empty object if there is no body. */
    public static ObjectNode optionalJsonObject(Context ctx) {
        JsonNode node = jsonBody(ctx, true);
        if (node == null) {
            return JSON.createObjectNode();
        }
        if (!(node instanceof ObjectNode object)) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "body must be a json dictionary");
        }
        return object;
    }

    /** The request body as any JSON value (arrays for bulk calls). */
    public static JsonNode jsonBody(Context ctx, boolean optional) {
        byte[] body = BodyLimits.read(ctx);
        if (body.length == 0 || new String(body, 0, Math.min(body.length, 64)).isBlank() && body.length < 64) {
            if (optional) {
                return null;
            }
            throw new LagunaException(ErrorCode.VALUE_ERROR, "cannot decode json parameter: the request body is empty");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, "cannot decode json parameter: " + firstLine(e.getMessage()));
        }
        NulGuard.check(node, "body");
        return requireValidUnicode(node);
    }

    /**
     * Refuses a JSON value with a key or string that is not valid Unicode: a UTF-16 surrogate without its pair,
     * as the escape {@code "\ud800"} makes. The database could only store such text as {@code ?}, changed.
     */
    public static JsonNode requireValidUnicode(JsonNode node) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(node);
        while (!pending.isEmpty()) {
            JsonNode next = pending.pop();
            if (next.isTextual()) {
                requireValidUnicode(next.textValue());
            } else if (next.isObject()) {
                next.properties().forEach(field -> {
                    requireValidUnicode(field.getKey());
                    pending.push(field.getValue());
                });
            } else if (next.isArray()) {
                next.forEach(pending::push);
            }
        }
        return node;
    }

    private static void requireValidUnicode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                String shown = text.length() > 100 ? text.substring(0, 100) + "..." : text;
                throw new LagunaException(ErrorCode.VALUE_ERROR, "cannot decode json parameter: '" + escapeSurrogates(shown)
                        + "' is not valid Unicode (a lone surrogate \\u" + HexFormat.of().toHexDigits(c) + " at character " + i + ")");
            }
        }
    }

    /** The text with unpaired surrogates written as {@code \\uXXXX}, so that a message about them can be shown. */
    private static String escapeSurrogates(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
            if (Character.isSurrogate(c) && !paired) {
                out.append("\\u").append(HexFormat.of().toHexDigits(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Rejects keys that the endpoint does not know, naming them. */
    public static void requireKnownKeys(JsonNode object, String where, Set<String> allowed) {
        object.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "Unknown field '" + key + "' in " + where
                        + "; allowed: " + String.join(", ", new TreeSet<>(allowed)));
            }
        });
    }

    /** A required text field of a JSON object. */
    public static String requiredText(JsonNode object, String key) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            throw new LagunaException(ErrorCode.VALUE_ERROR, key + " not defined");
        }
        if (!value.isTextual()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, key + " must be a string, got " + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return value.asText();
    }

    /** An optional text field; null if absent or null. */
    public static String optionalText(JsonNode object, String key) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new LagunaException(ErrorCode.INVALID_TYPE, key + " must be a string, got " + value.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return value.asText();
    }

    /** An optional integral field; null if absent or null. */
    public static Long optionalLong(JsonNode object, String key) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            if (value.isTextual()) {
                try {
                    return Long.parseLong(value.asText().trim());
                } catch (NumberFormatException ignored) {
                    // fall through to the error below
                }
            }
            throw new LagunaException(ErrorCode.INVALID_TYPE, key + " must be an integer, got " + value);
        }
        return value.asLong();
    }

    /** An optional integral field within {@code [min, max]}; null if absent or null; a 400 naming the bounds otherwise. */
    public static Integer optionalInt(JsonNode object, String key, int min, int max) {
        Long value = optionalLong(object, key, min, max);
        return value == null ? null : value.intValue();
    }

    /** An optional integral field within {@code [min, max]}; null if absent or null; a 400 naming the bounds otherwise. */
    public static Long optionalLong(JsonNode object, String key, long min, long max) {
        Long value = optionalLong(object, key);
        if (value != null && (value < min || value > max)) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, key + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** A lifetime in seconds: not negative, and at most a thousand years, so that now plus it is still a date. */
    public static Long optionalLifetime(JsonNode object, String key) {
        return optionalLong(object, key, 0, MAX_LIFETIME_SECONDS);
    }

    /** An optional boolean field (JSON booleans, or the strings true/false as Rucio's clients send). */
    public static Boolean optionalBool(JsonNode object, String key) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual()) {
            return parseBool(key, value.asText());
        }
        if (value.isIntegralNumber() && (value.asInt() == 0 || value.asInt() == 1)) {
            return value.asInt() == 1;
        }
        throw new LagunaException(ErrorCode.INVALID_TYPE, key + " must be a boolean, got " + value);
    }

    /** A boolean query parameter; Rucio's clients send True/False/true/false/1/0. */
    public static boolean queryBool(Context ctx, String key, boolean defaultValue) {
        String value = ctx.queryParam(key);
        return value == null || value.isBlank() ? defaultValue : parseBool(key, value);
    }

    public static boolean parseBool(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "y" -> true;
            case "false", "0", "no", "n" -> false;
            default -> throw new LagunaException(ErrorCode.INVALID_TYPE, key + " must be true or false, got '" + value + "'");
        };
    }

    /** A map that keeps the order its keys are given in, so answers look the same every time. */
    public static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** Writes a JSON value as {@code application/json}. */
    public static void json(Context ctx, Object value) {
        try {
            ctx.contentType("application/json");
            ctx.result(JSON.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new LagunaException(ErrorCode.INTERNAL, "cannot encode the answer: " + e.getMessage(), e);
        }
    }

    /** Rucio's answer to a successful create: 201 with the body "Created". */
    public static void created(Context ctx) {
        ctx.status(201).result("Created");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
