package org.laguna.core.did;

import org.laguna.core.did.filter.DidColumn;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.laguna.core.common.Names;
import org.laguna.core.did.filter.Values;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Which metadata keys are columns of {@code dids} and how their values are typed. Keys that are
 * not columns are kept as they are in the {@code meta} jsonb column.
 */
public final class MetaRules {
    /** A key's column and its typed value (null clears the column). */
    public record ColumnValue(String column, DidColumn.Type kind, Object value) {
    }

    /** Columns that are part of the DID's identity or state, never set as metadata. */
    public static final Set<String> RESERVED = Set.of("scope", "name", "account", "did_type", "type", "is_open", "open",
            "monotonic", "obsolete", "complete", "availability", "suppressed", "created_at", "updated_at", "closed_at",
            "meta", "created_before", "created_after");

    /** Keys that only a file has; their values are copied into the contents rows of the file. */
    public static final Set<String> FILE_ONLY = Set.of("bytes", "adler32", "md5", "guid", "events");

    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9_\\-/]{1,255}$");

    private MetaRules() {
    }

    /** Checks a metadata key: Rucio reserves '.' for filter operators. */
    public static String key(String key) {
        if (key == null || key.isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_METADATA, "Metadata key is missing or empty");
        }
        if (key.indexOf('.') >= 0) {
            throw new LagunaException(ErrorCode.INVALID_METADATA, "Restricted character \".\" found in metadata key '"
                    + printable(key) + "'. Reason: Used as a delimiter for key and operator (<key>.<operator>) in filtering engine.");
        }
        if (!KEY.matcher(key).matches()) {
            throw new LagunaException(ErrorCode.INVALID_METADATA, "Invalid metadata key '" + printable(key) + "': use letters, digits, '_', '-' or '/'");
        }
        if (RESERVED.contains(key)) {
            throw new LagunaException(ErrorCode.INVALID_METADATA, "Metadata key '" + key + "' cannot be set: it is part of the DID's identity or state");
        }
        return key;
    }

    /** True if the key is a column of dids (or {@code lifetime}, which sets expired_at). */
    public static boolean isColumn(String key) {
        return DidColumn.settable(key).isPresent() || key.equals("lifetime");
    }

    /** The column and typed value of a column key; throws InvalidValueForKey naming key and value. */
    public static ColumnValue column(String key, JsonNode value, Instant now) {
        if (key.equals("lifetime")) {
            return lifetime(value, now);
        }
        DidColumn column = DidColumn.settable(key).orElseThrow(() -> new IllegalArgumentException("not a column: " + key));
        if (value == null || value.isNull()) {
            return new ColumnValue(key, column.type(), null);
        }
        Object typed = switch (column.type()) {
            case TEXT -> text(column, value);
            case INTEGER -> integer(key, value);
            case BOOLEAN -> bool(key, value);
            case TIME -> time(key, value);
            case UUID -> uuid(key, value);
            case MD5, ADLER32 -> checksum(column, value);
        };
        return new ColumnValue(key, column.type(), typed);
    }

    /** {@code lifetime} in seconds from now sets expired_at; null clears it. */
    private static ColumnValue lifetime(JsonNode value, Instant now) {
        if (value == null || value.isNull()) {
            return new ColumnValue("expired_at", DidColumn.Type.TIME, null);
        }
        BigDecimal seconds = decimal("lifetime", value);
        if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(100L * 365 * 24 * 3600)) > 0) {
            throw invalid("lifetime", value, "expected a number of seconds between 0 and 100 years");
        }
        return new ColumnValue("expired_at", DidColumn.Type.TIME,
                Timestamp.from(now.plus(Duration.ofMillis(seconds.movePointRight(3).longValue()))));
    }

    private static String text(DidColumn column, JsonNode value) {
        String text = value.isTextual() ? value.asText() : value.isNumber() ? value.asText() : null;
        if (text == null) {
            throw invalid(column.column(), value, "expected a string");
        }
        if (text.length() > column.maxLength()) {
            throw invalid(column.column(), value, "longer than " + column.maxLength() + " characters");
        }
        return text;
    }

    private static long integer(String key, JsonNode value) {
        BigDecimal number = decimal(key, value);
        long l;
        try {
            l = number.longValueExact();
        } catch (ArithmeticException e) {
            throw invalid(key, value, "expected an integer");
        }
        if (l < 0) {
            throw invalid(key, value, "expected a non-negative integer");
        }
        return l;
    }

    private static boolean bool(String key, JsonNode value) {
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        return switch (value.asText().strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw invalid(key, value, "expected true or false");
        };
    }

    private static Timestamp time(String key, JsonNode value) {
        Instant instant = value.isTextual() ? Values.date(value.asText()) : null;
        if (instant == null && value.isTextual()) {
            instant = dateOnly(value.asText());
        }
        if (instant == null) {
            throw invalid(key, value, "expected a date such as 2026-01-31T12:00:00 or 2026-01-31");
        }
        return Timestamp.from(instant);
    }

    private static UUID uuid(String key, JsonNode value) {
        UUID uuid = value.isTextual() ? guid(value.asText()) : null;
        if (uuid == null) {
            throw invalid(key, value, "expected a GUID");
        }
        return uuid;
    }

    private static String checksum(DidColumn column, JsonNode value) {
        boolean md5 = column.type() == DidColumn.Type.MD5;
        try {
            return md5 ? Names.md5(value.asText()) : Names.adler32(value.asText());
        } catch (LagunaException e) {
            throw invalid(column.column(), value, md5 ? "expected 32 hexadecimal digits" : "expected 8 hexadecimal digits");
        }
    }

    /** A GUID with or without dashes; null if it is not one. */
    public static UUID guid(String text) {
        String raw = text.strip();
        if (raw.length() == 32 && raw.matches("[0-9a-fA-F]{32}")) {
            raw = raw.substring(0, 8) + "-" + raw.substring(8, 12) + "-" + raw.substring(12, 16) + "-" + raw.substring(16, 20) + "-" + raw.substring(20);
        }
        if (!raw.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
            return null;
        }
        return UUID.fromString(raw);
    }

    /** Rucio's way of showing a GUID: 32 upper-case hexadecimal digits. */
    public static String showGuid(UUID guid) {
        return guid == null ? null : guid.toString().replace("-", "").toUpperCase(Locale.ROOT);
    }

    private static Instant dateOnly(String text) {
        try {
            return LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static BigDecimal decimal(String key, JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isTextual()) {
            try {
                return new BigDecimal(value.asText().strip());
            } catch (NumberFormatException e) {
                throw invalid(key, value, "expected a number");
            }
        }
        throw invalid(key, value, "expected a number");
    }

    private static LagunaException invalid(String key, JsonNode value, String why) {
        String shown = value.isTextual() ? value.asText() : value.toString();
        return new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY,
                "Invalid value '" + printable(shown) + "' for key '" + key + "': " + why);
    }

    private static String printable(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
        StringBuilder out = new StringBuilder();
        for (char c : shown.toCharArray()) {
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
