package org.laguna.core.subscription;

import java.util.Locale;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** Rucio's subscription states; the transmogrifier serves every state but INACTIVE and BROKEN. */
public enum SubscriptionState {
    ACTIVE("A"), INACTIVE("I"), NEW("N"), UPDATED("U"), BROKEN("B");

    private final String code;

    SubscriptionState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** Whether new DIDs are matched against subscriptions in this state. */
    public boolean serves() {
        return this != INACTIVE && this != BROKEN;
    }

    /** A state by name or by one-letter code, case-insensitive. */
    public static SubscriptionState parse(String text) {
        String value = text == null ? "" : text.strip().toUpperCase(Locale.ROOT);
        for (SubscriptionState state : values()) {
            if (state.name().equals(value) || state.code.equals(value)) {
                return state;
            }
        }
        throw new LagunaException(ErrorCode.INVALID_OBJECT, "Unknown subscription state '" + text
                + "'; use ACTIVE, INACTIVE, NEW, UPDATED or BROKEN");
    }
}
