package org.laguna.core.common;

import java.util.Locale;
import org.laguna.spi.error.ErrorCode;
import org.laguna.spi.error.LagunaException;

/** The kinds of data identifiers, with Rucio's one-letter codes. */
public enum DidType {
    FILE("F"), DATASET("D"), CONTAINER("C");

    private final String code;

    DidType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public boolean isCollection() {
        return this != FILE;
    }

    /** Accepts the long and short forms in any case: {@code FILE}, {@code file}, {@code F}. */
    public static DidType parse(String value) {
        if (value != null) {
            String upper = value.trim().toUpperCase(Locale.ROOT);
            for (DidType type : values()) {
                if (type.name().equals(upper) || type.code.equals(upper)) {
                    return type;
                }
            }
        }
        throw new LagunaException(ErrorCode.INVALID_OBJECT,
                "Invalid DID type '" + value + "': use FILE, DATASET or CONTAINER");
    }
}
