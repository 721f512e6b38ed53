package org.laguna.core.common;

import java.util.regex.Pattern;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/**
 * Name rules of the catalogue, following Rucio's schema: each validator returns the value when it
 * is valid and otherwise throws InvalidObject naming the field and the value.
 */
public final class Names {
    public static final int ACCOUNT_LENGTH = 25;
    public static final int SCOPE_LENGTH = 25;
    public static final int NAME_LENGTH = 250;
    public static final int RSE_LENGTH = 255;

    private static final Pattern ACCOUNT = Pattern.compile("^[a-z0-9\\-_]+$");
    private static final Pattern SCOPE = Pattern.compile("^[a-zA-Z_\\-.0-9]+$");
    private static final Pattern NAME = Pattern.compile("^[/A-Za-z0-9][/A-Za-z0-9.\\-_]*$");
    private static final Pattern RSE = Pattern.compile("^([A-Z0-9]+([_-][A-Z0-9]+)*)$");
    private static final Pattern ATTRIBUTE_KEY = Pattern.compile("^[a-zA-Z0-9\\-_/.]{1,255}$");
    private static final Pattern ADLER32 = Pattern.compile("^[a-fA-F\\d]{8}$");
    private static final Pattern MD5 = Pattern.compile("^[a-fA-F\\d]{32}$");

    private Names() {
    }

    public static String account(String value) {
        return check("account", value, ACCOUNT, ACCOUNT_LENGTH);
    }

    public static String scope(String value) {
        return check("scope", value, SCOPE, SCOPE_LENGTH);
    }

    /** A DID name: Rucio's pattern and length, and no {@code ..} path segment. */
    public static String name(String value) {
        check("name", value, NAME, NAME_LENGTH);
        for (String segment : value.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw invalid("name", value, "must not contain '.' or '..' path segments");
            }
        }
        return value;
    }

    public static String rse(String value) {
        return check("rse", value, RSE, RSE_LENGTH);
    }

    public static String attributeKey(String value) {
        return check("key", value, ATTRIBUTE_KEY, 255);
    }

    public static String adler32(String value) {
        return check("adler32", value, ADLER32, 8).toLowerCase(java.util.Locale.ROOT);
    }

    public static String md5(String value) {
        return check("md5", value, MD5, 32).toLowerCase(java.util.Locale.ROOT);
    }

    private static String check(String field, String value, Pattern pattern, int maxLength) {
        if (value == null || value.isEmpty()) {
            throw new LagunaException(ErrorCode.INVALID_OBJECT, "Problem validating " + field + ": it is missing or empty");
        }
        if (value.length() > maxLength) {
            throw invalid(field, value, "is longer than " + maxLength + " characters");
        }
        if (!pattern.matcher(value).matches()) {
            throw invalid(field, value, "does not match " + pattern.pattern());
        }
        return value;
    }

    private static LagunaException invalid(String field, String value, String why) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        StringBuilder printable = new StringBuilder();
        for (char c : shown.toCharArray()) {
            printable.append(Character.isISOControl(c) ? '?' : c);
        }
        return new LagunaException(ErrorCode.INVALID_OBJECT, "Problem validating " + field + " '" + printable + "': " + why);
    }
}
