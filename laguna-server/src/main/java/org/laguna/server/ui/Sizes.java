package org.laguna.server.ui;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Sizes typed into forms: a number of bytes, or a number with a decimal unit ({@code 1.5 TB}), or "unlimited" (-1). */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(?i)(\\d+(?:\\.\\d+)?)\\s*([KMGTPE]?B?)");
    private static final Map<String, Long> UNITS = Map.of("", 1L, "B", 1L, "K", 1_000L, "M", 1_000_000L, "G", 1_000_000_000L,
            "T", 1_000_000_000_000L, "P", 1_000_000_000_000_000L, "E", 1_000_000_000_000_000_000L);

    private Sizes() {
    }

    /** The bytes of the text; {@code what} names the field in the complaint about a text that is no size. */
    static long parse(String text, String what) {
        String value = text == null ? "" : text.strip();
        if (value.equalsIgnoreCase("unlimited") || value.equals("-1")) {
            return -1;
        }
        Matcher matcher = SIZE.matcher(value);
        if (!matcher.matches()) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, what + " must be a number of bytes (such as 5000000000 or 5 GB),"
                    + " or unlimited; got '" + value + "'");
        }
        String unit = matcher.group(2).toUpperCase(Locale.ROOT).replace("B", "");
        try {
            return new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(UNITS.get(unit))).setScale(0, RoundingMode.HALF_UP)
                    .longValueExact();
        } catch (ArithmeticException e) {
            throw new LagunaException(ErrorCode.INVALID_VALUE_FOR_KEY, what + " is too large: " + value);
        }
    }
}
