package org.laguna.core.registration;

import java.text.Normalizer;
import java.util.Locale;
import java.util.function.Predicate;
import org.laguna.core.common.Names;

/**
 * Account names made from what an identity provider says about a person: valid for Rucio
 * ({@code a-z 0-9 _ -}) and short enough that the account's own scope {@code user.<account>}
 * is a valid scope too; a name already taken gets the lowest free number appended.
 */
public final class AccountNames {
    /** Scopes are at most 25 characters, and the user's scope is {@code user.} + the account. */
    public static final String SCOPE_PREFIX = "user.";
    public static final int MAX_LENGTH = Names.SCOPE_LENGTH - SCOPE_PREFIX.length();
    private static final String FALLBACK = "user";

    private AccountNames() {
    }

    /**
     * The name a claim's value gives: accents dropped, lower case, every run of other characters
     * turned into one {@code _}, no {@code _} or {@code -} at either end, at most {@link #MAX_LENGTH}
     * characters; {@code user} when nothing is left.
     */
    public static String fromClaim(String value) {
        String plain = Normalizer.normalize(value == null ? "" : value, Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        String name = plain.replaceAll("[^a-z0-9_-]+", "_").replaceAll("^[_-]+|[_-]+$", "");
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, MAX_LENGTH).replaceAll("[_-]+$", "");
        }
        return name.isEmpty() ? FALLBACK : name;
    }

    /** The first of {@code base}, {@code base2}, {@code base3}, ... that is not taken (the base shortened to leave room). */
    public static String firstFree(String base, Predicate<String> taken) {
        if (!taken.test(base)) {
            return base;
        }
        for (int number = 2; ; number++) {
            String suffix = Integer.toString(number);
            String stem = base.length() + suffix.length() > MAX_LENGTH ? base.substring(0, MAX_LENGTH - suffix.length()) : base;
            String candidate = stem + suffix;
            if (!taken.test(candidate)) {
                return candidate;
            }
        }
    }
}
