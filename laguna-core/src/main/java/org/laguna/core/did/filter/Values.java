package org.laguna.core.did.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Typing of filter values the way Rucio's filter engine reads them. */
public final class Values {
    private static final Pattern INTEGER = Pattern.compile("^[-+]?\\d+$");
    private static final Pattern DECIMAL = Pattern.compile("^[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?$");

    /** Rucio's accepted date formats, all read as UTC. */
    private static final List<DateTimeFormatter> DATE_FORMATS = List.of(
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS'Z'", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS'Z'", Locale.ROOT),
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT),
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'UTC'", Locale.ROOT));

    private Values() {
    }

    /** A number token as Long, BigInteger or BigDecimal; null if it is not a number. */
    public static Object number(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        if (INTEGER.matcher(token).matches()) {
            BigInteger big = new BigInteger(token.startsWith("+") ? token.substring(1) : token);
            return big.bitLength() < 64 ? (Object) big.longValue() : big;
        }
        if (DECIMAL.matcher(token).matches()) {
            return new BigDecimal(token);
        }
        return null;
    }

    /** A date in one of Rucio's formats, or null. */
    public static Instant date(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.trim();
        for (DateTimeFormatter format : DATE_FORMATS) {
            try {
                return LocalDateTime.parse(trimmed, format).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException ignored) {
                // try the next format
            }
        }
        try {
            return Instant.parse(trimmed);
        } catch (DateTimeParseException ignored) {
            return null;
        }
    }

    /** Types a value decoded from the filters (string values are typecast as Rucio does). */
    public static FilterValue of(String key, Object value) {
        return switch (value) {
            case null -> new FilterValue.Null();
            case Boolean b -> new FilterValue.Bool(b);
            case Long l -> new FilterValue.Num(BigDecimal.valueOf(l), l.toString());
            case Integer i -> new FilterValue.Num(BigDecimal.valueOf(i), i.toString());
            case BigInteger b -> new FilterValue.Num(new BigDecimal(b), b.toString());
            case BigDecimal d -> new FilterValue.Num(d, d.toPlainString());
            case Double d -> new FilterValue.Num(BigDecimal.valueOf(d), d.toString());
            case String s -> typecast(s);
            case List<?> l -> throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR,
                    "Filter value of '" + key + "' must be a single value, not a list");
            case Map<?, ?> m -> throw new LagunaException(ErrorCode.DID_FILTER_SYNTAX_ERROR,
                    "Filter value of '" + key + "' must be a single value, not a dictionary");
            default -> new FilterValue.Text(value.toString());
        };
    }

    /** Reads a filter value written as text: booleans, dates, numbers, None, quoted strings. */
    public static FilterValue typecast(String text) {
        String trimmed = text.trim();
        switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "true" -> {
                return new FilterValue.Bool(true);
            }
            case "false" -> {
                return new FilterValue.Bool(false);
            }
            case "none" -> {
                if (trimmed.equals("None")) {
                    return new FilterValue.Null();
                }
            }
            default -> {
                // below
            }
        }
        Instant date = date(trimmed);
        if (date != null) {
            return new FilterValue.Date(date, text);
        }
        Object number = number(trimmed);
        if (number != null) {
            BigDecimal decimal = number instanceof BigDecimal d ? d
                    : number instanceof BigInteger b ? new BigDecimal(b) : BigDecimal.valueOf((Long) number);
            return new FilterValue.Num(decimal, trimmed);
        }
        if (trimmed.length() >= 2 && (trimmed.charAt(0) == '\'' || trimmed.charAt(0) == '"')
                && trimmed.charAt(trimmed.length() - 1) == trimmed.charAt(0)) {
            return new FilterValue.Text(trimmed.substring(1, trimmed.length() - 1));
        }
        return new FilterValue.Text(text);
    }
}
