package org.laguna.core.rse.expression;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * How Rucio sees attribute values when it evaluates an expression. Rucio keeps attribute values
 * as text: booleans become {@code true}/{@code false} (any spelling of those two words too), and
 * numbers become Python's {@code str()} of them. Numeric tests convert with Python's
 * {@code float()}, where a stored boolean counts as 1 or 0.
 */
final class RucioValues {
    private RucioValues() {
    }

    /** The text Rucio stores for a value; equality tests compare these. */
    static String storedForm(Object value) {
        if (value instanceof Boolean b) {
            return b ? "true" : "false";
        }
        if (value instanceof Number n) {
            return pythonStr(n);
        }
        String text = value instanceof Enum<?> e ? e.name() : String.valueOf(value);
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return text.toLowerCase(Locale.ROOT);
        }
        return text;
    }

    /** The number Rucio reads from a stored value, or empty when Python's float() would refuse it. */
    static OptionalDouble asFloat(Object value) {
        if (value instanceof Boolean b) {
            return OptionalDouble.of(b ? 1 : 0);
        }
        if (value instanceof Number n) {
            return OptionalDouble.of(n.doubleValue());
        }
        String text = value instanceof Enum<?> e ? e.name() : String.valueOf(value);
        if (text.equalsIgnoreCase("true")) {
            return OptionalDouble.of(1);
        }
        if (text.equalsIgnoreCase("false")) {
            return OptionalDouble.of(0);
        }
        return parseFloat(text);
    }

    /**
     * Python's {@code float(str)}: surrounding white space, an optional sign, digits with single
     * underscores between them, an optional fraction and exponent, or {@code inf}, {@code infinity},
     * {@code nan} in any case.
     */
    static OptionalDouble parseFloat(String text) {
        return new FloatScanner(strip(text)).scan();
    }

    /** Python's {@code str()} of a number. */
    static String pythonStr(Number number) {
        if (number instanceof Integer || number instanceof Long || number instanceof Short
                || number instanceof Byte || number instanceof BigInteger) {
            return number.toString();
        }
        return pythonRepr(number.doubleValue());
    }

    /** Python's {@code repr()} of a float: shortest digits, fixed notation for exponents -4 to 15. */
    static String pythonRepr(double value) {
        if (Double.isNaN(value)) {
            return "nan";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        String sign = (value < 0 || (value == 0 && 1 / value < 0)) ? "-" : "";
        if (value == 0) {
            return sign + "0.0";
        }
        BigDecimal decimal = shortestDigits(Math.abs(value));
        String digits = decimal.unscaledValue().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        StringBuilder out = new StringBuilder(sign);
        if (exponent >= -4 && exponent < 16) {
            if (exponent >= 0) {
                String whole = digits.length() > exponent + 1 ? digits.substring(0, exponent + 1)
                        : digits + "0".repeat(exponent + 1 - digits.length());
                String fraction = digits.length() > exponent + 1 ? digits.substring(exponent + 1) : "0";
                out.append(whole).append('.').append(fraction);
            } else {
                out.append("0.").append("0".repeat(-exponent - 1)).append(digits);
            }
            return out.toString();
        }
        out.append(digits.charAt(0));
        if (digits.length() > 1) {
            out.append('.').append(digits, 1, digits.length());
        }
        int magnitude = Math.abs(exponent);
        return out.append('e').append(exponent < 0 ? '-' : '+')
                .append(magnitude < 10 ? "0" : "").append(magnitude).toString();
    }

    /**
     * The shortest decimal that reads back as the value, the closest to it among several. Java's
     * {@link Double#toString} gives that, except that it may give two digits where one would do
     * (4.9E-324 for Python's 5e-324).
     */
    private static BigDecimal shortestDigits(double value) {
        BigDecimal java = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        if (java.precision() != 2) {
            return java;
        }
        BigDecimal exact = new BigDecimal(value);
        BigDecimal best = null;
        for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR, RoundingMode.CEILING}) {
            BigDecimal candidate = java.round(new MathContext(1, mode));
            if (candidate.doubleValue() == value && (best == null
                    || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
                best = candidate;
            }
        }
        return best == null ? java : best.stripTrailingZeros();
    }

    /**
     * Python's float() strips " \t\n\v\f\r" among the ASCII characters and any Unicode white
     * space beyond them (so U+00A0 is stripped but U+001C is not).
     */
    private static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && isSpace(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && isSpace(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    private static boolean isSpace(int codePoint) {
        if (codePoint < 128) {
            return codePoint == ' ' || (codePoint >= '\t' && codePoint <= '\r');
        }
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint) || codePoint == 0x85;
    }

    /** Scans Python's float grammar and rewrites it as plain ASCII for {@link Double#parseDouble}. */
    private static final class FloatScanner {
        private final String text;
        private final StringBuilder ascii = new StringBuilder();
        private int position;
        private boolean broken;

        FloatScanner(String text) {
            this.text = text;
        }

        OptionalDouble scan() {
            boolean negative = false;
            if (position < text.length() && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
                negative = text.charAt(position) == '-';
                position++;
            }
            String word = text.substring(position).toLowerCase(Locale.ROOT);
            if (word.equals("inf") || word.equals("infinity")) {
                return OptionalDouble.of(negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            }
            if (word.equals("nan")) {
                return OptionalDouble.of(Double.NaN);
            }
            if (negative) {
                ascii.append('-');
            }
            boolean whole = digitPart();
            boolean fraction = false;
            if (position < text.length() && text.charAt(position) == '.') {
                position++;
                ascii.append('.');
                fraction = digitPart();
            }
            if (broken || (!whole && !fraction)) {
                return OptionalDouble.empty();
            }
            if (position < text.length() && (text.charAt(position) == 'e' || text.charAt(position) == 'E')) {
                position++;
                ascii.append('e');
                if (position < text.length() && (text.charAt(position) == '+' || text.charAt(position) == '-')) {
                    ascii.append(text.charAt(position++));
                }
                if (!digitPart() || broken) {
                    return OptionalDouble.empty();
                }
            }
            if (broken || position != text.length()) {
                return OptionalDouble.empty();
            }
            return OptionalDouble.of(Double.parseDouble(ascii.toString()));
        }

        /** digit (["_"] digit)*; false when no digit is here or an underscore is not between digits. */
        private boolean digitPart() {
            if (digit() < 0) {
                return false;
            }
            while (position < text.length()) {
                if (text.charAt(position) == '_') {
                    position++;
                    if (digit() < 0) {
                        broken = true;
                        return false;
                    }
                } else if (digit() < 0) {
                    break;
                }
            }
            return true;
        }

        private int digit() {
            if (position >= text.length()) {
                return -1;
            }
            int codePoint = text.codePointAt(position);
            if (Character.getType(codePoint) != Character.DECIMAL_DIGIT_NUMBER) {
                return -1;
            }
            int value = Character.digit(codePoint, 10);
            ascii.append((char) ('0' + value));
            position += Character.charCount(codePoint);
            return value;
        }
    }
}
