package org.laguna.core.common;

import java.util.Locale;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** States of a replica, with Rucio's one-letter codes. */
public enum ReplicaState {
    AVAILABLE("A"), UNAVAILABLE("U"), COPYING("C"), BEING_DELETED("B"), BAD("D"), TEMPORARY_UNAVAILABLE("T");

    private final String code;

    ReplicaState(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static ReplicaState parse(String value) {
        if (value != null) {
            String upper = value.trim().toUpperCase(Locale.ROOT);
            for (ReplicaState state : values()) {
                if (state.name().equals(upper) || state.code.equals(upper)) {
                    return state;
                }
            }
        }
        throw new LagunaException(ErrorCode.INVALID_OBJECT, "Invalid replica state '" + value
                + "': use AVAILABLE, UNAVAILABLE, COPYING, BEING_DELETED, BAD or TEMPORARY_UNAVAILABLE");
    }
}
