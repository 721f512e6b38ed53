package org.laguna.core.common;

import java.util.Locale;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Kinds of accounts. */
public enum AccountType {
    USER, GROUP, SERVICE;

    public static AccountType parse(String value) {
        if (value != null) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        throw new LagunaException(ErrorCode.INVALID_OBJECT, "Invalid account type '" + value + "': use USER, GROUP or SERVICE");
    }
}
