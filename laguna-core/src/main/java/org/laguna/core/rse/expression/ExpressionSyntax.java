package org.laguna.core.rse.expression;

import java.util.regex.Pattern;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** The lexical rules of Rucio's RSE expressions. */
final class ExpressionSyntax {
    /** An RSE name (or tag) as an expression primitive: letters and digits, single '_' or '-' between them. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9]+(?:[_-][A-Za-z0-9]+)*");
    /** The key of an attribute test. */
    static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+");
    /** The value of an attribute test (no dots: {@code key=1.5} is not an expression). */
    static final Pattern VALUE = Pattern.compile("[A-Za-z0-9_-]+");
    /** A whole attribute test. */
    static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9._-]+[=<>][A-Za-z0-9_-]+");

    private ExpressionSyntax() {
    }

    static LagunaException invalid(String expression, String why) {
        return new LagunaException(ErrorCode.INVALID_RSE_EXPRESSION,
                "Invalid RSE expression '" + printable(expression) + "': " + why);
    }

    static String requireMatch(Pattern pattern, String text, String what) {
        if (text == null || !pattern.matcher(text).matches()) {
            throw new LagunaException(ErrorCode.INVALID_RSE_EXPRESSION,
                    "Invalid " + what + " '" + printable(String.valueOf(text)) + "' in an RSE expression: it must match "
                            + pattern.pattern());
        }
        return text;
    }

    /** The text with control characters escaped, so that a message stays on one line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
