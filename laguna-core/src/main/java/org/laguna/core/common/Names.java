package org.laguna.core.common;

import java.util.Locale;
import java.util.regex.Pattern;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Name rules of the catalogue, following Rucio's schema. Each validator returns the value when it
 * is valid and otherwise throws INVALID_OBJECT naming the field and the value. Patterns match the
 * whole value: unlike Rucio's, a trailing line feed is not accepted.
 */
public final class Names {
    public static final int ACCOUNT_LENGTH = 25;
    public static final int SCOPE_LENGTH = 25;
    public static final int NAME_LENGTH = 250;
    public static final int RSE_LENGTH = 255;
    public static final int ATTRIBUTE_KEY_LENGTH = 255;

    private static final Rule ACCOUNT = new Rule("account", "[a-z0-9_-]+",
            "lower-case letters, digits, '_' and '-'", ACCOUNT_LENGTH);
    private static final Rule SCOPE = new Rule("scope", "[a-zA-Z0-9_.-]+",
            "letters, digits, '_', '-' and '.'", SCOPE_LENGTH);
    private static final Rule NAME = new Rule("name", "[/A-Za-z0-9][/A-Za-z0-9._-]*",
            "letters, digits, '/', '.', '_' and '-', not starting with '.', '_' or '-'", NAME_LENGTH);
    private static final Rule RSE = new Rule("rse", "[A-Z0-9]+(?:[_-][A-Z0-9]+)*",
            "upper-case letters and digits, with single '_' or '-' between them", RSE_LENGTH);
    private static final Rule ATTRIBUTE_KEY = new Rule("key", "[A-Za-z0-9._-]+",
            "letters, digits, '.', '_' and '-'", ATTRIBUTE_KEY_LENGTH);
    private static final Rule ADLER32 = new Rule("adler32", "[a-fA-F0-9]{8}", "8 hexadecimal digits", 8);
    private static final Rule MD5 = new Rule("md5", "[a-fA-F0-9]{32}", "32 hexadecimal digits", 32);

    private Names() {
    }

    /** An account name: up to 25 of {@code a-z 0-9 _ -}. */
    public static String account(String value) {
        return ACCOUNT.check(value);
    }

    /** A scope: up to 25 of {@code a-z A-Z 0-9 _ - .}. */
    public static String scope(String value) {
        return SCOPE.check(value);
    }

    /**
     * A DID name: up to 250 of {@code a-z A-Z 0-9 / . _ -}, not starting with {@code . _ -}. Beyond
     * Rucio, no path segment may be {@code .} or {@code ..}, so a name cannot climb out of its
     * directory in a deterministic path ({@code a/../b}, {@code /../x}, {@code a/..}, {@code a/./b}).
     */
    public static String name(String value) {
        NAME.check(value);
        for (String segment : value.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw invalid("name", value, "must not contain a '" + segment + "' path segment");
            }
        }
        return value;
    }

    /** An RSE name: upper-case letters and digits with single {@code _} or {@code -} between them. */
    public static String rse(String value) {
        return RSE.check(value);
    }

    /**
     * An RSE attribute key: up to 255 of {@code a-z A-Z 0-9 . _ -}, the characters an RSE expression
     * can name (Rucio itself only limits the length).
     */
    public static String attributeKey(String value) {
        return ATTRIBUTE_KEY.check(value);
    }

    /** An adler32 checksum, returned in lower case. */
    public static String adler32(String value) {
        return ADLER32.check(value).toLowerCase(Locale.ROOT);
    }

    /** An md5 checksum, returned in lower case. */
    public static String md5(String value) {
        return MD5.check(value).toLowerCase(Locale.ROOT);
    }

    /** An account type: {@code USER}, {@code GROUP} or {@code SERVICE} in any case. */
    public static AccountType accountType(String value) {
        return AccountType.parse(value);
    }

    /** A DID type: {@code FILE}, {@code DATASET}, {@code CONTAINER} in any case, or F, D, C. */
    public static DidType didType(String value) {
        return DidType.parse(value);
    }

    /** A replica state by name in any case or by one-letter code. */
    public static ReplicaState replicaState(String value) {
        return ReplicaState.parse(value);
    }

    /** The text with control characters escaped and cut at 100 characters, for messages. */
    static String printable(String value) {
        String shown = value.length() > 100 ? value.substring(0, 100) + "..." : value;
        StringBuilder out = new StringBuilder(shown.length());
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private static LagunaException invalid(String field, String value, String why) {
        return new LagunaException(ErrorCode.INVALID_OBJECT, "Problem validating " + field + " '" + printable(value) + "': " + why);
    }

    private record Rule(String field, Pattern pattern, String allowed, int maxLength) {
        Rule(String field, String regex, String allowed, int maxLength) {
            this(field, Pattern.compile(regex), allowed, maxLength);
        }

        String check(String value) {
            if (value == null || value.isEmpty()) {
                throw new LagunaException(ErrorCode.INVALID_OBJECT, "Problem validating " + field + ": it is missing or empty");
            }
            if (value.codePointCount(0, value.length()) > maxLength) {
                throw invalid(field, value, "is longer than " + maxLength + " characters");
            }
            if (!pattern.matcher(value).matches()) {
                throw invalid(field, value, "may only contain " + allowed);
            }
            return value;
        }
    }
}
