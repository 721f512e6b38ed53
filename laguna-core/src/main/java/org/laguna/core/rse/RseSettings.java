package org.laguna.core.rse;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * The settable fixed fields of an RSE, checked and mapped to their columns. Input values come as
 * JSON would give them (Boolean, Number, String); Rucio's clients also send booleans as strings.
 */
public final class RseSettings {
    enum Kind { BOOLEAN, TEXT, NUMBER, RSE_TYPE }

    static final Map<String, Kind> FIELDS = Map.ofEntries(
            Map.entry("deterministic", Kind.BOOLEAN), Map.entry("volatile", Kind.BOOLEAN),
            Map.entry("staging_area", Kind.BOOLEAN), Map.entry("rse_type", Kind.RSE_TYPE),
            Map.entry("availability_read", Kind.BOOLEAN), Map.entry("availability_write", Kind.BOOLEAN),
            Map.entry("availability_delete", Kind.BOOLEAN),
            Map.entry("city", Kind.TEXT), Map.entry("region_code", Kind.TEXT), Map.entry("country_name", Kind.TEXT),
            Map.entry("continent", Kind.TEXT), Map.entry("time_zone", Kind.TEXT), Map.entry("ISP", Kind.TEXT),
            Map.entry("ASN", Kind.TEXT), Map.entry("qos_class", Kind.TEXT),
            Map.entry("longitude", Kind.NUMBER), Map.entry("latitude", Kind.NUMBER));

    /** Fields Rucio also keeps as attributes of the RSE. */
    static final java.util.Set<String> MIRRORED_AS_ATTRIBUTES =
            java.util.Set.of("city", "region_code", "country_name", "continent", "time_zone", "ISP", "ASN");

    private RseSettings() {
    }

    /** Checks the values and returns them keyed by column name, typed for JDBC. */
    public static Map<String, Object> columns(Map<String, Object> values) {
        Map<String, Object> columns = new LinkedHashMap<>();
        Object availability = values.get("availability");
        if (availability != null) {
            if (values.containsKey("availability_read") || values.containsKey("availability_write") || values.containsKey("availability_delete")) {
                throw new LagunaException(ErrorCode.INPUT_VALIDATION_ERROR,
                        "'availability' can not be specified with 'availability_read', 'availability_write' or 'availability_delete'");
            }
            int bits = integer("availability", availability);
            if (bits < 0 || bits > 7) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "availability must be 0..7, got " + bits);
            }
            columns.put("availability_read", (bits & 4) != 0);
            columns.put("availability_write", (bits & 2) != 0);
            columns.put("availability_delete", (bits & 1) != 0);
        }
        values.forEach((key, value) -> {
            if (key.equals("availability")) {
                return;
            }
            Kind kind = FIELDS.get(key);
            if (kind == null) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "Unknown RSE field '" + key + "'; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS.keySet())) + ", availability");
            }
            if (value == null) {
                if (kind == Kind.BOOLEAN || kind == Kind.RSE_TYPE) {
                    return;
                }
                columns.put(column(key), null);
                return;
            }
            columns.put(column(key), switch (kind) {
                case BOOLEAN -> bool(key, value);
                case TEXT -> text(key, value);
                case NUMBER -> number(key, value);
                case RSE_TYPE -> rseType(value);
            });
        });
        return columns;
    }

    static String column(String key) {
        return key.toLowerCase(Locale.ROOT);
    }

    static boolean bool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof String s) {
            switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "1", "yes" -> {
                    return true;
                }
                case "false", "0", "no" -> {
                    return false;
                }
                default -> { }
            }
        }
        throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " must be a boolean, got '" + value + "'");
    }

    private static String text(String key, Object value) {
        String text = value.toString();
        if (text.length() > 255) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " is longer than 255 characters");
        }
        return text;
    }

    private static double number(String key, Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " must be a number, got '" + value + "'");
        }
    }

    private static int integer(String key, Object value) {
        if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, key + " must be an integer, got '" + value + "'");
        }
    }

    private static String rseType(Object value) {
        String type = value.toString().trim().toUpperCase(Locale.ROOT);
        if (!type.equals("DISK") && !type.equals("TAPE")) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "rse_type must be DISK or TAPE, got '" + value + "'");
        }
        return type;
    }
}
